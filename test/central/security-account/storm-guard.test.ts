import { Duration, aws_events as events, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { StormGuard } from '@keywatch/central';
import { newTestStack } from '../../helpers/synth';

describe('StormGuard', () => {
  test('one alarm on MatchedEvents of every receiver bus rule but the heartbeat rule, above 100 in 5 minutes, ALARM and OK notify', () => {
    const stack = newTestStack();
    new StormGuard(stack, 'Storm', { busName: 'keywatch-receiver', heartbeatRuleName: 'keywatch-heartbeats', topic: new sns.Topic(stack, 'Topic') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp(
        '^keywatch: alert storm, more than 100 alerts in 5 minutes on keywatch-receiver\\. SNS suspends an e-mail subscription',
      ),
      Metrics: [
        Match.objectLike({
          Expression: `SELECT SUM(MatchedEvents) FROM SCHEMA("AWS/Events", EventBusName, RuleName) WHERE EventBusName = 'keywatch-receiver' AND RuleName != 'keywatch-heartbeats'`,
          Period: 300,
        }),
      ],
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('the excluded rules (tamper, onboarding, sender delivery) are left out of the count by their deployed names', () => {
    const stack = newTestStack();
    const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'keywatch-receiver' });
    const rule = (id: string) => new events.Rule(stack, id, { eventBus: bus, eventPattern: { source: ['aws.sns'] } });
    new StormGuard(stack, 'Storm', {
      busName: 'keywatch-receiver',
      heartbeatRuleName: 'keywatch-heartbeats',
      excludedRules: [rule('SenderDelivery'), rule('Tamper')],
      topic: new sns.Topic(stack, 'Topic'),
    });
    const [alarm] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    const expression = JSON.stringify(alarm.Properties.Metrics[0].Expression);
    // CloudFormation resolves each rule's Ref (its name) into the query
    expect(expression).toMatch(
      /RuleName != 'keywatch-heartbeats' AND RuleName != '",\{"Ref":"SenderDelivery[0-9A-F]+"\},"' AND RuleName != '",\{"Ref":"Tamper[0-9A-F]+"\},"'"/,
    );
  });

  test('threshold and period are configurable; bad values throw with the prop name', () => {
    const stack = newTestStack();
    const topic = new sns.Topic(stack, 'Topic');
    new StormGuard(stack, 'S', { busName: 'b', heartbeatRuleName: 'h', topic, threshold: 20, period: Duration.minutes(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 20, Metrics: [Match.objectLike({ Period: 60 })] });
    expect(() => new StormGuard(stack, 'S1', { busName: "b'x", heartbeatRuleName: 'h', topic })).toThrow(/'busName' must be/);
    expect(() => new StormGuard(stack, 'S2', { busName: 'b', heartbeatRuleName: 'h', topic, threshold: 0 })).toThrow(
      /'threshold' must be a whole number of at least 1; got '0'/,
    );
  });
});
