import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
import { loadSimulationRules, resolveText } from '../../../packages/cli/lib/simulate';
import { ensureCdkOut } from '../../../packages/cli/lib/synth/ensure-cdk-out';

describe('loadSimulationRules', () => {
  test('finds the StackSet rules through its TemplateURL, the management stacks, and the alert rules on the receiver bus', () => {
    // GIVEN a delegated-admin organization in us-east-1 and eu-west-1, six known accounts
    const dir = buildOrganization(makeConfig(), makeDirectory()).app.synth().directory;
    // WHEN
    const rules = loadSimulationRules(dir);
    // THEN
    expect(rules.senders.map((s) => [s.origin, s.account, [...(s.regions ?? [])]])).toEqual([
      ['stack keywatch-management-us-east-1', '111111111111', ['us-east-1']],
      ['stack keywatch-management-eu-west-1', '111111111111', ['eu-west-1']],
      ['StackSet keywatch-sender', undefined, ['us-east-1', 'eu-west-1']],
    ]);
    // the management stacks hold the member sender rules too (us-east-1 may add its own); identical patterns share one matcher
    const member = rules.senders[2].rules.map((r) => r.matcher);
    expect(member.length).toBeGreaterThan(0);
    for (const scope of rules.senders.slice(0, 2)) expect(scope.rules.map((r) => r.matcher)).toEqual(expect.arrayContaining(member));
    expect(rules.senders.every((s) => s.rules.every((r) => r.targets.some((t) => t.kind === 'event-bus')))).toBe(true);
    expect(rules.bus).toEqual({ name: 'keywatch-receiver', account: '222222222222', region: 'eu-west-1' });
    const alertRules = rules.central.filter((r) => /^AlertRules(Account\d{12}|Accounts[0-9A-F]{8}|UnknownAccounts)/.test(r.name));
    // notify.mode deduplicated: every account here has the default policy, so they share one rule, named by its policy
    expect(alertRules.map((r) => r.name.replace(/[0-9A-F]{8}$/, '').replace(/^AlertRulesAccounts[0-9A-F]{8}/, 'AlertRulesAccounts<policy>'))).toEqual([
      'AlertRulesAccounts<policy>',
      'AlertRulesUnknownAccounts1',
    ]);
    // the shared rule's gate target carries the gate's directory, read from the synthesized state machine
    expect(Object.keys(alertRules[0].targets[0].gateDirectory ?? {})).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
      '555555555555',
      '666666666666',
    ]);
    expect(alertRules[0].targets[0].gateDirectory?.['333333333333']).toEqual({ chat: ['network', 'Infrastructure', 'network@example.com'] });
    expect(rules.central.every((r) => r.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS')).toBe(true);
    // notify.mode deduplicated (the default): the notify gate (a state machine) and the alert log
    expect(rules.central[0].targets.map((t) => t.kind)).toEqual(['notify-gate', 'log']);
  });

  test('says to run keywatch synth when the directory is not a cloud assembly', () => {
    expect(() => loadSimulationRules(fs.mkdtempSync(path.join(os.tmpdir(), 'kw-empty-')))).toThrow(
      /'--cdk-out' must be a cloud assembly written by `keywatch synth`/,
    );
  });
});

describe('resolveText', () => {
  test('resolves what CDK emits for ARNs and templates', () => {
    expect(resolveText({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:1:event-bus/b']] })).toBe(
      'arn:aws:events:eu-west-1:1:event-bus/b',
    );
    expect(resolveText({ 'Fn::Sub': 'https://s3.${AWS::Region}.${AWS::URLSuffix}/x' }, { region: 'eu-west-1' })).toBe('https://s3.eu-west-1.amazonaws.com/x');
    expect(resolveText({ Ref: 'Topic' })).toBe('{{Ref:Topic}}');
    expect(resolveText({ 'Fn::If': [] })).toBeUndefined();
  });
});

describe('ensureCdkOut', () => {
  const CONFIG =
    'organization: {id: o-exampleorg1, managementAccount: "111111111111"}\ncentral: {account: "222222222222", region: eu-west-1}\n' +
    'deployment: {organizationalUnits: [r-ab12], regions: [eu-west-1], delegatedAdmin: true}\nallow: {networks: [192.0.2.0/24]}\nnotify: {email: [secops@example.com]}\n';

  test('decides staleness by content: a touched file is not stale, a changed one or another configuration is', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-ensure-'));
    const cdkOut = path.join(work, 'cdk.out');
    const a = path.join(work, 'a.yml');
    const b = path.join(work, 'b.yml');
    fs.writeFileSync(a, CONFIG);
    fs.writeFileSync(b, CONFIG.replace('192.0.2.0/24', '198.51.100.0/24'));
    const log: string[] = [];
    const ensure = (configFile: string) => ensureCdkOut({ cdkOut, configFile, log: (m) => log.push(m) });
    expect(await ensure(a)).toEqual({ cdkOut, synthesized: true });
    expect(log[0]).toBe(`${cdkOut} has no cloud assembly; synthesizing ${a}`);
    expect(loadSimulationRules(cdkOut).central.length).toBeGreaterThan(0);
    expect(await ensure(a)).toEqual({ cdkOut, synthesized: false });
    // touching the file changes nothing
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(a, later, later);
    expect((await ensure(a)).synthesized).toBe(false);
    // another configuration whose file is OLDER than the assembly is still another configuration
    const earlier = new Date(Date.now() - 3_600_000);
    fs.utimesSync(b, earlier, earlier);
    expect((await ensure(b)).synthesized).toBe(true);
    expect(log).toContain(`${cdkOut} was synthesized from another configuration than ${b} as it is now; synthesizing again`);
    // the assembly now holds b's rules: the complement of 198.51.100.0/24 starts its neighbour, and a's is gone
    const sender = loadSimulationRules(cdkOut).senders[0].rules[0].matcher.source;
    expect(sender).toContain('"198.51.101.0/24"');
    expect(sender).not.toContain('"192.0.3.0/24"');
    // editing the content of the same file is stale too
    fs.writeFileSync(a, CONFIG.replace('192.0.2.0/24', '203.0.113.0/24'));
    expect((await ensure(a)).synthesized).toBe(true);
  });

  test('a named --cdk-out without an assembly is an error, not a synth of the bundled example into it', async () => {
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kw-ensure-')), 'nope');
    await expect(ensureCdkOut({ cdkOut: missing })).rejects.toThrow(`'--cdk-out' names ${missing}, which holds no cloud assembly (no manifest.json)`);
    expect(fs.existsSync(missing)).toBe(false);
  });

  test('a failed synth leaves the previous assembly as it was and no staging directory behind', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-ensure-'));
    const cdkOut = path.join(work, 'cdk.out');
    const good = path.join(work, 'good.yml');
    fs.writeFileSync(good, CONFIG);
    await ensureCdkOut({ cdkOut, configFile: good, log: () => undefined });
    const before = fs.readdirSync(cdkOut).sort();
    const manifest = fs.readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8');
    // a configuration that passes validation but cannot fit the quotas fails during compilation
    const tooSmall = path.join(work, 'small.yml');
    fs.writeFileSync(tooSmall, CONFIG + 'quotas: {rulesPerBus: 2}\n');
    await expect(ensureCdkOut({ cdkOut, configFile: tooSmall, log: () => undefined })).rejects.toThrow(/quota/i);
    expect(fs.readdirSync(cdkOut).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(fs.readdirSync(work).sort()).toEqual(['cdk.out', 'good.yml', 'small.yml']);
  });
});
