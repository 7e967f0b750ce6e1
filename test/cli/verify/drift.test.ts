import { canonicalJson, compareBus, samePattern, type DeployedRule } from '../../../packages/cli/lib/verify/drift';
import { queueArnFromUrl, resolveDeployedValue, type ExpectedBus, type PhysicalResource } from '../../../packages/cli/lib/verify/expected';

describe('samePattern (semantic JSON equality)', () => {
  test('ignores key order, spacing and the order of value lists and $or branches', () => {
    const a = {
      source: [{ prefix: 'aws.' }],
      detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }, '192.0.2.1'], $or: [{ x: [{ exists: false }] }, { x: ['a'] }] },
    };
    const b =
      '{ "detail": { "$or": [ {"x": ["a"]}, {"x": [{"exists": false}]} ], "sourceIPAddress": ["192.0.2.1", {"cidr": "10.0.0.0/8"}] }, "source": [{"prefix": "aws."}] }';
    expect(samePattern(a, b)).toBe(true);
  });

  test('sees a removed matcher, another value, another key, and the order of numeric operands', () => {
    const base = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }, { cidr: 'a00::/8' }] } };
    expect(samePattern(base, { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }] } })).toBe(false);
    expect(samePattern(base, { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/9' }, { cidr: 'a00::/8' }] } })).toBe(false);
    expect(samePattern(base, { detail: { sourceIp: [{ cidr: '10.0.0.0/8' }, { cidr: 'a00::/8' }] } })).toBe(false);
    expect(samePattern({ n: [{ numeric: ['>', 0, '<', 5] }] }, { n: [{ numeric: ['<', 5, '>', 0] }] })).toBe(false);
    expect(samePattern({ a: ['1'] }, { a: [1] })).toBe(false);
    expect(samePattern({ a: ['x'] }, 'not json')).toBe(false);
    expect(canonicalJson({ b: 1, a: [2, 1] })).toBe('{"a":[1,2],"b":1}');
  });
});

describe('resolveDeployedValue', () => {
  const physical = new Map<string, PhysicalResource>([
    ['Topic', { type: 'AWS::SNS::Topic', physicalId: 'arn:aws:sns:eu-west-1:222222222222:kw-Topic-ABC' }],
    ['Queue', { type: 'AWS::SQS::Queue', physicalId: 'https://sqs.eu-west-1.amazonaws.com/222222222222/kw-Queue-DEF' }],
    ['Role', { type: 'AWS::IAM::Role', physicalId: 'kw-Role-GHI' }],
  ]);
  const pseudo = { account: '222222222222', region: 'eu-west-1' };
  test('resolves Ref of a topic, GetAtt Arn of a queue, Fn::Join with pseudo parameters; undefined for what it cannot know', () => {
    expect(resolveDeployedValue({ Ref: 'Topic' }, pseudo, physical)).toBe('arn:aws:sns:eu-west-1:222222222222:kw-Topic-ABC');
    expect(resolveDeployedValue({ 'Fn::GetAtt': ['Queue', 'Arn'] }, pseudo, physical)).toBe('arn:aws:sqs:eu-west-1:222222222222:kw-Queue-DEF');
    expect(
      resolveDeployedValue(
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:/kw']] },
        pseudo,
        physical,
      ),
    ).toBe('arn:aws:logs:eu-west-1:222222222222:log-group:/kw');
    expect(resolveDeployedValue({ 'Fn::GetAtt': ['Role', 'Arn'] }, pseudo, physical)).toBeUndefined();
    expect(resolveDeployedValue({ Ref: 'Nothing' }, pseudo, physical)).toBeUndefined();
    expect(queueArnFromUrl('http://127.0.0.1:5000/123456789012/q1', 'us-east-1')).toBe('arn:aws:sqs:us-east-1:123456789012:q1');
  });
});

