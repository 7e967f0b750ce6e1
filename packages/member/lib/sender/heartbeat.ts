import { Aws, aws_iam as iam, aws_scheduler as scheduler } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_SCHEDULE_PREFIX, HEARTBEAT_SOURCE } from '@keywatch/shared';
import type { HeartbeatDetail } from '@keywatch/shared';

/** Properties of a Heartbeat. */
export interface HeartbeatProps {
  /** Plan ids of the forwarding rules whose `$or` branch carries a heartbeat (`plan.sender` ids), one schedule each. */
  readonly ruleIds: readonly string[];
  /** Minutes between heartbeats (1 to 60; the configuration allows 5 to 60). */
  readonly intervalMinutes: number;
}

/**
 * One EventBridge Scheduler schedule per forwarding rule (named `keywatch-heartbeat-<rule id>`, default schedule group,
 * no flexible window) that puts a `keywatch.heartbeat` event naming that rule on this account's default bus every
 * `intervalMinutes`, through one unnamed role allowed only events:PutEvents on the default bus. The forwarding rule
 * carries it to the receiver bus like an alert. No Lambda, no named IAM (default: nothing beyond the props).
 */
export class Heartbeat extends Construct {
  /** The schedules, in ruleIds order. */
  public readonly schedules: scheduler.CfnSchedule[];
  /** The role EventBridge Scheduler assumes to put the heartbeats. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: HeartbeatProps) {
    super(scope, id);
    const minutes = props.intervalMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw new Error(`'intervalMinutes' must be a whole number from 1 to 60; got '${minutes}'`);
    }
    if (props.ruleIds.length === 0) {
      throw new Error(`'ruleIds' must name at least one forwarding rule; got '[]'`);
    }
    const defaultBus = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`;
    this.role = new iam.Role(this, 'Role', {
      description: 'keywatch: lets EventBridge Scheduler put heartbeat events on the default event bus',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
      inlinePolicies: {
        PutHeartbeatsOnDefaultBus: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [defaultBus] })],
        }),
      },
    });
    this.schedules = props.ruleIds.map((ruleId) => {
      const detail: HeartbeatDetail = { rule: ruleId, intervalMinutes: minutes };
      return new scheduler.CfnSchedule(this, ruleId, {
        name: `${HEARTBEAT_SCHEDULE_PREFIX}${ruleId}`,
        description: `keywatch: heartbeat of forwarding rule ${ruleId}, every ${minutes} minutes`,
        scheduleExpression: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: defaultBus,
          roleArn: this.role.roleArn,
          input: JSON.stringify(detail),
          eventBridgeParameters: { source: HEARTBEAT_SOURCE, detailType: HEARTBEAT_DETAIL_TYPE },
          // A heartbeat older than one interval is worth nothing: the next one is on its way.
          retryPolicy: { maximumEventAgeInSeconds: Math.max(60, minutes * 60), maximumRetryAttempts: 3 },
        },
      });
    });
  }
}
