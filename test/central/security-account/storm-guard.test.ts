import { Duration, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { alertLogTemplate, renderInputTransformer, tamperLogTemplate } from '@keywatch/shared';
import { StormGuard } from '@keywatch/central';
import { newTestStack } from '../../helpers/synth';

describe('StormGuard', () => {
  test('a metric filter on the alert log counts the entries without `kind`; one alarm above 100 in 5 minutes, ALARM and OK notify', () => {
    const stack = newTestStack();
    new StormGuard(stack, 'Storm', { alertLogGroupName: '/keywatch/alerts', topic: new sns.Topic(stack, 'Topic') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Logs::MetricFilter', 1);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: '/keywatch/alerts',
      FilterName: 'keywatch-access-key-alerts',
      FilterPattern: '{ $.kind NOT EXISTS }',
      MetricTransformations: [{ MetricNamespace: 'keywatch', MetricName: 'AccessKeyAlerts', MetricValue: '1' }],
    });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^keywatch: alert storm, more than 100 access-key alerts in 5 minutes\\. SNS suspends an e-mail subscription'),
      Namespace: 'keywatch',
      MetricName: 'AccessKeyAlerts',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('what the filter selects: an access-key alert entry has no `kind`, a "coverage tampered" entry has one', () => {
    // The entries as EventBridge renders them from an event (the log event's message is the template's "message").
    const event = {
      version: '0',
      id: 'e',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      account: '111111111111',
      time: '2026-12-03T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { eventName: 'ListBuckets', sourceIPAddress: '203.0.113.9', userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAEXAMPLE000000001' } },
    };
    const entry = (spec: Parameters<typeof renderInputTransformer>[0]) =>
      JSON.parse(JSON.parse(renderInputTransformer(spec, event)).message) as Record<string, unknown>;
    expect(Object.keys(entry(alertLogTemplate()))).not.toContain('kind');
    expect(entry(tamperLogTemplate()).kind).toEqual(expect.any(String));
  });

  test('threshold and period are configurable; a bad threshold throws with the prop name', () => {
    const stack = newTestStack();
    const topic = new sns.Topic(stack, 'Topic');
    new StormGuard(stack, 'S', { alertLogGroupName: '/keywatch/alerts', topic, threshold: 20, period: Duration.minutes(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 20, Period: 60 });
    expect(() => new StormGuard(stack, 'S2', { alertLogGroupName: '/keywatch/alerts', topic, threshold: 0 })).toThrow(
      /'threshold' must be a whole number of at least 1; got '0'/,
    );
  });
});
