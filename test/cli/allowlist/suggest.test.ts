import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { parse } from 'yaml';
import { KeywatchError } from '@keywatch/shared';
import { loadConfig } from '@keywatch/central';
import { renderDirectoryYaml } from '../../../packages/cli/lib/accounts/render-yaml';
import { suggestAllowlist, type SuggestAllowlistOptions } from '../../../packages/cli/lib/allowlist/suggest';
import { runSimulate } from '../../../packages/cli/lib/cli/commands/simulate';
import { makeDirectory } from '../../helpers/config';
import { ATTACKER_IP, EXCLUDED_KEY, SHOP_DEV, SHOP_PROD, TRUTH, cloudTrailRecord, plantedCorpus, type PlannedCall } from '../../helpers/planted-corpus';

const AWS_RANGES = path.join(__dirname, '..', '..', 'fixtures', 'aws-ip-ranges', 'ip-ranges.json');
const CLOUDTRAIL_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');
const NOW = new Date('2026-11-25T12:00:00Z');

/** The planted organization's keywatch.yml, with comments, a flow list and a replace section to keep. */
const CONFIG = `# keywatch for the planted organization
organization:
  id: o-exampleorg1
  managementAccount: "111111111111" # quote account IDs
central:
  account: "222222222222"
  region: eu-west-1
deployment:
  organizationalUnits: [r-ab12]
  regions: [us-east-1, eu-west-1]
  delegatedAdmin: true
watch:
  excludeAccessKeys:
    - ${EXCLUDED_KEY} # the backup appliance
allow:
  networks:
    - 192.0.2.0/24 # head office
    - 2001:db8:1000::/48
  accounts:
    # sandboxes start from nothing
    - account: sandbox-alice
      mode: replace
      networks: [192.0.2.0/24]
notify:
  email: [secops@example.com] # the security team
accounts: accounts.yml
`;

/** Writes calls as CloudTrail S3 deliveries (one gzip document per account and day) under `dir`. */
function writeLogs(dir: string, calls: readonly PlannedCall[], first = 1): void {
  const groups = new Map<string, Record<string, unknown>[]>();
  calls.forEach((c, i) => {
    const day = c.time.slice(0, 10).replace(/-/g, '/');
    const key = `AWSLogs/${c.account}/CloudTrail/eu-west-1/${day}/${c.account}_CloudTrail_eu-west-1_${c.time.slice(0, 10).replace(/-/g, '')}T0000Z_x.json.gz`;
    groups.set(key, [...(groups.get(key) ?? []), cloudTrailRecord(c, first + i)]);
  });
  for (const [rel, records] of groups) {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), zlib.gzipSync(JSON.stringify({ Records: records })));
  }
}

function organization(): { dir: string; config: string; logs: string; heldBack: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-suggest-'));
  const { training, heldBack } = plantedCorpus();
  fs.writeFileSync(path.join(dir, 'keywatch.yml'), CONFIG);
  fs.writeFileSync(path.join(dir, 'accounts.yml'), renderDirectoryYaml(makeDirectory()));
  writeLogs(path.join(dir, 'logs'), training);
  writeLogs(path.join(dir, 'held-back'), heldBack, 100_000);
  return { dir, config: path.join(dir, 'keywatch.yml'), logs: path.join(dir, 'logs'), heldBack: path.join(dir, 'held-back') };
}

function run(options: Partial<SuggestAllowlistOptions> & { inputs: string[] }) {
  let out = '';
  let err = '';
  const result = suggestAllowlist({ awsRanges: AWS_RANGES, now: NOW, progress: false, write: (t) => (out += t), warn: (t) => (err += `${t}\n`), ...options });
  return result.then((r) => ({ ...r, out, err }));
}

const networksOf = (s: Awaited<ReturnType<typeof run>>['suggestion']) => ({
  organization: s.organization.map((n) => n.network),
  accounts: Object.fromEntries(s.accounts.map((a) => [a.account, a.networks.map((n) => n.network)])),
});

