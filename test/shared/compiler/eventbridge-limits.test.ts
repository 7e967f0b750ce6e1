import { EVENTBRIDGE_LIMITS, compileOrganization, eventBridgeLimitProblems } from '@keywatch/shared';
import { makeConfig } from '../../helpers/config';

/** A template with `rules` on buses: each entry is [bus or undefined for default, pattern, number of targets]. */
function template(rules: [unknown, unknown, number][], archives: unknown[] = []): string {
  const resources: Record<string, unknown> = {};
  rules.forEach(([bus, pattern, targets], i) => {
    resources[`Rule${i}`] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        ...(bus === undefined ? {} : { EventBusName: bus }),
        EventPattern: pattern,
        Targets: Array.from({ length: targets }, (_, t) => ({ Id: `T${t}`, Arn: 'arn:aws:sns:us-east-1:111111111111:t' })),
      },
    };
  });
  archives.forEach((bus, i) => {
    resources[`Archive${i}`] = { Type: 'AWS::Events::Archive', Properties: { SourceArn: bus } };
  });
  return JSON.stringify({ Resources: resources });
}

const small = { source: ['aws.iam'] };
const quotas = { rulesPerBus: 3, eventPatternMaxChars: 60 };

describe('eventBridgeLimitProblems', () => {
  test('rules at every limit exactly have no problem', () => {
    // GIVEN 3 rules on the default bus, one with 5 targets, a pattern of exactly 60 conservative characters
    const pattern = { source: ['x'.repeat(60 - '{"source": [""]}'.length)] };
    expect('{"source": ["'.length + (pattern.source[0] as string).length + '"]}'.length).toBe(60);
    // WHEN / THEN
    expect(
      eventBridgeLimitProblems(
        't.json',
        template([
          [undefined, pattern, 5],
          [undefined, small, 1],
          [undefined, small, 1],
        ]),
        quotas,
      ),
    ).toEqual([]);
  });

  test('rules per bus count every rule of the bus, an archive as one more, and name the bus, the number, the quota and the fix', () => {
    // GIVEN 3 rules and an archive on the same custom bus (by Ref), 1 rule on the default bus
    const bus = { Ref: 'Bus' };
    const text = template(
      [
        [bus, small, 1],
        [bus, small, 1],
        [bus, small, 1],
        [undefined, small, 1],
      ],
      [{ 'Fn::GetAtt': ['Bus', 'Arn'] }],
    );
    // WHEN 3 would fit, but the archive's managed rule is a fourth on that bus
    const problems = eventBridgeLimitProblems('c.json', text, quotas);
    // THEN
    expect(problems).toEqual([
      expect.stringMatching(
        /^c\.json puts 4 rules on event bus Bus \(3 rules, 1 archive\), over the EventBridge quota 'Rules per event bus' of 3 \(quotas\.rulesPerBus\); request an increase in Service Quotas .* then set quotas\.rulesPerBus/,
      ),
    ]);
  });

  test('a rule with more than 5 targets names the rule, the number, the limit and the fix', () => {
    expect(eventBridgeLimitProblems('m.json', template([[undefined, small, 6]]), quotas)).toEqual([
      expect.stringMatching(/^m\.json: rule Rule0 has 6 targets, over EventBridge's limit of 5 targets per rule; /),
    ]);
    expect(EVENTBRIDGE_LIMITS.targetsPerRule).toBe(5);
  });

  test('a pattern over quotas.eventPatternMaxChars (conservative count) names the rule, the size, the quota and the fix', () => {
    const pattern = { source: ['x'.repeat(61 - '{"source": [""]}'.length)] };
    expect(eventBridgeLimitProblems('p.json', template([[undefined, pattern, 1]]), quotas)).toEqual([
      expect.stringMatching(
        /^p\.json: rule Rule0 has an event pattern of 61 characters, over the EventBridge quota 'Event pattern size' of 60 \(quotas\.eventPatternMaxChars\); /,
      ),
    ]);
  });

  test('a pattern given as a JSON string (as CloudFormation also accepts) is measured as its parsed pattern', () => {
    const pattern = JSON.stringify({ source: ['x'.repeat(61 - '{"source": [""]}'.length)] });
    expect(eventBridgeLimitProblems('s.json', template([[undefined, pattern, 1]]), quotas)).toHaveLength(1);
  });

  test('more than 30 rules with wildcard patterns on one bus are refused (a quota AWS does not raise)', () => {
    const wild = { detail: { eventName: [{ wildcard: 'Get*' }] } };
    const rules: [unknown, unknown, number][] = Array.from({ length: 31 }, () => [undefined, wild, 1]);
    const problems = eventBridgeLimitProblems('w.json', template(rules), { rulesPerBus: 300, eventPatternMaxChars: 2048 });
    expect(problems).toEqual([expect.stringMatching(/^w\.json puts 31 rules with wildcard patterns on event bus default, over EventBridge's limit of 30/)]);
  });
});

describe('compileOrganization counts the onboarding rule on the management us-east-1 default bus', () => {
  test('a sender that fills quotas.rulesPerBus exactly leaves no room for the onboarding rule: refused with the numbers and the fix', () => {
    // GIVEN an allowlist that needs several sender rules and no directory (one central fallback rule)
    const networks = Array.from({ length: 40 }, (_, i) => `${((i * 37) % 223) + 1}.${(i * 91) % 256}.${(i * 13) % 256}.0/24`);
    const senderRules = compileOrganization(makeConfig({ allow: { networks } })).sender.length;
    expect(senderRules).toBeGreaterThan(3);
    // WHEN the quota equals the rules of a member's default bus (sender rules and the delivery alarm rule)
    const config = makeConfig({ allow: { networks }, quotas: { rulesPerBus: senderRules + 1 } });
    // THEN
    expect(() => compileOrganization(config)).toThrow(
      new RegExp(
        `the management account's us-east-1 default bus needs ${senderRules + 2} keywatch rules \\(${senderRules} sender rules, the delivery alarm rule and the onboarding rule\\) but quotas\\.rulesPerBus is ${senderRules + 1}`,
      ),
    );
    // and one more fits
    expect(() => compileOrganization(makeConfig({ allow: { networks }, quotas: { rulesPerBus: senderRules + 2 } }))).not.toThrow();
  });
});
