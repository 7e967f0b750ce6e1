/** Name of the service-managed StackSet that deploys the sender to member accounts (default 'keywatch-sender'); defined in shared, where the tamper pattern names its stack instances. */
export { SENDER_STACKSET_NAME } from '@keywatch/shared';

/** Prefix of the per-region sender stacks in the management account: `keywatch-management-<region>`. */
export const MANAGEMENT_STACK_PREFIX = 'keywatch-management-';

/** Name of the central stack in the security account (default 'keywatch-central'). */
export const CENTRAL_STACK_NAME = 'keywatch-central';

/** CloudWatch Logs group that receives one JSON object per alert (default '/keywatch/alerts'). */
export const ALERT_LOG_GROUP_NAME = '/keywatch/alerts';

/** CloudWatch Logs group that receives every heartbeat of every forwarding rule (default '/keywatch/heartbeats'). */
export const HEARTBEAT_LOG_GROUP_NAME = '/keywatch/heartbeats';

/** Prefix of the liveness alarms: `keywatch-heartbeat-<account>-<region>`. */
export const HEARTBEAT_ALARM_PREFIX = 'keywatch-heartbeat-';

/** The name of the liveness alarm of `account` in `region` (no default): `keywatch-heartbeat-<account>-<region>`. */
export function heartbeatAlarmName(account: string, region: string): string {
  return `${HEARTBEAT_ALARM_PREFIX}${account}-${region}`;
}

/** The account and region a liveness alarm name stands for, or undefined when `name` is not one (the inverse of heartbeatAlarmName). */
export function parseHeartbeatAlarmName(name: string): { readonly account: string; readonly region: string } | undefined {
  const m = /^(\d{12})-([a-z0-9-]+)$/.exec(name.startsWith(HEARTBEAT_ALARM_PREFIX) ? name.slice(HEARTBEAT_ALARM_PREFIX.length) : '');
  return m ? { account: m[1], region: m[2] } : undefined;
}

/** Name of the receiver bus rule that writes heartbeats to the heartbeat log. */
export const HEARTBEAT_RULE_NAME = 'keywatch-heartbeats';

/** Name of the stack with the CloudTrail table and Athena workgroup of `keywatch hunt` (deployed only when hunt.deploy is true). */
export const HUNT_STACK_NAME = 'keywatch-hunt';
