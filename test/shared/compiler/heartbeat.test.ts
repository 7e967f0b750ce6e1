import {
  compileOrganization,
  heartbeatBranch,
  heartbeatCentralRule,
  HEARTBEAT_DETAIL_TYPE,
  HEARTBEAT_SOURCE,
  livenessCost,
  matchesEventPattern,
  onboardingCentralRule,
  planHeartbeatMonitor,
  prefixGroups,
  QuotaError,
  senderRuleName,
  serializedLength,
  validateEventPattern,
  withHeartbeat,
} from '@keywatch/shared';
import { loadConfig, EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { apiCallEvent } from '../../helpers/cloudtrail';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { SEMANTICS } from '../../helpers/ip-semantics';

/** A heartbeat as EventBridge Scheduler puts it on the default bus of `account` in `region` (EventBridgeParameters Source/DetailType, Input as detail). */
function heartbeatEvent(rule: string, account = '444444444444', region = 'eu-central-1'): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'keywatch heartbeat',
    source: 'keywatch.heartbeat',
    account,
    time: '2026-12-03T18:00:00Z',
    region,
    resources: [],
    detail: { rule, intervalMinutes: 15 },
  };
}

describe('heartbeat branch of the forwarding rules', () => {
  test('source and detail-type are the literal values the README documents, and the source cannot start with aws.', () => {
    expect(HEARTBEAT_SOURCE).toBe('keywatch.heartbeat');
    expect(HEARTBEAT_DETAIL_TYPE).toBe('keywatch heartbeat');
    // EventBridgeParameters.Source pattern of the Scheduler API reference.
    expect(/^(?=[/.\-_A-Za-z0-9]+)((?!aws\.).*)*$/.test(HEARTBEAT_SOURCE)).toBe(true);
  });

  test('withHeartbeat adds one branch to a top-level $or and wraps anything else', () => {
    expect(withHeartbeat({ source: ['a'] }, 'Sender1')).toEqual({ $or: [{ source: ['a'] }, heartbeatBranch('Sender1')] });
    expect(withHeartbeat({ $or: [{ source: ['a'] }, { source: ['b'] }] }, 'Tamper')).toEqual({
      $or: [{ source: ['a'] }, { source: ['b'] }, heartbeatBranch('Tamper')],
    });
  });

  test('senderRuleName prefixes keywatch- and rejects names EventBridge would refuse', () => {
    expect(senderRuleName('Sender1')).toBe('keywatch-Sender1');
    expect(() => senderRuleName('x'.repeat(60))).toThrow(/'id' must give a rule name of at most 64/);
    expect(() => senderRuleName('a b')).toThrow(/'id' must give a rule name/);
  });

  describe.each(SEMANTICS)('example organization, %s semantics', (ipSemantics) => {
    const { config, directory } = loadConfig(EXAMPLE_CONFIG_FILE);
    const plan = compileOrganization(config, directory);

    test('every forwarding rule (alert rules and the tamper rule) ends with its own heartbeat branch and fits the pattern quota', () => {
      expect(plan.sender.map((r) => r.id)).toEqual([...plan.sender.filter((r) => r.id.startsWith('Sender')).map((r) => r.id), 'Tamper']);
      expect(plan.tamper.rules.map((r) => r.id)).toEqual(['Tamper']);
      for (const rule of plan.sender) {
        const branches = rule.pattern.$or as unknown[];
        expect(branches[branches.length - 1]).toEqual({ source: ['keywatch.heartbeat'], 'detail-type': ['keywatch heartbeat'], detail: { rule: [rule.id] } });
        expect(() => validateEventPattern(rule.pattern)).not.toThrow();
        expect(rule.patternChars).toBe(serializedLength(rule.pattern));
        expect(rule.patternChars).toBeLessThanOrEqual(config.quotas.eventPatternMaxChars);
      }
    });

    test("a rule's heartbeat passes that rule and no other sender rule", () => {
      for (const rule of plan.sender) {
        const hits = plan.sender.filter((r) => matchesEventPattern(r.pattern, heartbeatEvent(rule.id), { ipSemantics })).map((r) => r.id);
        expect(hits).toEqual([rule.id]);
      }
      expect(plan.sender.some((r) => matchesEventPattern(r.pattern, heartbeatEvent('Sender77'), { ipSemantics }))).toBe(false);
    });

    test('a heartbeat matches the central heartbeat rule and no alert, tamper or onboarding rule', () => {
      const event = heartbeatEvent('Sender1');
      expect(matchesEventPattern(heartbeatCentralRule().pattern, event, { ipSemantics })).toBe(true);
      expect(plan.central.filter((r) => matchesEventPattern(r.pattern, event, { ipSemantics }))).toEqual([]);
      expect(plan.tamper.rules.some((r) => matchesEventPattern(r.pattern, event, { ipSemantics }))).toBe(false);
      expect(matchesEventPattern(onboardingCentralRule(config.organization.managementAccount).pattern, event, { ipSemantics })).toBe(false);
    });

    test('a heartbeat with an aws. source (which Scheduler refuses anyway) is not counted, and alerts still forward', () => {
      expect(matchesEventPattern(heartbeatCentralRule().pattern, { ...heartbeatEvent('Sender1'), source: 'aws.events' }, { ipSemantics })).toBe(false);
      const alert = apiCallEvent({ account: '555555555555', sourceIp: '8.8.8.8' });
      expect(plan.sender.filter((r) => matchesEventPattern(r.pattern, alert, { ipSemantics })).map((r) => r.id)).toEqual(['Sender1']);
      expect(matchesEventPattern(heartbeatCentralRule().pattern, alert, { ipSemantics })).toBe(false);
    });
  });

  test('the sender delivery alarm rule is a forwarding rule too: it carries its own heartbeat, counted and protected like the others', () => {
    const plan = compileOrganization(makeConfig(), makeDirectory());
    const forward = plan.senderDelivery.forward;
    // a CloudWatch alarm state change as the default bus carries it (CloudWatch User Guide, "Alarm events and EventBridge")
    const alarmEvent = {
      version: '0',
      id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '444444444444',
      time: '2026-12-03T18:00:00Z',
      region: 'eu-central-1',
      resources: ['arn:aws:cloudwatch:eu-central-1:444444444444:alarm:keywatch-sender-undelivered'],
      detail: { alarmName: 'keywatch-sender-undelivered', state: { value: 'ALARM', reason: 'Threshold Crossed' }, previousState: { value: 'OK' } },
    };
    for (const ipSemantics of SEMANTICS) {
      expect(matchesEventPattern(forward.pattern, heartbeatEvent('SenderDeliveryFailing'), { ipSemantics })).toBe(true);
      expect(matchesEventPattern(forward.pattern, heartbeatEvent('Sender1'), { ipSemantics })).toBe(false);
      expect(matchesEventPattern(forward.pattern, alarmEvent, { ipSemantics })).toBe(true);
      expect(plan.sender.some((r) => matchesEventPattern(r.pattern, heartbeatEvent('SenderDeliveryFailing'), { ipSemantics }))).toBe(false);
    }
    expect(plan.heartbeat.heartbeatsPerInterval).toBe(plan.sender.length + 1);
    expect(JSON.stringify(plan.protectionScp)).toContain('rule/keywatch-SenderDeliveryFailing');
  });

  test('the chunker budgets for the heartbeat branch: a tight pattern quota still yields rules that fit, with the branch', () => {
    const networks = Array.from({ length: 40 }, (_, i) => `10.${i * 3}.0.0/16`);
    const config = makeConfig({ quotas: { eventPatternMaxChars: 1700 }, allow: { networks } });
    const plan = compileOrganization(config, makeDirectory());
    expect(plan.sender.length).toBeGreaterThan(2);
    for (const rule of plan.sender) {
      expect(rule.patternChars).toBeLessThanOrEqual(1700);
    }
  });

  test('below the default pattern quota the tamper conditions are packed into several rules, each with its heartbeat', () => {
    const plan = compileOrganization(makeConfig({ quotas: { eventPatternMaxChars: 700 } }), makeDirectory());
    const tamper = plan.sender.filter((r) => r.id.startsWith('Tamper'));
    expect(tamper.map((r) => r.id)).toEqual(tamper.map((_, i) => `Tamper${i + 1}`));
    expect(tamper.length).toBeGreaterThan(1);
    for (const r of tamper) expect(r.patternChars).toBeLessThanOrEqual(700);
    expect(plan.tamper.rules.map((r) => r.id)).toEqual(tamper.map((r) => r.id));
  });

  test('a receiver bus name so long that one tamper condition cannot fit is a QuotaError naming the fix', () => {
    const config = makeConfig({ central: { busName: 'b'.repeat(250) }, quotas: { eventPatternMaxChars: 600 } });
    expect(() => compileOrganization(config, makeDirectory())).toThrow(
      /^the tamper rule cannot be split into event patterns of at most 600 characters .* shorten central.busName$/,
    );
  });
});

