import {
  Arn,
  CfnElement,
  ITaggable,
  TagManager,
  TagType,
  ArnFormat,
  NestedStack,
  RemovalPolicy,
  Stack,
  aws_events as events,
  aws_iam as iam,
  aws_logs as logs,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HEARTBEAT_METRIC, LOG_RETENTION_DAYS } from '@keywatch/shared';
import type { HeartbeatAlarm, HeartbeatMonitorPlan } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';
import { HEARTBEAT_LOG_GROUP_NAME, HEARTBEAT_RULE_NAME, heartbeatAlarmName } from '../names';
import { accountRegionCountFilter } from '../private/account-region-count-filter';
import { cdkLogicalId } from '../private/logical-id';

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
  /** The liveness alarms, in groups of up to HEARTBEAT_ALARMS_PER_NESTED_STACK, in plan order. */
  public readonly alarms: LivenessAlarms[] = [];

  constructor(scope: Construct, id: string, props: HeartbeatMonitorProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 14;
    if (!LOG_RETENTION_DAYS.includes(retentionDays)) {
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
    this.rule.addTarget(DeliveryTarget.logGroup(logGroupName, { deadLetterQueue: props.deadLetterQueue, retry: ALERT_RETRY }));
    this.filters = plan.filters.map((f) => {
      const filter = accountRegionCountFilter(this, `Filter${f.id}`, {
        logGroupName,
        filterName: `keywatch-heartbeats-${f.id}`,
        filterPattern: f.filterPattern,
        metric: HEARTBEAT_METRIC,
      });
      filter.node.addDependency(this.logGroup);
      return filter;
    });

    const topicArn = props.topic.topicArn;
    const inStack = plan.alarms.length <= HEARTBEAT_ALARMS_IN_STACK;
    for (let start = 0, part = 1; start < plan.alarms.length; start += HEARTBEAT_ALARMS_PER_NESTED_STACK, part++) {
      const scopeOfAlarms = inStack ? this : new NestedStack(this, `Alarms${part}`, { description: `keywatch liveness alarms, part ${part}` });
      const chunk = inStack ? plan.alarms : plan.alarms.slice(start, start + HEARTBEAT_ALARMS_PER_NESTED_STACK);
      this.alarms.push(new LivenessAlarms(scopeOfAlarms, `LivenessAlarms${part}`, { cells: chunk, plan, topicArn }));
      if (inStack) break;
    }
  }
}

/** Properties of LivenessAlarms. */
export interface LivenessAlarmsProps {
  /** The account × region cells to alarm on (entries of plan.alarms). */
  readonly cells: readonly HeartbeatAlarm[];
  /** The heartbeat plan (interval and heartbeats per interval). */
  readonly plan: HeartbeatMonitorPlan;
  /** Topic the alarms notify on ALARM and OK. */
  readonly topicArn: string;
}

/**
 * The liveness alarms of `cells` (one AWS::CloudWatch::Alarm per account × region: heartbeats SUM over one interval below
 * the heartbeats per interval in 2 of 3 intervals, missing data breaching, ALARM and OK actions on the topic), rendered
 * by one template element instead of one construct each. An organization of 5,000 accounts × 17 regions has 85,000 of
 * them, and a construct per alarm (cloudwatch.Alarm with its Metric) cost most of synth's time there. Each alarm keeps
 * the logical ID aws-cdk-lib gives the L1 resource at `<cell id>/Resource` under this element's scope (makeUniqueId:
 * the path's alphanumerics and the first 8 hex digits of its MD5), and the tags Tags.of() gives (it is ITaggable), so
 * the templates are the same as with one construct per alarm (tested against cloudwatch.Alarm).
 */
export class LivenessAlarms extends CfnElement implements ITaggable {
  /** The logical IDs of the alarms, in `cells` order. */
  public readonly logicalIds: string[];
  /** Tags of every alarm (the Tags aspect sets them, as on an AWS::CloudWatch::Alarm resource). */
  public readonly tags = new TagManager(TagType.KEY_VALUE, 'AWS::CloudWatch::Alarm');
  private readonly props: LivenessAlarmsProps;
  private readonly pathPrefix: string[];

  constructor(scope: Construct, id: string, props: LivenessAlarmsProps) {
    super(scope, id);
    this.props = props;
    const stack = Stack.of(scope);
    // Path of `scope` below its stack, as CDK's logical IDs see it.
    this.pathPrefix = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
    this.logicalIds = props.cells.map((cell) => cdkLogicalId([...this.pathPrefix, cell.id, 'Resource']));
  }

  /** @internal */
  public _toCloudFormation(): object {
    const { cells, plan, topicArn } = this.props;
    const tags = this.tags.renderTags() as unknown;
    const resources: Record<string, unknown> = {};
    cells.forEach((cell, i) => {
      const name = cell.accountName === undefined ? cell.account : `${cell.account} (${cell.accountName})`;
      // Keys in the order aws-cdk-lib renders CfnAlarm (alphabetical), so the text is byte for byte the same.
      resources[this.logicalIds[i]] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmActions: [topicArn],
          AlarmDescription:
            `keywatch: no heartbeat from account ${name} in ${cell.region} in 2 of the last 3 intervals of ${plan.intervalMinutes} minutes. ` +
            `Its keywatch rules, heartbeat schedules, forwarding role or stack instance were changed, deleted or broken, or the account is not in the ` +
            `StackSet's OUs: access-key alerts from there may not reach you. Check with: keywatch audit --liveness`.slice(0, 1024),
          AlarmName: heartbeatAlarmName(cell.account, cell.region),
          ComparisonOperator: 'LessThanThreshold',
          DatapointsToAlarm: 2,
          Dimensions: [
            { Name: 'account', Value: cell.account },
            { Name: 'region', Value: cell.region },
          ],
          EvaluationPeriods: 3,
          MetricName: HEARTBEAT_METRIC.name,
          Namespace: HEARTBEAT_METRIC.namespace,
          OKActions: [topicArn],
          Period: plan.intervalMinutes * 60,
          Statistic: 'Sum',
          ...(tags === undefined ? {} : { Tags: tags }),
          Threshold: plan.heartbeatsPerInterval,
          TreatMissingData: 'breaching',
        },
      };
    });
    return { Resources: resources };
  }
}
