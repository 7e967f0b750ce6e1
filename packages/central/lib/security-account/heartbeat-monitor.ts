import {
  Arn,
  ArnFormat,
  Duration,
  NestedStack,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_events as events,
  aws_iam as iam,
  aws_logs as logs,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HEARTBEAT_METRIC } from '@keywatch/shared';
import type { HeartbeatAlarm, HeartbeatMonitorPlan } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';
import { HEARTBEAT_ALARM_PREFIX, HEARTBEAT_LOG_GROUP_NAME, HEARTBEAT_RULE_NAME } from '../names';

/** Liveness alarms kept in the central stack itself; above this many they go into nested stacks (CloudFormation: 500 resources per template). */
export const HEARTBEAT_ALARMS_IN_STACK = 200;

/** Liveness alarms per nested stack (each alarm is one resource; the rest of the 500 is headroom). */
export const HEARTBEAT_ALARMS_PER_NESTED_STACK = 400;

/** Properties of a HeartbeatMonitor. */
export interface HeartbeatMonitorProps {
  /** The heartbeat plan (`plan.heartbeat`). */
  readonly plan: HeartbeatMonitorPlan;
  /** The receiver bus the heartbeat rule lives on. */
  readonly bus: events.IEventBus;
  /** Dead-letter queue of the heartbeat log target. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Topic the liveness alarms notify (ALARM and OK). */
  readonly topic: sns.ITopic;
  /**
   * Days the heartbeat log keeps heartbeats.
   * @default 14
   */
  readonly retentionDays?: number;
  /**
   * Name of the heartbeat log group (a shard bus's monitor has its own: metric filters are limited per log group).
   * @default HEARTBEAT_LOG_GROUP_NAME ('/keywatch/heartbeats')
   */
  readonly logGroupName?: string;
  /**
   * Which heartbeat log groups the CloudWatch Logs resource policy of this monitor admits EventBridge to: only its own,
   * every group whose name starts with HEARTBEAT_LOG_GROUP_NAME (the primary monitor when there are shard buses: an
   * account and region may hold only 10 resource policies), or none (a shard's monitor, covered by the primary's).
   * @default 'own'
   */
  readonly resourcePolicy?: 'own' | 'every-heartbeat-log-group' | 'none';
}

/**
 * Counts the heartbeats of every account × region without Lambda, and alarms when one goes silent: a receiver bus rule
 * (source keywatch.heartbeat) writes every heartbeat to the log group '/keywatch/heartbeats' (default 14 days); one metric
 * filter per region (and range of account IDs) counts them as keywatch/Heartbeats with dimensions account and region;
 * one alarm per expected account × region (`keywatch-heartbeat-<account>-<region>`) goes to ALARM when fewer heartbeats
 * than the account's forwarding rules arrive in 2 of the last 3 intervals, missing data breaching. Above
 * HEARTBEAT_ALARMS_IN_STACK alarms, the alarms go into nested stacks of HEARTBEAT_ALARMS_PER_NESTED_STACK.
 */