describe('planHeartbeatMonitor', () => {
  test('one alarm per expected account × region and one filter per region below 500 accounts', () => {
    const plan = planHeartbeatMonitor({
      accounts: [{ id: '111111111111', name: 'management' }, { id: '222222222222' }],
      regions: ['us-east-1', 'eu-west-1'],
      intervalMinutes: 15,
      forwardingRules: 2,
    });
    expect(plan.alarms.map((a) => `${a.account}/${a.region}`)).toEqual([
      '111111111111/us-east-1',
      '111111111111/eu-west-1',
      '222222222222/us-east-1',
      '222222222222/eu-west-1',
    ]);
    expect(plan.alarms[0].id).toBe('A111111111111UsEast1');
    expect(plan.filters).toEqual([
      { id: 'UsEast1', region: 'us-east-1', accountPrefixes: [''], filterPattern: '{ ($.source = "keywatch.heartbeat") && ($.region = "us-east-1") }' },
      { id: 'EuWest1', region: 'eu-west-1', accountPrefixes: [''], filterPattern: '{ ($.source = "keywatch.heartbeat") && ($.region = "eu-west-1") }' },
    ]);
    expect(plan.heartbeatsPerInterval).toBe(2);
  });

  test('the example organization expects every ACTIVE directory account (management and security included) in every region', () => {
    const { config, directory } = loadConfig(EXAMPLE_CONFIG_FILE);
    const plan = compileOrganization(config, directory);
    const active = directory!.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    expect(new Set(plan.heartbeat.alarms.map((a) => a.account))).toEqual(new Set(active));
    expect(plan.heartbeat.alarms).toHaveLength(active.length * config.deployment.regions.length);
  });

  test('an account that leaves the directory (or is suspended) loses its alarms', () => {
    const config = makeConfig();
    const before = compileOrganization(config, makeDirectory());
    const after = compileOrganization(
      config,
      makeDirectory([
        { id: '111111111111', name: 'management' },
        { id: '222222222222', name: 'security', organizationalUnit: 'Security' },
        { id: '333333333333', name: 'network', status: 'SUSPENDED' },
      ]),
    );
    expect(before.heartbeat.alarms.some((a) => a.account === '333333333333')).toBe(true);
    expect(after.heartbeat.alarms.map((a) => a.account)).toEqual(['111111111111', '111111111111', '222222222222', '222222222222']);
  });

  test('1,200 accounts are split by leading digits into filters of at most 500 accounts, which together cover every ID', () => {
    const ids = Array.from({ length: 1200 }, (_, i) =>
      String(100000000000 + i * 7_000_000_01)
        .padStart(12, '0')
        .slice(0, 12),
    );
    const groups = prefixGroups(ids, 500);
    for (const g of groups) {
      expect(ids.filter((id) => g.some((p) => id.startsWith(p))).length).toBeLessThanOrEqual(500);
    }
    // Every possible ID falls in exactly one group (accounts not in the directory are counted too).
    for (const probe of ['000000000000', '123456789012', '555555555555', '999999999999', ...ids.slice(0, 50)]) {
      expect(groups.filter((g) => g.some((p) => probe.startsWith(p)))).toHaveLength(1);
    }
    const plan = planHeartbeatMonitor({ accounts: ids.map((id) => ({ id })), regions: ['us-east-1'], intervalMinutes: 15, forwardingRules: 2 });
    expect(plan.filters.length).toBe(groups.length);
    expect(plan.filters[0].filterPattern).toMatch(/^\{ \(\$\.source = "keywatch\.heartbeat"\) && \(\$\.region = "us-east-1"\) && \(\$\.account = "\d+\*"/);
  });

  test('more metric filters than a log group allows is a QuotaError naming the quota', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => String(100000000000 + i * 300_000_001).slice(0, 12));
    const regions = Array.from({ length: 17 }, (_, i) => `eu-west-${i + 1}`);
    expect(() => planHeartbeatMonitor({ accounts: ids.map((id) => ({ id })), regions, intervalMinutes: 15, forwardingRules: 2 })).toThrow(QuotaError);
    expect(() => planHeartbeatMonitor({ accounts: ids.map((id) => ({ id })), regions, intervalMinutes: 15, forwardingRules: 2 })).toThrow(
      /CloudWatch Logs allows 100 per log group/,
    );
  });

  test('the heartbeat log keeps one metric filter for sender delivery failures: 99 heartbeat filters fit, 100 do not', () => {
    const regions = (n: number) => Array.from({ length: n }, (_, i) => `xx-test-${i + 1}`);
    expect(planHeartbeatMonitor({ accounts: [{ id: '111111111111' }], regions: regions(99), intervalMinutes: 15, forwardingRules: 2 }).filters).toHaveLength(
      99,
    );
    expect(() => planHeartbeatMonitor({ accounts: [{ id: '111111111111' }], regions: regions(100), intervalMinutes: 15, forwardingRules: 2 })).toThrow(
      /needs 101 metric filters \(100 regions × 1 ranges of account IDs, at most 500 accounts each, \+ 1 for sender delivery failures\) but CloudWatch Logs allows 100 per log group/,
    );
  });

  test('bad props are rejected with the prop name', () => {
    expect(() => planHeartbeatMonitor({ accounts: [], regions: ['us-east-1'], intervalMinutes: 0, forwardingRules: 1 })).toThrow(/'intervalMinutes' must be/);
    expect(() => planHeartbeatMonitor({ accounts: [], regions: ['us-east-1'], intervalMinutes: 15, forwardingRules: 0 })).toThrow(/'forwardingRules' must be/);
  });
});