describe('compareBus', () => {
  const physical = new Map<string, PhysicalResource>([
    ['Topic', { type: 'AWS::SNS::Topic', physicalId: 'arn:aws:sns:eu-west-1:222222222222:t' }],
    ['Dlq', { type: 'AWS::SQS::Queue', physicalId: 'https://sqs.eu-west-1.amazonaws.com/222222222222/dlq' }],
  ]);
  const target = {
    Id: 'Target0',
    Arn: { Ref: 'Topic' },
    DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } },
    RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
  };
  const bus: ExpectedBus = {
    stack: { id: 'kw', stackName: 'kw', pseudo: { account: '222222222222', region: 'eu-west-1' }, template: { Resources: {} } },
    busName: 'bus',
    account: '222222222222',
    region: 'eu-west-1',
    rules: [
      {
        logicalId: 'RuleA',
        description: 'keywatch: A',
        pattern: { a: ['1'] },
        state: 'ENABLED',
        targets: [
          {
            id: 'Target0',
            arn: target.Arn,
            deadLetterArn: target.DeadLetterConfig.Arn,
            retryPolicy: { maximumEventAgeInSeconds: 7200, maximumRetryAttempts: 185 },
          },
        ],
      },
      { logicalId: 'RuleB', description: 'keywatch: B', pattern: { b: ['2'] }, state: 'ENABLED', targets: [] },
    ],
  };
  const deployedTarget = {
    Id: 'Target0',
    Arn: 'arn:aws:sns:eu-west-1:222222222222:t',
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:222222222222:dlq' },
    RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
  };
  const a: DeployedRule = { name: 'kw-RuleA-X1', description: 'keywatch: A', eventPattern: '{"a":["1"]}', state: 'ENABLED', targets: [deployedTarget] };
  const b: DeployedRule = { name: 'kw-RuleB-X2', description: 'keywatch: B', eventPattern: '{"b":["2"]}', state: 'ENABLED', targets: [] };

  test('pairs rules by description whatever their suffixed names, and finds nothing when all is equal', () => {
    const out = compareBus(bus, [b, a], physical);
    expect(out.findings).toEqual([]);
    expect(out.pairs.map((p) => [p.expected.logicalId, p.deployed.name])).toEqual([
      ['RuleA', 'kw-RuleA-X1'],
      ['RuleB', 'kw-RuleB-X2'],
    ]);
    expect(out.checks.map((c) => c.status)).toEqual(['ok', 'ok']);
  });

  test('a missing rule, an extra rule, and pattern, state and target differences are findings', () => {
    const drifted: DeployedRule = {
      ...a,
      eventPattern: '{"a":["1","2"]}',
      state: 'DISABLED',
      targets: [
        { ...deployedTarget, DeadLetterConfig: undefined, RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 } },
        { Id: 'Target9', Arn: 'arn:aws:sns:eu-west-1:222222222222:other' },
      ],
    };
    const extra: DeployedRule = { name: 'kw-Manual-X3', description: 'added by hand', eventPattern: '{}', state: 'ENABLED', targets: [] };
    const out = compareBus(bus, [drifted, extra], physical);
    expect(out.findings.map((f) => [f.kind, f.subject])).toEqual([
      ['pattern-drift', 'kw-RuleA-X1'],
      ['state-drift', 'kw-RuleA-X1'],
      ['target-drift', 'kw-RuleA-X1'],
      ['target-drift', 'kw-RuleA-X1'],
      ['target-drift', 'kw-RuleA-X1'],
      ['rule-missing', 'RuleB'],
      ['rule-extra', 'kw-Manual-X3'],
    ]);
    expect(out.findings.filter((f) => f.kind === 'target-drift').map((f) => f.detail)).toEqual([
      'target Target0 DeadLetterConfig is (none), expected arn:aws:sqs:eu-west-1:222222222222:dlq',
      'target Target0 RetryPolicy is 60 s / 0 attempts, expected 7200 s / 185 attempts',
      'target Target9 is not in cdk.out',
    ]);
    expect(out.checks.find((c) => c.logicalId === 'RuleA')).toMatchObject({ status: 'drift', differences: ['pattern', 'state', 'targets'] });
    expect(out.extra.map((e) => e.name)).toEqual(['kw-Manual-X3']);
  });

  test('another target ARN is drift', () => {
    const out = compareBus(bus, [{ ...a, targets: [{ ...deployedTarget, Arn: 'arn:aws:sns:eu-west-1:222222222222:elsewhere' }] }, b], physical);
    expect(out.findings).toEqual([
      {
        kind: 'target-drift',
        where: 'bus bus (222222222222 eu-west-1)',
        subject: 'kw-RuleA-X1',
        detail: 'target Target0 Arn is arn:aws:sns:eu-west-1:222222222222:elsewhere, expected arn:aws:sns:eu-west-1:222222222222:t',
      },
    ]);
  });

  test('rules sharing a description pair up pattern-equal first', () => {
    const twin = { ...bus, rules: [bus.rules[1], { ...bus.rules[1], logicalId: 'RuleB2', pattern: { b: ['3'] } }] };
    const b3: DeployedRule = { ...b, name: 'kw-RuleB2-X4', eventPattern: '{"b":["3"]}' };
    const out = compareBus(twin, [b3, b], physical);
    expect(out.findings).toEqual([]);
    expect(out.pairs.map((p) => [p.expected.logicalId, p.deployed.name])).toEqual([
      ['RuleB', 'kw-RuleB-X2'],
      ['RuleB2', 'kw-RuleB2-X4'],
    ]);
  });
});