describe('keywatch allowlist suggest on CloudTrail logs with planted networks', () => {
  test('proposes the planted networks, patches keywatch.yml keeping comments and order, and simulate then alerts only on what was left out', async () => {
    // GIVEN a week of CloudTrail logs and a configuration with comments
    const org = organization();
    // WHEN
    const r = await run({ inputs: [org.logs], config: org.config, writeConfig: true, diff: true });
    // THEN the planted networks, and none of the noise
    expect(networksOf(r.suggestion)).toEqual({ organization: TRUTH.organization, accounts: TRUTH.accounts });
    expect(r.findings).toBe(false);
    const patched = fs.readFileSync(org.config, 'utf8');
    // every original line is still there, in the same order
    const lines = patched.split('\n');
    let at = 0;
    for (const line of CONFIG.trimEnd().split('\n')) {
      const found = lines.indexOf(line.replace('networks: [192.0.2.0/24]', 'networks:'), at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found + 1;
    }
    // nothing removed, every planted network added once with its evidence as a comment
    const yaml = parse(patched) as { allow: { networks: string[]; accounts: Array<{ account: string; mode?: string; networks: string[] }> } };
    expect(yaml.allow.networks).toEqual(['192.0.2.0/24', '2001:db8:1000::/48', ...TRUTH.organization]);
    const section = (name: string) => yaml.allow.accounts.find((a) => a.account === name)!;
    expect(section('sandbox-alice')).toEqual({ account: 'sandbox-alice', mode: 'replace', networks: ['192.0.2.0/24', ...TRUTH.organization] });
    expect(section('shop-prod').networks).toEqual(TRUTH.accounts[SHOP_PROD]);
    expect(section('shop-dev').networks).toEqual(TRUTH.accounts[SHOP_DEV]);
    for (const n of [...TRUTH.organization, ...TRUTH.accounts[SHOP_PROD], ...TRUTH.accounts[SHOP_DEV]]) {
      expect(patched).toMatch(
        new RegExp(`- ${n.replace(/[./]/g, '\\$&')} # keywatch allowlist suggest 2026-11-25: \\d+ calls on 7 days 2026-11-16\\.\\.2026-11-22`),
      );
    }
    expect(patched).toMatch(/- 198\.19\.0\.25\/32 # .*AWS EC2 \[cloud\]/);
    // it validates, and simulate on the training logs finds nothing above the thresholds
    expect(() => loadConfig(org.config, { now: NOW })).not.toThrow();
    expect(r.check).toMatchObject({ aboveThresholds: 0 });
    expect(r.check!.alerts).toBeGreaterThan(0); // the attacker's day, the AWS service and private addresses still alert
    expect(r.out).toContain('Check: simulate on the same logs with the patched configuration: 0 alerts above thresholds');
    expect(r.out).toMatch(/^\+ {8}- 203\.0\.112\.0\/23 # /m);
    // AND the held-back attacker calls still alert with the patched configuration
    const summary = await runSimulate({
      inputs: [org.heldBack],
      config: org.config,
      cdkOut: path.join(org.dir, 'cdk.out'),
      write: () => undefined,
      progress: false,
    });
    expect(summary.bySourceIp).toEqual({ [ATTACKER_IP]: 3 });
    // AND suggesting again proposes nothing and leaves the file as it is
    const again = await run({ inputs: [org.logs], config: org.config, writeConfig: true });
    expect(networksOf(again.suggestion)).toEqual({ organization: [], accounts: {} });
    expect(fs.readFileSync(org.config, 'utf8')).toBe(patched);
    expect(again.out).toContain('Check: nothing to add');
  }, 300_000);

  test('--json is one document with the evidence; without --write-config the file is untouched', async () => {
    const org = organization();
    const r = await run({ inputs: [org.logs], config: org.config, format: 'json', check: false });
    const doc = JSON.parse(r.out) as {
      suggestion: { accounts: Array<{ account: string; networks: Array<{ network: string; onlyKey?: string }> }> };
      added: unknown[];
      awsRanges: object;
    };
    expect(doc.suggestion.accounts.find((a) => a.account === SHOP_DEV)!.networks.find((n) => n.network === TRUTH.onlyKey.network)!.onlyKey).toBe(
      TRUTH.onlyKey.key,
    );
    expect(doc.added).toHaveLength(TRUTH.organization.length + 1 /* sandbox-alice's replace section */ + 4);
    expect(doc.awsRanges).toEqual({ file: AWS_RANGES, syncToken: '1764547200', createDate: '2026-12-01-00-00-00' });
    expect(fs.readFileSync(org.config, 'utf8')).toBe(CONFIG);
  });

  test('reads the JSON output of keywatch hunt', async () => {
    const org = organization();
    const findings = plantedCorpus().training.map((c, i) => ({
      eventId: `e-${i}`,
      eventTime: c.time,
      account: c.account,
      region: 'eu-west-1',
      accessKeyId: c.key,
      userName: c.user,
      sourceIpAddress: c.ip,
      eventSource: 's3.amazonaws.com',
      eventName: c.eventName,
      readOnly: true,
    }));
    const hunt = path.join(org.dir, 'hunt.json');
    fs.writeFileSync(hunt, JSON.stringify({ findings, summary: { findings: findings.length } }));
    const r = await run({ inputs: [], fromHunt: hunt, config: org.config });
    expect(networksOf(r.suggestion)).toEqual({ organization: TRUTH.organization, accounts: TRUTH.accounts });
    expect(r.out).toContain('Check: not run (it replays CloudTrail logs; hunt findings are not logs)');
    // --since/--until apply to findings too: on the last two days the office had 3 calls a day per account (6 in all),
    // each per-account network one a day (2 in all, below the 3-call threshold)
    const window = await run({ inputs: [], fromHunt: hunt, config: org.config, since: new Date('2026-11-21T00:00:00Z'), check: false });
    expect(window.read.outsideWindow).toBe(findings.filter((f) => f.eventTime < '2026-11-21').length);
    expect(networksOf(window.suggestion)).toEqual({ organization: TRUTH.organization, accounts: {} });
  });

  test('hunt output of another shape, and bad options, are clear errors', async () => {
    const org = organization();
    const bad = path.join(org.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ findings: [{ eventTime: '2026-11-20T00:00:00Z', account: '444444444444', accessKeyId: 'AKIAX', eventName: 'X' }] }));
    await expect(run({ inputs: [], fromHunt: bad, config: org.config })).rejects.toThrow(
      /bad\.json is not the output of `keywatch hunt --json` .*: findings\[0\]\.sourceIpAddress .*; run `keywatch hunt --json > /,
    );
    fs.writeFileSync(bad, '[]');
    await expect(run({ inputs: [], fromHunt: bad, config: org.config })).rejects.toThrow(/\(top level\)/);
    await expect(run({ inputs: [], config: org.config })).rejects.toThrow(KeywatchError);
    await expect(run({ inputs: [org.logs], fromHunt: bad, config: org.config })).rejects.toThrow(/not both/);
    await expect(run({ inputs: [path.join(org.dir, 'nope')], config: org.config })).rejects.toThrow(/not found: .*nope/);
    await expect(run({ inputs: [org.logs], config: org.config, ipv4Prefix: 8 })).rejects.toThrow(/'--ipv4-prefix' must be an integer from 16 to 32; got '8'/);
  });
});

describe('keywatch allowlist suggest on the repository CloudTrail fixtures', () => {
  test('each address was seen once: nothing at the default thresholds; with --min-days 1 --min-calls 1 the outside /24s per account', async () => {
    // GIVEN examples/keywatch.yml and the fixtures, whose comments say which calls come from outside the allowlist
    const config = path.join(__dirname, '..', '..', '..', 'examples', 'keywatch.yml');
    const strict = await run({ inputs: [CLOUDTRAIL_FIXTURES], config, check: false });
    expect(networksOf(strict.suggestion)).toEqual({ organization: [], accounts: {} });
    expect(strict.suggestion.notSuggested.every((n) => n.reason === 'below-thresholds')).toBe(true);
    // WHEN every call counts
    const loose = await run({ inputs: [CLOUDTRAIL_FIXTURES], config, check: false, minDays: 1, minCalls: 1 });
    // THEN 444444444444's IPv6 call is inside its OU's 2001:db8:2000::/56; the temporary keys are not watched
    expect(networksOf(loose.suggestion)).toEqual({
      organization: [],
      accounts: {
        '111111111111': ['198.51.100.0/24'],
        '333333333333': ['203.0.113.0/24'],
        '444444444444': ['198.51.100.0/24', '203.0.113.0/24'],
        '555555555555': ['192.0.2.0/24', '203.0.113.0/24'],
        '666666666666': ['203.0.113.0/24'],
        '999999999999': ['198.51.100.0/24'],
      },
    });
    expect(loose.suggestion.stats).toMatchObject({ unwatchedKey: 2, alreadyAllowed: 3 });
    // an account missing from the directory cannot get a section: reported, and a finding
    expect(loose.patch.skipped.map((s) => s.account)).toEqual(['999999999999']);
    expect(loose.findings).toBe(true);
    expect(loose.err).toMatch(/not valid gzip/);
  });
});

describe('keywatch allowlist suggest on standard input', () => {
  test('reads "-" like simulate, and says the check needs files', async () => {
    const { training } = plantedCorpus();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-suggest-stdin-'));
    fs.writeFileSync(path.join(dir, 'keywatch.yml'), CONFIG);
    fs.writeFileSync(path.join(dir, 'accounts.yml'), renderDirectoryYaml(makeDirectory()));
    const ndjson = training.map((c, i) => JSON.stringify(cloudTrailRecord(c, i + 1))).join('\n');
    const r = await run({ inputs: ['-'], config: path.join(dir, 'keywatch.yml'), stdin: Readable.from([Buffer.from(ndjson)]) });
    expect(networksOf(r.suggestion)).toEqual({ organization: TRUTH.organization, accounts: TRUTH.accounts });
    expect(r.check).toBeUndefined();
    expect(r.out).toContain('Check: not run (standard input was read once and cannot be replayed; give the logs as files to check)');
  });
});