describe('livenessCost', () => {
  test('1,000 accounts × 17 regions, 2 forwarding rules, every 15 minutes (hand-computed)', () => {
    const c = livenessCost({ accounts: 1000, regions: 17, forwardingRules: 2, intervalMinutes: 15 });
    // 17,000 cells × 2 heartbeats × (43,830 minutes / 15) = 99,348,000 heartbeats a month.
    expect(c.cells).toBe(17_000);
    expect(c.heartbeatsPerMonth).toBeCloseTo(99_348_000, 0);
    expect(c.eventsUsd).toBeCloseTo(298.044, 2); // × $3 per million (Scheduler + PutEvents + cross-account)
    expect(c.metricsUsd).toBeCloseTo(3_700, 6); // 10,000 × $0.30 + 7,000 × $0.10
    expect(c.alarmsUsd).toBeCloseTo(1_700, 6); // 17,000 × $0.10
    expect(c.logsUsd).toBeCloseTo(18.5, 1); // 99,348,000 × 400 B = 37.0 GiB × $0.50
    expect(c.totalUsd).toBeCloseTo(298.044 + 3_700 + 1_700 + c.logsUsd, 6);
  });

  test('100 accounts × 17 regions stay in the first metric tier', () => {
    const c = livenessCost({ accounts: 100, regions: 17, forwardingRules: 2, intervalMinutes: 15 });
    expect(c.metricsUsd).toBeCloseTo(510, 6);
    expect(c.alarmsUsd).toBeCloseTo(170, 6);
  });
});
