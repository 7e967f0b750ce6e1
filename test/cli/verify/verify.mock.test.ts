import { KeywatchError, compileOrganization, type IpSemantics } from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE, loadConfig } from '@keywatch/central';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { renderDocument } from '../../../packages/cli/lib/output/render';
import { verifyDeployment, verifyDocument, type VerifyOptions, type VerifyReport } from '../../../packages/cli/lib/verify';
import { buildExample } from '../../helpers/synth';
import { deployFake, fakeRules, installFake, type FakeAccount, type FakeBehaviour } from './fake-aws';

// The example organization (examples/keywatch.yml) synthesized once; each test deploys it into a fresh fake account.
const loaded = loadConfig(EXAMPLE_CONFIG_FILE);
const CENTRAL = loaded.config.central.account;
const MANAGEMENT = loaded.config.organization.managementAccount;
let cdkOut: string;
let fake: FakeAccount;
let behaviour: FakeBehaviour = {};
const mocks = installFake(
  () => fake,
  () => behaviour,
);

beforeAll(() => {
  cdkOut = buildExample().app.synth().directory;
});
afterAll(() => mocks.restore());
beforeEach(() => {
  mocks.reset();
  behaviour = {};
});

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const run = (options: Partial<VerifyOptions> = {}): Promise<VerifyReport> =>
  verifyDeployment(createAwsClients({ credentials: creds }), loaded, { cdkOut, now: () => new Date('2026-12-01T00:00:00Z'), ...options });
const kinds = (r: VerifyReport) => [...new Set(r.findings.map((f) => f.kind))].sort();
const central = () => deployFake(cdkOut, CENTRAL);
const management = () => deployFake(cdkOut, MANAGEMENT);
/** The deployed rule of `fake` whose template logical ID starts with `prefix` (in `region` when given). */
const deployedRule = (prefix: string, region?: string) =>
  fakeRules(fake).find((x) => x.rule.logicalId.startsWith(prefix) && (region === undefined || x.region === region))!;