export class HeartbeatMonitor extends Construct {
  /** The heartbeat log group. */
  public readonly logGroup: logs.LogGroup;
  /** The receiver bus rule. */
  public readonly rule: events.Rule;
  /** The metric filters, in plan order. */
  public readonly filters: logs.CfnMetricFilter[];
  /** The liveness alarms, in plan order. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: HeartbeatMonitorProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 14;
    if (!Object.values(logs.RetentionDays).includes(retentionDays as logs.RetentionDays) || retentionDays <= 0) {
      throw new Error(`'retentionDays' must be a CloudWatch Logs retention value such as 14; got '${retentionDays}'`);
    }
    const { plan } = props;
    const logGroupName = props.logGroupName ?? HEARTBEAT_LOG_GROUP_NAME;
    const policyScope = props.resourcePolicy ?? 'own';
    // Heartbeats are evidence of liveness only, kept short; the alarms hold their history.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: retentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stack = Stack.of(this);
    if (policyScope !== 'none') {
      const covered = policyScope === 'own' ? logGroupName : `${HEARTBEAT_LOG_GROUP_NAME}*`;
      new logs.ResourcePolicy(this, 'EventBridgeAccess', {
        resourcePolicyName: 'keywatch-eventbridge-heartbeats',
        policyStatements: [
          new iam.PolicyStatement({
            sid: 'AllowEventBridgeToWriteHeartbeats',
            principals: [new iam.ServicePrincipal('events.amazonaws.com')],
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [Arn.format({ service: 'logs', resource: 'log-group', resourceName: `${covered}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack)],
          }),
        ],
      });
    }
    this.rule = ruleFromCompiled(this, plan.rule, { id: 'Rule', eventBus: props.bus, state: ruleState(true), ruleName: HEARTBEAT_RULE_NAME });
    this.rule.addTarget(
      new DeliveryTarget({
        arn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        deadLetterQueue: props.deadLetterQueue,
        retry: ALERT_RETRY,
      }),
    );
    this.filters = plan.filters.map((f) => {
      const filter = new logs.CfnMetricFilter(this, `Filter${f.id}`, {
        logGroupName,
        filterName: `keywatch-heartbeats-${f.id}`,
        filterPattern: f.filterPattern,
        metricTransformations: [
          {
            metricNamespace: HEARTBEAT_METRIC.namespace,
            metricName: HEARTBEAT_METRIC.name,
            metricValue: '1',
            unit: 'Count',
            // No defaultValue: CloudWatch refuses one with dimensions, and missing data is what the alarms look for.
            dimensions: [
              { key: 'account', value: '$.account' },
              { key: 'region', value: '$.region' },
            ],
          },
        ],
      });
      filter.node.addDependency(this.logGroup);
      return filter;
    });

    const action = new actions.SnsAction(props.topic);
    const inStack = plan.alarms.length <= HEARTBEAT_ALARMS_IN_STACK;
    for (let start = 0, part = 1; start < plan.alarms.length; start += HEARTBEAT_ALARMS_PER_NESTED_STACK, part++) {
      const scopeOfAlarms = inStack ? this : new NestedStack(this, `Alarms${part}`, { description: `keywatch liveness alarms, part ${part}` });
      const chunk = inStack ? plan.alarms : plan.alarms.slice(start, start + HEARTBEAT_ALARMS_PER_NESTED_STACK);
      for (const cell of chunk) {
        this.alarms.push(livenessAlarm(scopeOfAlarms, cell, plan, action));
      }
      if (inStack) break;
    }
  }
}

/** The alarm of one account × region. */
function livenessAlarm(scope: Construct, cell: HeartbeatAlarm, plan: HeartbeatMonitorPlan, action: actions.SnsAction): cloudwatch.Alarm {
  const name = cell.accountName === undefined ? cell.account : `${cell.account} (${cell.accountName})`;
  const alarm = new cloudwatch.Alarm(scope, cell.id, {
    alarmName: `${HEARTBEAT_ALARM_PREFIX}${cell.account}-${cell.region}`,
    alarmDescription:
      `keywatch: no heartbeat from account ${name} in ${cell.region} in 2 of the last 3 intervals of ${plan.intervalMinutes} minutes. ` +
      `Its keywatch rules, heartbeat schedules, forwarding role or stack instance were changed, deleted or broken, or the account is not in the ` +
      `StackSet's OUs: access-key alerts from there may not reach you. Check with: keywatch audit --liveness`.slice(0, 1024),
    metric: new cloudwatch.Metric({
      namespace: HEARTBEAT_METRIC.namespace,
      metricName: HEARTBEAT_METRIC.name,
      dimensionsMap: { account: cell.account, region: cell.region },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(plan.intervalMinutes),
    }),
    threshold: plan.heartbeatsPerInterval,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
