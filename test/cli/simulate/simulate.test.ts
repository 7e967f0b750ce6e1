import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require('../../../scripts/bench/generate') as { generateCorpus: (dir: string, events: number, seed?: number) => unknown };
import { loadSimulationRules, runSimulation, simulate, type Notification, type SimulationRules } from '../../../packages/cli/lib/simulate';
import { runSimulate } from '../../../packages/cli/lib/cli/commands/simulate';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The cloud assembly of the test organization (makeConfig + makeDirectory), synthesized once. */
function synthesize(overrides: Parameters<typeof makeConfig>[0] = {}): string {
  const { app } = buildOrganization(makeConfig(overrides), makeDirectory());
  return app.synth().directory;
}

async function run(rules: SimulationRules, inputs: string[], extra: { since?: Date; until?: Date; stdin?: Readable } = {}) {
  const notifications: Notification[] = [];
  const summary = await runSimulation({ inputs, rules, ...extra, onNotification: (n) => notifications.push(n) });
  const byEvent: Record<string, string[]> = {};
  for (const n of notifications) (byEvent[n.eventID] ??= []).push(n.rule);
  return { notifications, summary, byEvent };
}

describe('runSimulation on a synthesized organization', () => {
  let cdkOut: string;
  let rules: SimulationRules;
  beforeAll(() => {
    cdkOut = synthesize();
    rules = loadSimulationRules(cdkOut);
  });

  test('every fixture format is read, and exactly the expected events alert, with the rule of their account', async () => {
    // GIVEN the fixtures: gzip S3 delivery, pretty JSON, NDJSON (records and wrapped events), a wrapped-event array, corrupt files
    // WHEN
    const { byEvent, summary } = await run(rules, [FIXTURES]);
    // THEN one notification per event used from outside, from the rule of its account (or the fallback rule)
    // an account's own rule, or the rule it shares with the accounts of its policy (notify.mode deduplicated): its pattern lists the account
    const rule = (account: string): string =>
      rules.central.find(
        (r) => r.name.startsWith(`AlertRulesAccount${account}`) || (/^AlertRulesAccounts[0-9A-F]{8}/.test(r.name) && r.matcher.source.includes(`"${account}"`)),
      )!.name;
    const fallback = rules.central.find((r) => r.name.startsWith('AlertRulesUnknownAccounts'))!.name;
    expect(byEvent).toEqual({
      [id(1)]: [rule('444444444444')], // 203.0.113.99, IPv4 outside
      [id(5)]: [rule('444444444444')], // 2001:db8:2000::1, IPv6 outside, a write
      [id(6)]: [fallback], // account not in the directory
      [id(8)]: [rule('111111111111')], // management account, through its own us-east-1 stack
      [id(10)]: [rule('555555555555')], // NDJSON record
      [id(12)]: [rule('666666666666')], // wrapped event in NDJSON
      [id(13)]: [rule('333333333333')], // wrapped-event array
    });
    // 2, 11, 14 come from the allowlist; 3 and 4 use temporary ASIA keys (an AWS service call); 7 is in a region without sender rules
    expect(summary).toMatchObject({
      inputs: 7,
      eventsRead: 14,
      notDelivered: 1, // the Insights record
      notCovered: { '444444444444/us-west-2': 1 },
      forwarded: 7,
      alerted: 7,
      notifications: 7,
      byAccount: { '444444444444': 2, '111111111111': 1, '333333333333': 1, '555555555555': 1, '666666666666': 1, '999999999999': 1 },
      byAccessKey: { AKIAIOSFODNN7EXAMPLE: 6, AKIAEXAMPLESANDBOX01: 1 },
      bySourceIp: { '198.51.100.7': 1, '198.51.100.9': 1, '2001:db8:2000::1': 1, '203.0.113.200': 1, '203.0.113.77': 1, '203.0.113.78': 1, '203.0.113.99': 1 },
    });
  });

  test('scanning log documents gives exactly what parsing every record whole gives', async () => {
    // GIVEN the fixtures and a generated corpus as CloudTrail writes it (the benchmark's generator), in which some
    // keys are used from outside the allowed networks and some documents are corrupt or in other formats
    const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-scan-'));
    generateCorpus(corpus, 3000, 99);
    const first = fs
      .readdirSync(corpus, { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.json.gz'))!;
    const text = zlib.gunzipSync(fs.readFileSync(path.join(corpus, first))).toString();
    fs.writeFileSync(path.join(corpus, 'truncated.json'), text.slice(0, text.length - 10)); // invalid JSON near its end
    fs.writeFileSync(path.join(corpus, 'not-ascii.json'), text.replace('"eventVersion"', '"résumé":1,"eventVersion"'));
    // a document whose records are not all plain CloudTrail API calls: no eventID, an Insights record, a wrapped
    // EventBridge event, a record without eventSource (classified whole), then an ordinary one
    const [ordinary] = (JSON.parse(text) as { Records: Array<Record<string, unknown>> }).Records;
    const odd = [
      { ...ordinary, eventID: undefined },
      { ...ordinary, eventType: 'AwsCloudTrailInsight' },
      {
        version: '0',
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.s3',
        account: ordinary.recipientAccountId,
        region: ordinary.awsRegion,
        time: ordinary.eventTime,
        detail: ordinary,
      },
      { ...ordinary, eventSource: undefined },
      { eventVersion: 7 },
      ordinary,
    ];
    fs.writeFileSync(path.join(corpus, 'odd.json'), JSON.stringify({ Records: odd }));
    // WHEN both ways
    const inputs = [FIXTURES, corpus];
    const scanned = await run(rules, inputs);
    const notifications: Notification[] = [];
    const whole = await runSimulation({ inputs, rules, readWholeRecords: true, onNotification: (n) => notifications.push(n) });
    // THEN the same notifications, in the same order, and the same summary (problems included)
    expect(scanned.notifications).toEqual(notifications);
    expect(scanned.summary).toEqual(whole);
    expect(whole.notifications).toBeGreaterThan(10);
    expect(whole.problemCount).toBeGreaterThan(0);
    expect(whole.eventsRead).toBeGreaterThan(4000);
  });

  test('the message is the e-mail target rendered for the event, with the rule name', async () => {
    const { notifications } = await run(rules, [path.join(FIXTURES, 'ndjson')]);
    const n = notifications.find((x) => x.eventID === id(12))!;
    expect(n).toMatchObject({
      account: '666666666666',
      region: 'eu-west-1',
      accessKeyId: 'AKIAEXAMPLESANDBOX01',
      sourceIPAddress: '203.0.113.78',
      eventName: 'ListBuckets',
    });
    const lines = n.message.split('\n');
    expect(lines[0]).toBe('"keywatch: an IAM access key was used from an IP address outside the networks allowed for this account."');
    expect(lines).toContain('"Account: 666666666666 (sandbox-alice)"');
    expect(lines).toContain('"Access key: AKIAEXAMPLESANDBOX01"');
    expect(lines).toContain('"Source IP: 203.0.113.78"');
    expect(lines).toContain('"API call: ListBuckets on s3.amazonaws.com (read-only: true)"');
    // the last line names the user agent as untrusted without copying it (#14 item 15); the rule comes just before
    expect(lines[lines.length - 2]).toBe(`"Sent by keywatch rule: ${n.rule}"`);
    expect(lines[lines.length - 1]).toMatch(/^"User agent: not copied here/);
  });

  test('unreadable inputs are reported with file and position, and the run goes on', async () => {
    const { summary } = await run(rules, [path.join(FIXTURES, 'corrupt'), path.join(FIXTURES, 'ndjson'), path.join(FIXTURES, 'missing.json')]);
    const problems = summary.problems.map((p) => [path.basename(p.source), p.position, p.message.replace(/ \(.*\)/, '')]);
    expect(problems).toEqual([
      ['missing.json', {}, expect.stringMatching(/^cannot read: ENOENT/)],
      ['not-gzip.json.gz', { byte: 0 }, 'not valid gzip; file skipped'],
      ['truncated.json', { byte: 700, line: 1 }, 'invalid JSON: Unterminated string in JSON at position 700'],
      ['truncated.json.gz', { byte: 455 }, 'gzip data is truncated after 455 decompressed bytes; reading what is there'],
      ['truncated.json.gz', { byte: 455, line: 1 }, 'invalid JSON: Unterminated string in JSON at position 455'],
      ['mixed.ndjson', { line: 3 }, expect.stringMatching(/^invalid JSON: Unterminated string/)],
      ['mixed.ndjson', { line: 6 }, expect.stringMatching(/^expected a CloudTrail record or an EventBridge event/)],
    ]);
    expect(summary.eventsRead).toBe(3);
    expect(summary.alerted).toBe(2);
  });

  test('--since and --until keep only events whose eventTime is inside the window', async () => {
    const { byEvent, summary } = await run(rules, [FIXTURES], { since: new Date('2026-11-21T00:00:00Z'), until: new Date('2026-11-22T10:01:30Z') });
    expect(Object.keys(byEvent).sort()).toEqual([id(6), id(8), id(10)]);
    expect(summary.outsideWindow).toBe(14 - 6);
  });

  test('stdin is read as plain NDJSON or gzip', async () => {
    const line = fs.readFileSync(path.join(FIXTURES, 'ndjson', 'mixed.ndjson'), 'utf8');
    const plain = await run(rules, ['-'], { stdin: Readable.from([line.slice(0, 100), line.slice(100)]) });
    expect(Object.keys(plain.byEvent)).toEqual([id(10), id(12)]);
    const gz = zlib.gzipSync(line);
    const gzipped = await run(rules, ['-'], { stdin: Readable.from([gz.subarray(0, 10), gz.subarray(10)]) });
    expect(gzipped.byEvent).toEqual(plain.byEvent);
    expect(gzipped.summary.problems.map((p) => p.position)).toEqual([{ line: 3, byte: expect.any(Number) }, { line: 6 }]);
  });

  test('simulate --json prints one object per notification and the summary last', async () => {
    let out = '';
    await simulate({ inputs: [path.join(FIXTURES, 'wrapped')], cdkOut, format: 'json', write: (t) => (out += t), progress: false });
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['eventID', 'account', 'region', 'accessKeyId', 'sourceIPAddress', 'eventName', 'rule', 'message']);
    expect(lines[0]).toMatchObject({ eventID: id(13), account: '333333333333', sourceIPAddress: '203.0.113.200', eventName: 'DescribeInstances' });
    expect(lines[0].message).toContain('"Account: 333333333333 (network)"');
    expect(lines[1].summary).toMatchObject({ eventsRead: 2, forwarded: 1, alerted: 1, notifications: 1 });
  });

  test('simulate prints each e-mail then a text summary', async () => {
    let out = '';
    await simulate({ inputs: [path.join(FIXTURES, 'wrapped')], cdkOut, write: (t) => (out += t), progress: false });
    // 333333333333 shares its policy's rule; the gate's directory (read from the synthesized state machine) names it in the text
    expect(out).toMatch(/^=== alert 1: rule AlertRulesAccounts[0-9A-F]{8}\w* \| account 333333333333 \| eu-west-1 \| event 0+-0+-4000-8000-0+13\n"keywatch: /);
    expect(out).toContain('"Account: 333333333333 (network)"');
    expect(out).toContain('keywatch simulate: summary\n  inputs read:        1\n  events read:        2\n');
    expect(out).toContain('  alerted:            1 events, 1 notifications\n');
    expect(out).toMatch(/alerts by source IP:\n +1 {2}203\.0\.113\.200\n/);
  });
});

describe('runSimulation and the rule state', () => {
  test('without readOnlyEvents (State ENABLED) read-only calls are not delivered, changes are', async () => {
    const rules = loadSimulationRules(synthesize({ watch: { readOnlyEvents: false } }));
    expect(rules.senders[0].rules[0].state).toBe('ENABLED');
    const { byEvent } = await run(rules, [path.join(FIXTURES, 'logs')]);
    expect(Object.keys(byEvent)).toEqual([id(5)]); // CreateUser; ListBuckets, GetCallerIdentity and ListUsers are read-only
  });
});

describe('simulate', () => {
  test('rejects a bad --since before reading anything', async () => {
    await expect(runSimulate({ inputs: ['-'], since: 'yesterday', cdkOut: fs.mkdtempSync(path.join(os.tmpdir(), 'kw-')) })).rejects.toThrow(
      /'--since' must be a duration/,
    );
  });
});