describe('verifyDeployment (fake AWS; TestEventPattern answered by the local engine)', () => {
  test.each<IpSemantics>(['event-ruler', 'strict'])('a fresh central deployment: semantics %s, zero findings, every probe as intended', async (semantics) => {
    // GIVEN the central stack deployed exactly as synthesized, and a service with these IP semantics
    fake = central();
    behaviour = { semantics };

    // WHEN
    const progress: [number, number][] = [];
    const report = await run({ onProgress: (done, total) => progress.push([done, total]) });

    // THEN
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.semantics).toEqual([expect.objectContaining({ region: 'eu-west-1', verdict: semantics })]);
    const [lastDone, lastTotal] = progress[progress.length - 1];
    expect(lastDone).toBe(lastTotal);
    expect(progress.every(([d, t], i) => d <= t && (i === 0 || d >= progress[i - 1][0]))).toBe(true);
    expect(lastTotal).toBeGreaterThan(report.summary.testEventPatternCalls);
    expect(report.summary).toMatchObject({
      // changed deliberately (#15 item 2): the example's six default-policy accounts share one rule (13 alert rules → 8)
      rulesExpected: 12,
      rulesDeployed: 12, // + the heartbeat and tamper rules, + the sender delivery rule (#14 item 12)
      drift: 0,
      probeMismatches: 0,
    });
    // every known account, and accounts not in the directory, got probes against their own and the fallback rules
    const sets = report.probeSets.map((s) => s.set);
    for (const a of loaded.directory!.accounts) expect(sets).toContain(`account ${a.id} (${a.name})`);
    expect(sets.some((s) => s.startsWith('accounts not in the directory'))).toBe(true);
    // the accounts of a shared rule are one class: the first gets the full suite, the others a minimal one
    const shared = compileOrganization(loaded.config, loaded.directory).central.filter((r) => r.kind === 'group');
    expect(shared.length).toBeGreaterThan(0);
    for (const rule of shared) {
      const [first, ...rest] = (rule.accounts ?? []).map((a) => report.probeSets.find((s) => s.set === `account ${a.id} (${a.name})`)!);
      expect(rest.length).toBeGreaterThan(0);
      expect(first.suite).toBe('full');
      for (const s of rest) expect(s).toMatchObject({ suite: 'minimal', note: `same policy and rules as ${rule.accounts![0].id}` });
    }
    expect(report.summary.probes).toBeGreaterThan(60);
    // one TestEventPattern call per distinct (pattern, event), as reported
    expect(report.summary.testEventPatternCalls).toBe(mocks.testCalls());
    // blind spots of the plan are listed, and the probes in them expected to match nothing
    expect(report.blindSpots.length).toBe(compileOrganization(loaded.config, loaded.directory).blindSpots.length);
    expect(report.summary.blindSpotProbes).toBeGreaterThan(0);
    expect(report.probeOutcomes.every((o) => o.ok && o.blindSpot !== undefined && o.matched.length === 0)).toBe(true);
    expect(report.resources.map((r) => `${r.kind} ${r.ok}`).sort()).toEqual([
      'archive true',
      'dead-letter-queue true',
      'dead-letter-queue true',
      'dead-letter-queue true',
      'dead-letter-queue true',
      'dead-letter-queue true', // the heartbeat log's
      'log-group true',
      'log-group true', // /keywatch/heartbeats
      'log-group true', // the notify gate's state machine (notify.mode deduplicated)
      'log-group true', // the notify gate's window summary state machine
      'subscription true',
      'subscription true',
      'subscription true',
    ]);
  });

  test.each<IpSemantics>(['event-ruler', 'strict'])(
    'a fresh management deployment (--management): semantics %s, zero findings, identical regions probed once',
    async (semantics) => {
      fake = management();
      behaviour = { semantics };
      const report = await run({ management: true });
      expect(report.findings).toEqual([]);
      expect(report.regions).toEqual(loaded.config.deployment.regions);
      expect(report.semantics.map((s) => s.verdict)).toEqual(loaded.config.deployment.regions.map(() => semantics));
      expect(report.probeSets.filter((s) => s.suite === 'full').map((s) => s.region)).toEqual(['us-east-1']);
      // the sender's blind spot: the IPv4 shadow of the allowed 2001:db8:1000::/48
      expect(report.probeOutcomes).toContainEqual(
        expect.objectContaining({ probe: 'ipv4-shadow 32.1.13.184', want: 'none', blindSpot: '32.1.13.184', ok: true }),
      );
    },
  );

  test('service answers that fit neither semantics are a finding', async () => {
    fake = central();
    behaviour = { semantics: 'weird' };
    const report = await run();
    expect(report.semantics[0].verdict).toBe('unknown');
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'semantics-unknown', where: 'eu-west-1' }));
  });

  test('a sender matcher removed: drift, and the probe just outside the allowed network no longer forwards', async () => {
    // GIVEN us-east-1's sender rule without the block next to the allowed 192.0.2.0/26 (and that block's IPv6 mirror)
    fake = management();
    const { rule } = fakeRules(fake).find((x) => x.region === 'us-east-1' && x.rule.eventPattern.includes('192.0.2.64/26'))!;
    const pattern = JSON.parse(rule.eventPattern);
    const alert = pattern.$or[0]; // the alert branch of the sender rule's $or (the last branch is its heartbeat)
    alert.detail.sourceIPAddress = alert.detail.sourceIPAddress.filter((m: { cidr?: string }) => m.cidr !== '192.0.2.64/26' && m.cidr !== 'c000:240::/26');
    rule.eventPattern = JSON.stringify(pattern);

    // WHEN
    const report = await run({ management: true });

    // THEN the read-back sees the difference in us-east-1 only, and the region is probed on its own
    expect(report.findings.filter((f) => f.kind === 'pattern-drift')).toEqual([
      { kind: 'pattern-drift', where: 'default bus (111111111111 us-east-1)', subject: rule.name, detail: expect.stringContaining(rule.logicalId) },
    ]);
    expect(report.probeSets.filter((s) => s.suite === 'full').map((s) => s.region)).toEqual(['us-east-1', 'eu-west-1']);
    // and the policy says 192.0.2.64 (outside every allowlist) must be forwarded: in us-east-1 no rule does
    const mismatches = report.probeOutcomes.filter((o) => !o.ok);
    expect(mismatches).toContainEqual(expect.objectContaining({ region: 'us-east-1', probe: 'above-network 192.0.2.64', want: 'one', matched: [] }));
    expect(mismatches.every((o) => o.region === 'us-east-1')).toBe(true);
    expect(kinds(report)).toEqual(['pattern-drift', 'probe-mismatch']);
  });

  test('a central rule in another state is drift', async () => {
    fake = central();
    deployedRule('AlertRulesAccount444444444444').rule.state = 'ENABLED';
    const report = await run({ skipProbes: true });
    expect(report.findings).toEqual([
      {
        kind: 'state-drift',
        where: 'bus keywatch-receiver (222222222222 eu-west-1)',
        subject: deployedRule('AlertRulesAccount444444444444').rule.name,
        detail: 'state is ENABLED, cdk.out has ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      },
    ]);
    expect(report.semantics).toEqual([]);
    expect(report.warnings).toEqual([expect.stringMatching(/^--skip-probes: /)]);
    expect(report.summary.testEventPatternCalls).toBe(0);
    expect(mocks.testCalls()).toBe(0);
  });

  test('an allowed network leaking into an account rule: drift, and the probe inside it alerts although allowed', async () => {
    fake = central();
    const { rule } = deployedRule('AlertRulesAccount444444444444Part3');
    const pattern = JSON.parse(rule.eventPattern);
    pattern.detail.sourceIPAddress.push({ cidr: '203.0.113.16/28' });
    rule.eventPattern = JSON.stringify(pattern);
    const report = await run();
    expect(kinds(report)).toEqual(['pattern-drift', 'probe-mismatch']);
    expect(report.probeOutcomes.filter((o) => !o.ok)).toContainEqual(
      expect.objectContaining({ set: 'account 444444444444 (shop-prod)', probe: 'network-first 203.0.113.16', want: 'none', matched: [rule.name] }),
    );
  });

  test('an extra rule duplicating the fallback rule: an extra-rule finding and duplicate alerts', async () => {
    fake = central();
    const { rule, region, bus } = deployedRule('AlertRulesUnknownAccounts');
    const copy = { ...rule, name: 'keywatch-central-HandMadeCopy-1A2B3C4D5E6F', logicalId: 'HandMade', description: 'copied by hand' };
    fake.regions.get(region)!.buses.get(bus)!.set(copy.name, copy);
    const report = await run();
    expect(kinds(report)).toEqual(['probe-mismatch', 'rule-extra']);
    expect(report.probeOutcomes.filter((o) => !o.ok)).toContainEqual(expect.objectContaining({ want: 'one', matched: [rule.name, copy.name].sort() }));
  });

  test('a fallback rule that alerts for a known account too: duplicate alerts for that account', async () => {
    fake = central();
    const { rule } = deployedRule('AlertRulesUnknownAccounts');
    const pattern = JSON.parse(rule.eventPattern);
    const excluded = pattern.detail.recipientAccountId[0]['anything-but'] as string[];
    pattern.detail.recipientAccountId[0]['anything-but'] = excluded.filter((id) => id !== '666666666666');
    rule.eventPattern = JSON.stringify(pattern);
    const report = await run();
    expect(kinds(report)).toEqual(['pattern-drift', 'probe-mismatch']);
    const bad = report.probeOutcomes.filter((o) => !o.ok);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((o) => o.set === 'account 666666666666 (sandbox-alice)' && o.want === 'one' && o.matched.length === 2)).toBe(true);
  });

  test('an unconfirmed subscription, a non-empty dead-letter queue and a missing archive are findings', async () => {
    fake = central();
    const region = fake.regions.get('eu-west-1')!;
    const [topic, subs] = [...region.subscriptions].find(([, s]) => s.some((x) => x.Endpoint === 'secops@example.com'))!;
    subs.find((x) => x.Endpoint === 'secops@example.com')!.SubscriptionArn = 'PendingConfirmation';
    const [queueUrl] = [...region.queues.keys()].filter((u) => u.includes('EmailDeadLetterQueue'));
    region.queues.set(queueUrl, { visible: 3, inFlight: 1 });
    region.archives.clear();

    const report = await run({ skipProbes: true });

    const topicName = topic.slice(topic.lastIndexOf(':') + 1);
    const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
    expect(report.findings.map((f) => [f.kind, f.subject])).toEqual([
      ['subscription-pending', `${topicName} → secops@example.com`],
      ['dlq-not-empty', queueName],
      ['archive-missing', expect.stringContaining('ReceiverBusArchive')],
    ]);
    expect(report.findings[1].detail).toMatch(/^4 events \(3 visible, 1 in flight\) could not be delivered and wait in /);
  });

  test('an archive whose event pattern no longer keeps everything the bus receives is a finding (#14 item 16)', async () => {
    fake = central();
    const region = fake.regions.get('eu-west-1')!;
    const [name] = [...region.archives.keys()];
    region.archivePatterns.set(name, JSON.stringify({ source: ['aws.iam'] }));
    const report = await run({ skipProbes: true });
    expect(report.findings.map((f) => [f.kind, f.subject])).toEqual([['archive-pattern-drift', name]]);
    expect(report.findings[0].detail).toMatch(
      /keeps only events matching \{"source":\["aws\.iam"\]\}, not every event the bus receives as synthesized \(\{"source":\[\{"prefix":""\}\]\}\)/,
    );
  });

  test('a missing rule, a deleted log group and a subscription nobody made are findings', async () => {
    fake = central();
    // the rule 333333333333 shares with the other default-policy accounts (#15 item 2): every one of them loses its alerts
    const { rule, region, bus } = deployedRule('AlertRulesAccounts');
    fake.regions.get(region)!.buses.get(bus)!.delete(rule.name);
    fake.regions.get(region)!.logGroups.clear();
    const subs = [...fake.regions.get(region)!.subscriptions.values()].find((s) => s.some((x) => x.Endpoint === 'shop-team@example.com'))!;
    subs.splice(0, subs.length);
    const report = await run();
    const shared = ['111111111111', '222222222222', '222222222233', '333333333333', '555555555555', '666666666666'].map(
      (id) => `account ${id} (${loaded.directory!.accounts.find((a) => a.id === id)!.name})`,
    );
    expect(kinds(report)).toEqual(['log-group-missing', 'probe-mismatch', 'rule-missing', 'subscription-missing']);
    // the account without its rule: its alerts are missing (the fallback rule excludes it, as it should)
    expect(report.probeOutcomes.filter((o) => !o.ok).every((o) => shared.includes(o.set) && o.want === 'one' && o.matched.length === 0)).toBe(true);
    expect(new Set(report.probeOutcomes.filter((o) => !o.ok).map((o) => o.set))).toEqual(new Set(shared));
  });

  test('credentials of another account, a missing central stack, and a wrong --region stop with one sentence (KeywatchError)', async () => {
    fake = management();
    await expect(run()).rejects.toThrow(
      new KeywatchError(
        'The credentials of the default credentials belong to account 111111111111, but verify checks the security account 222222222222 (central.account); pass --profile of that account, or --management with management-account credentials.',
      ),
    );
    fake = { account: CENTRAL, regions: new Map() };
    await expect(run()).rejects.toThrow(/^Stack 'keywatch-central' was not found in eu-west-1 of account 222222222222; deploy it first/);
    fake = central();
    await expect(run({ region: 'us-east-1' })).rejects.toThrow(
      "'--region' must be the central region eu-west-1 (central.region) without --management; got 'us-east-1'",
    );
    fake = management();
    await expect(run({ management: true, region: 'sa-east-1' })).rejects.toThrow(
      /^'--region' must be a region of the management stacks \(us-east-1, eu-west-1, eu-central-1, ap-northeast-1\)/,
    );
  });

  test('a management region without its stack is a finding; --region limits the regions', async () => {
    fake = management();
    fake.regions.get('eu-central-1')!.stacks.clear();
    const report = await run({ management: true, skipProbes: true });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'stack-missing', subject: 'keywatch-management-eu-central-1' })]);
    const one = await run({ management: true, region: 'ap-northeast-1' });
    expect(one.regions).toEqual(['ap-northeast-1']);
    expect(one.findings).toEqual([]);
  });

  test('the report renders as a terminal table, Markdown and JSON', async () => {
    fake = central();
    const report = await run();
    const doc = verifyDocument(report);
    const table = renderDocument(doc, 'table');
    expect(table).toMatch(/Result\s+verified, no findings/);
    expect(table).toMatch(/IP semantics\s+event-ruler \(eu-west-1\)/);
    expect(table).toMatch(new RegExp(`TestEventPattern calls\\s+${report.summary.testEventPatternCalls}`));
    expect(table).toContain('Blind spots of the plan');
    expect(renderDocument(doc, 'markdown')).toContain('| IP semantics | event-ruler (eu-west-1) |');
    expect(JSON.parse(renderDocument(doc, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
