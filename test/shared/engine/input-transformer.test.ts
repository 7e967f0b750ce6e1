import { InputTransformerError, renderInputTransformer, validateInputTransformer } from '../../../packages/shared/lib/engine';

/** The EC2 example event of the eb-transform-target-input page. */
const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};
const inputPathsMap = { instance: '$.detail.instance-id', state: '$.detail.state', resource: '$.resources[0]' };

describe('renderInputTransformer', () => {
  test('text template (CDK RuleTargetInput.fromText): the quotes are part of what the target receives', () => {
    expect(renderInputTransformer({ inputPathsMap, inputTemplate: '"instance <instance> is in <state>"' }, event)).toBe(
      '"instance i-0123456789 is in RUNNING"',
    );
  });

  test('JSON template: strings outside quotes become JSON strings; inside quotes they are escaped', () => {
    const out = renderInputTransformer(
      { inputPathsMap, inputTemplate: '{"instance": <instance>, "state": [9, <state>, true], "Transformed": "Yes <resource>"}' },
      event,
    );
    expect(JSON.parse(out)).toEqual({
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      Transformed: 'Yes arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111',
    });
  });

  test('objects, quotes in values and missing paths', () => {
    const e = { ...event, detail: { ...event.detail, note: 'say "hi"' } };
    const out = renderInputTransformer(
      { inputPathsMap: { d: '$.detail', n: '$.detail.note', m: '$.detail.missing' }, inputTemplate: '{"d": <d>, "n": "<n>", "m": <m>, "mq": "<m>"}' },
      e,
    );
    expect(JSON.parse(out)).toEqual({ d: e.detail, n: 'say "hi"', m: null, mq: '' });
  });

  test('predefined variables', () => {
    const out = renderInputTransformer(
      {
        inputTemplate:
          '{"arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>", "t": <aws.events.event.ingestion-time>, "e": <aws.events.event>, "j": <aws.events.event.json>}',
      },
      event,
      { ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r', ruleName: 'r', ingestionTime: '2015-11-11T21:29:55Z' },
    );
    const withoutDetail: Record<string, unknown> = { ...event };
    delete withoutDetail.detail;
    expect(JSON.parse(out)).toEqual({ arn: 'arn:aws:events:us-east-1:123456789012:rule/r', name: 'r', t: '2015-11-11T21:29:55Z', e: withoutDetail, j: event });
  });
});

describe('validateInputTransformer', () => {
  test.each([
    ['reserved key prefix', { inputPathsMap: { 'AWS.x': '$.a' }, inputTemplate: '"x"' }, /must not start with "AWS."/],
    ['predefined name as key', { inputPathsMap: { 'aws.events.rule-arn': '$.a' }, inputTemplate: '"x"' }, /predefined variable name/],
    ['bracket notation path', { inputPathsMap: { a: "$['detail']" }, inputTemplate: '"<a>"' }, /must be a JSON path/],
    ['undefined placeholder', { inputPathsMap: {}, inputTemplate: '"<nope>"' }, /<nope> must be defined/],
    ['empty template', { inputTemplate: '' }, /1 to 8192 characters/],
    ['template too long', { inputTemplate: `"${'x'.repeat(8191)}"` }, /1 to 8192 characters; got 8193/],
    [
      'more than 100 variables',
      { inputPathsMap: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, '$.a'])), inputTemplate: '"x"' },
      /at most 100 entries; got 101/,
    ],
  ])('rejects %s', (_n, spec, message) => {
    expect(() => validateInputTransformer(spec)).toThrow(InputTransformerError);
    expect(() => validateInputTransformer(spec)).toThrow(message);
  });
});
