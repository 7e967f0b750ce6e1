import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  Duration,
  Tags,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_events as events,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { planHeartbeatMonitor } from '@keywatch/shared';
import { HEARTBEAT_ALARMS_PER_NESTED_STACK, HeartbeatMonitor } from '@keywatch/central';
import { newTestStack } from '../../helpers/synth';

function monitor(accounts: number, regions = ['us-east-1', 'eu-west-1']) {
  const stack = newTestStack();
  const plan = planHeartbeatMonitor({
    accounts: Array.from({ length: accounts }, (_, i) => ({ id: String(100000000000 + i), name: i === 0 ? 'management' : undefined })),
    regions,
    intervalMinutes: 15,
    forwardingRules: 4,
  });
  const m = new HeartbeatMonitor(stack, 'Heartbeat', {
    plan,
    bus: new events.EventBus(stack, 'Bus', { eventBusName: 'keywatch-receiver' }),
    deadLetterQueue: new sqs.Queue(stack, 'Dlq'),
    topic: new sns.Topic(stack, 'Topic'),
  });
  return { stack, plan, m };
}

describe('HeartbeatMonitor', () => {
  test('a receiver bus rule takes only heartbeats to /keywatch/heartbeats, with a DLQ and no role', () => {
    const { stack } = monitor(2);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Bus') },
      EventPattern: { source: ['keywatch.heartbeat'], 'detail-type': ['keywatch heartbeat'] },
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Targets: [
        Match.objectLike({
          Arn: 'arn:aws:logs:us-east-1:111111111111:log-group:/keywatch/heartbeats',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Dlq'), 'Arn'] } },
          RoleArn: Match.absent(),
          InputTransformer: Match.absent(),
        }),
      ],
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/keywatch/heartbeats', RetentionInDays: 14 });
    t.hasResourceProperties('AWS::Logs::ResourcePolicy', {
      PolicyName: 'keywatch-eventbridge-heartbeats',
      PolicyDocument: Match.serializedJson(
        Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })],
        }),
      ),
    });
    expect(Object.keys(t.findResources('AWS::Lambda::Function'))).toEqual([]);
  });

  test('one metric filter per region counts keywatch/Heartbeats by account and region, without a default value', () => {
    const { stack } = monitor(2);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Logs::MetricFilter', 2);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: '/keywatch/heartbeats',
      FilterPattern: '{ ($.source = "keywatch.heartbeat") && ($.region = "eu-west-1") }',
      MetricTransformations: [
        {
          MetricNamespace: 'keywatch',
          MetricName: 'Heartbeats',
          MetricValue: '1',
          Unit: 'Count',
          DefaultValue: Match.absent(),
          Dimensions: [
            { Key: 'account', Value: '$.account' },
            { Key: 'region', Value: '$.region' },
          ],
        },
      ],
    });
  });

  test('one alarm per account × region: fewer heartbeats than forwarding rules in 2 of 3 intervals, missing data breaching, ALARM and OK notify', () => {
    const { stack } = monitor(2);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'keywatch-heartbeat-100000000000-eu-west-1',
      AlarmDescription: Match.stringLikeRegexp(
        '^keywatch: no heartbeat from account 100000000000 \\(management\\) in eu-west-1 in 2 of the last 3 intervals of 15 minutes',
      ),
      Namespace: 'keywatch',
      MetricName: 'Heartbeats',
      Dimensions: Match.arrayWith([
        { Name: 'account', Value: '100000000000' },
        { Name: 'region', Value: 'eu-west-1' },
      ]),
      Statistic: 'Sum',
      Period: 900,
      Threshold: 4,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('above 200 alarms they go into nested stacks of at most 400, so no template nears 500 resources', () => {
    const { stack, m } = monitor(300, ['us-east-1', 'eu-west-1', 'eu-central-1']); // 900 alarms
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    t.resourceCountIs('AWS::CloudFormation::Stack', Math.ceil(900 / HEARTBEAT_ALARMS_PER_NESTED_STACK));
    expect(m.alarms.flatMap((group) => group.logicalIds)).toHaveLength(900);
    expect(new Set(m.alarms.map((a) => a.node.scope!.node.id))).toEqual(new Set(['Alarms1', 'Alarms2', 'Alarms3']));
  });

  test('renders each alarm exactly as cloudwatch.Alarm with an SNS action does (logical ID, properties, tags)', () => {
    // GIVEN the monitor's alarms, and the same alarms built with the L2 construct (the oracle), both tagged
    const { stack, plan } = monitor(3);
    Tags.of(stack).add('keywatch:component', 'central');
    const oracle = newTestStack(undefined, 'Oracle');
    Tags.of(oracle).add('keywatch:component', 'central');
    const topic = new sns.Topic(oracle, 'Topic');
    const scope = new Construct(oracle, 'Heartbeat');
    for (const cell of plan.alarms) {
      const name = cell.accountName === undefined ? cell.account : `${cell.account} (${cell.accountName})`;
      const alarm = new cloudwatch.Alarm(scope, cell.id, {
        alarmName: `keywatch-heartbeat-${cell.account}-${cell.region}`,
        alarmDescription:
          `keywatch: no heartbeat from account ${name} in ${cell.region} in 2 of the last 3 intervals of 15 minutes. ` +
          `Its keywatch rules, heartbeat schedules, forwarding role or stack instance were changed, deleted or broken, or the account is not in the ` +
          `StackSet's OUs: access-key alerts from there may not reach you. Check with: keywatch audit --liveness`,
        metric: new cloudwatch.Metric({
          namespace: 'keywatch',
          metricName: 'Heartbeats',
          dimensionsMap: { account: cell.account, region: cell.region },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(15),
        }),
        threshold: 4,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    // THEN the alarm resources are the same, with the same logical IDs
    const alarms = (t: Template) => JSON.stringify(t.findResources('AWS::CloudWatch::Alarm')).replace(/"Topic[0-9A-F]{8}"/g, '"Topic"');
    expect(Object.keys(Template.fromStack(oracle).findResources('AWS::CloudWatch::Alarm'))).toHaveLength(6);
    expect(alarms(Template.fromStack(stack))).toEqual(alarms(Template.fromStack(oracle)));
  });

  test('a bad retention is rejected with the prop name', () => {
    const stack = newTestStack();
    const plan = planHeartbeatMonitor({ accounts: [{ id: '111111111111' }], regions: ['us-east-1'], intervalMinutes: 15, forwardingRules: 1 });
    expect(
      () =>
        new HeartbeatMonitor(stack, 'H', {
          plan,
          bus: new events.EventBus(stack, 'Bus', { eventBusName: 'b' }),
          deadLetterQueue: new sqs.Queue(stack, 'Dlq'),
          topic: new sns.Topic(stack, 'Topic'),
          retentionDays: 2,
        }),
    ).toThrow(/'retentionDays' must be a CloudWatch Logs retention value such as 14; got '2'/);
  });
});
