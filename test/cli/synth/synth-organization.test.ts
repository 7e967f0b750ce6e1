import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { renderSynthSummary, summarize, synthOrganization } from '@keywatch/cli';
import { compileOrganization, customMetricMonthlyUsd } from '@keywatch/shared';
import { BASE_CONFIG, makeConfig } from '../../helpers/config';
import { runCli } from '../../../packages/cli/lib/cli/run';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-synth-'));

/** The synth summary of `config` compiled, with the assembly facts synth would add (no templates, no warnings). */
function summaryOf(config: ReturnType<typeof makeConfig>, managementStacks: string[] = []): ReturnType<typeof summarize> {
  return summarize(config, compileOrganization(config), {
    configFile: 'keywatch.yml',
    outdir: 'cdk.out',
    stackSetHost: 'keywatch-central',
    centralStackName: 'keywatch-central',
    managementStacks,
    alertLogGroup: '/keywatch/alerts',
    stackSetName: 'keywatch-sender',
    templates: [],
    warnings: [],
  });
}

describe('synthOrganization', () => {
  test('synthesizes the example into the output directory and summarizes it', () => {
    // GIVEN
    const out = path.join(tmp(), 'cdk.out');
    // WHEN
    const s = synthOrganization({ outdir: out, eventsPerMonth: 2_500_000 });
    // THEN
    const files = fs.readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['keywatch-central.template.json', 'keywatch-management-us-east-1.template.json', 'manifest.json']));
    expect(files.some((f) => f.endsWith('.stackset.template.json'))).toBe(true);
    expect(s.configFile).toBe(EXAMPLE_CONFIG_FILE);
    expect(s.central.stackName).toBe('keywatch-central');
    expect(s.managementStacks).toEqual([
      'keywatch-management-us-east-1',
      'keywatch-management-eu-west-1',
      'keywatch-management-eu-central-1',
      'keywatch-management-ap-northeast-1',
    ]);
    expect(s.stackSet).toMatchObject({ name: 'keywatch-sender', host: 'keywatch-central', callAs: 'DELEGATED_ADMIN' });
    expect(s.stackSet.instances).toBe((s.memberAccounts ?? NaN) * 4);
    expect(s.receiverRules).toMatchObject({ onboarding: 1, heartbeat: 1, tamper: 1, senderDelivery: 1, archive: 1, total: s.receiverRules.alert + 5 });
    expect(s.onboarding).toEqual({ forwardedBy: 'keywatch-management-us-east-1' });
    expect(s.estimate.monthlyUsd).toBeCloseTo(2.5);
    expect(s.templates).toHaveLength(6);
    const text = renderSynthSummary(s);
    expect(text).toMatch(/Forwarding cost\s+estimate: \$2\.50\/month for 2,500,000 forwarded events/);
    // the example's one reachable blind spot (the IPv4 shadow of 2001:db8:1000::/48), named once, plus the count of unreachable ones
    expect(s.blindSpots.reachable).toEqual(['32.1.13.184']);
    expect(text).toMatch(/IP blind spots\s+1 a caller can come from \(32\.1\.13\.184; see the warnings\), \d+ in IPv6 space outside 2000::\/3/);
    expect(s.warnings.filter((w) => w.includes('32.1.13.184'))).toHaveLength(1);
    // the example's six default-policy accounts share one rule (#15 item 2)
    expect(text).toMatch(
      /Receiver bus rules\s+13 of 300 \(\d+%\): 8 alert \(1 shared by 6 accounts of the same policy\) \+ 1 onboarding \+ 1 heartbeat \+ 1 tamper \+ 1 sender delivery \+ 1 archive/,
    );
    expect(text).toMatch(
      /New accounts\s+AWS Organizations account events forwarded by keywatch-management-us-east-1 \(\+1 rule on its default bus\) → onboarding rule → e-mail/,
    );
    // liveness: one alarm per ACTIVE directory account × region, and the cost for this deployment, 100 and 1,000 accounts × 17 regions
    expect(s.liveness.alarms).toBe((s.memberAccounts ?? NaN) * 4 + 4); // the management account has alarms too
    expect(s.liveness.metricFilters).toBe(4 + 1); // one heartbeat filter per region + the sender delivery failure count
    expect(s.liveness.costs.map((c) => [c.accounts, c.regions])).toEqual([
      [(s.memberAccounts ?? NaN) + 1, 4],
      [100, 17],
      [1000, 17],
    ]);
    expect(s.liveness.costs[2].alarmsUsd).toBeCloseTo(1700, 6);
    expect(text).toMatch(/Liveness cost\s+\d+ accounts × 4 regions: \$[\d.]+\/month = \d+ alarms/);
    expect(text).toMatch(/\n\s+1,000 accounts × 17 regions: \$[\d.]+\/month = 17,000 alarms \$1700\.00 \+ 17,000 metrics \$3700\.00/);
    // the protection SCP is written next to the templates, valid JSON within the Organizations limit
    const scp = JSON.parse(fs.readFileSync(path.join(s.outdir, 'keywatch-protection.scp.json'), 'utf8'));
    expect(scp.Statement.map((st: { Sid: string }) => st.Sid)).toContain('KeywatchProtectRules');
    expect(s.protection).toMatchObject({ maxChars: 5120, deployed: false });
    expect(text).toMatch(/Protection SCP\s+\S+keywatch-protection\.scp\.json \([\d,]+ of 5,120 characters\); not deployed/);
  });

  test('without a forwarding management stack, says that new accounts are not notified', () => {
    const config = makeConfig({ deployment: { regions: ['eu-west-1'] } });
    const s = summaryOf(config, ['keywatch-management-eu-west-1']);
    expect(s.onboarding).toEqual({ forwardedBy: undefined });
    expect(s.receiverRules.total).toBe(s.receiverRules.alert + 5);
    expect(renderSynthSummary(s)).toMatch(/New accounts\s+NOT notified: no management stack in the region where AWS Organizations records its events/);
  });

  test("the storm alarm's own cost: its custom metric keywatch/AccessKeyAlerts ($0.30 within the first 10,000 metrics, $0.10 after) and its alarm ($0.10)", () => {
    // CloudWatch pricing (us-east-1): custom metrics $0.30 each for the first 10,000, $0.10 for the next 240,000; $0.10 per standard alarm-month.
    const config = makeConfig();
    const s = summaryOf(config);
    expect(s.stormAlarm).toEqual({ metric: 'keywatch/AccessKeyAlerts', metricUsd: 0.3, alarmUsd: 0.1 });
    expect(renderSynthSummary(s)).toMatch(/Storm alarm cost\s+\$0\.40\/month = 1 custom metric keywatch\/AccessKeyAlerts \$0\.30 \+ 1 alarm \$0\.10/);
    expect([customMetricMonthlyUsd(1), customMetricMonthlyUsd(10_000), customMetricMonthlyUsd(10_001)]).toEqual([0.3, 0.3, 0.1]);
    expect(() => customMetricMonthlyUsd(0)).toThrow(/'n' must be a whole number of at least 1; got '0'/);
  });

  test('the deployment quota rows are printed with their Service Quotas names, adjustability and verdicts', () => {
    const config = makeConfig();
    const text = renderSynthSummary(summaryOf(config));
    expect(text).toMatch(
      /Deployment quotas\s+AWS CloudFormation 'Stack sets per administrator account' \(adjustable\): 1; quota 1,000 \(100 in older documentation\); management account 111111111111 .* — ok/,
    );
    expect(text).toMatch(
      /\n\s+Amazon CloudWatch Logs 'Metric filters per log group' \(not adjustable\): \d+; quota 100; security account 222222222222 \/ eu-west-1 — ok/,
    );
  });

  test('flags opt-in regions (issue 14 item 4)', () => {
    const config = makeConfig({ deployment: { regions: ['us-east-1', 'eu-west-1', 'af-south-1', 'ap-southeast-7'] } });
    const s = summaryOf(config);
    expect(s.optInRegions).toEqual(['af-south-1', 'ap-southeast-7']);
    expect(renderSynthSummary(s)).toMatch(
      /Regions\s+4: us-east-1, eu-west-1, af-south-1 \(opt-in\), ap-southeast-7 \(opt-in\); opt-in regions must be enabled in every member account/,
    );
  });

  test('warns when no management stack can forward AWS Organizations events', () => {
    const dir = tmp();
    const file = path.join(dir, 'keywatch.yml');
    fs.writeFileSync(file, JSON.stringify({ ...BASE_CONFIG, deployment: { ...BASE_CONFIG.deployment, regions: ['eu-west-1'] } }));
    const s = synthOrganization({ configFile: file, outdir: path.join(dir, 'cdk.out') });
    expect(s.onboarding.forwardedBy).toBeUndefined();
    expect(s.warnings.filter((w) => /where AWS Organizations records its CloudTrail events/.test(w))).toHaveLength(1);
  });

  test('writes nothing when the configuration is invalid', () => {
    const dir = tmp();
    const bad = path.join(dir, 'keywatch.yml');
    fs.writeFileSync(bad, 'organization: {id: nope}\n');
    const out = path.join(dir, 'cdk.out');
    expect(() => synthOrganization({ configFile: bad, outdir: out })).toThrow(ConfigError);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('keywatch synth (CLI)', () => {
  test('parses its options, prints JSON and exits 0', async () => {
    const out = path.join(tmp(), 'o');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await runCli(['synth', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', out, '--events-per-month', '1000000', '--json']);
    const printed = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(code).toBe(0);
    expect(JSON.parse(printed).estimate).toEqual({ eventsPerMonth: 1000000, monthlyUsd: 1, pricePerMillionUsd: 1 });
  });

  test('rejects a malformed --events-per-month with exit code 2', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runCli(['synth', '--events-per-month', 'lots']);
    err.mockRestore();
    expect(code).toBe(2);
  });
});
