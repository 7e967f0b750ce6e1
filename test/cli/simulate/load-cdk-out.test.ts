import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
import { ensureCdkOut, loadSimulationRules, resolveText } from '../../../packages/cli/lib/simulate';

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
    const alertRules = rules.central.filter((r) => /^AlertRules(Account\d{12}|UnknownAccounts)/.test(r.name));
    expect(alertRules.map((r) => r.name.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      ...['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'].map((a) => `AlertRulesAccount${a}`),
      'AlertRulesUnknownAccounts1',
    ]);
    expect(rules.central.every((r) => r.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS')).toBe(true);
    expect(rules.central[0].targets.map((t) => t.kind)).toEqual(['email', 'log']);
  });

  test('says to run keywatch synth when the directory is not a cloud assembly', () => {
    expect(() => loadSimulationRules(fs.mkdtempSync(path.join(os.tmpdir(), 'kw-empty-')))).toThrow(/'--cdk-out' must be a cloud assembly written by `keywatch synth`/);
  });
});

describe('resolveText', () => {
  test('resolves what CDK emits for ARNs and templates', () => {
    expect(resolveText({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:1:event-bus/b']] })).toBe('arn:aws:events:eu-west-1:1:event-bus/b');
    expect(resolveText({ 'Fn::Sub': 'https://s3.${AWS::Region}.${AWS::URLSuffix}/x' }, { region: 'eu-west-1' })).toBe('https://s3.eu-west-1.amazonaws.com/x');
    expect(resolveText({ Ref: 'Topic' })).toBe('{{Ref:Topic}}');
    expect(resolveText({ 'Fn::If': [] })).toBeUndefined();
  });
});

describe('ensureCdkOut', () => {
  test('uses a fresh assembly as it is, and synthesizes again when the config is newer', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-ensure-'));
    const cdkOut = path.join(work, 'cdk.out');
    const config = path.join(work, 'keywatch.yml');
    fs.writeFileSync(
      config,
      'organization: {id: o-exampleorg1, managementAccount: "111111111111"}\ncentral: {account: "222222222222", region: eu-west-1}\n' +
        'deployment: {organizationalUnits: [r-ab12], regions: [eu-west-1], delegatedAdmin: true}\nallow: {networks: [192.0.2.0/24]}\nnotify: {email: [secops@example.com]}\n',
    );
    const log: string[] = [];
    expect(await ensureCdkOut({ cdkOut, configFile: config, log: (m) => log.push(m) })).toEqual({ cdkOut, synthesized: true });
    expect(log[0]).toBe(`${cdkOut} has no cloud assembly; synthesizing ${config}`);
    expect(loadSimulationRules(cdkOut).central.length).toBeGreaterThan(0);
    expect(await ensureCdkOut({ cdkOut, configFile: config, log: (m) => log.push(m) })).toEqual({ cdkOut, synthesized: false });
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(config, later, later);
    expect((await ensureCdkOut({ cdkOut, configFile: config, log: (m) => log.push(m) })).synthesized).toBe(true);
    expect(log).toContain(`${config} is newer than ${cdkOut}; synthesizing again`);
  });
});
