/** Name of the service-managed StackSet that deploys the sender to member accounts (default 'keywatch-sender'). */
export const SENDER_STACKSET_NAME = 'keywatch-sender';

/** Prefix of the per-region sender stacks in the management account: `keywatch-management-<region>`. */
export const MANAGEMENT_STACK_PREFIX = 'keywatch-management-';

/** Name of the central stack in the security account (default 'keywatch-central'). */
export const CENTRAL_STACK_NAME = 'keywatch-central';

/** CloudWatch Logs group that receives one JSON object per alert (default '/keywatch/alerts'). */
export const ALERT_LOG_GROUP_NAME = '/keywatch/alerts';

/** Name of the stack with the CloudTrail table and Athena workgroup of `keywatch hunt` (deployed only when hunt.deploy is true). */
export const HUNT_STACK_NAME = 'keywatch-hunt';
