import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildExample, buildOrganization } from '../helpers/synth';
import { makeConfig, makeDirectory } from '../helpers/config';
import type { KeywatchApp } from '@keywatch/central';

/** cfn-lint from scripts/oracles/cfn-lint.sh; fails in CI when missing, skips with a warning elsewhere. */
const CFN_LINT = process.env.KEYWATCH_CFN_LINT;
if (!CFN_LINT) {
  if (process.env.CI === 'true') {
    throw new Error('KEYWATCH_CFN_LINT is not set: run scripts/oracles/cfn-lint.sh and source .oracles/env.d/cfn-lint.sh');
  }
  console.warn('cfn-lint oracle missing (run scripts/oracles/cfn-lint.sh): skipping the cfn-lint tests');
}
const maybe = CFN_LINT ? describe : describe.skip;

/** Every template of the organization: stacks plus the StackSet member template. */
function templates(built: KeywatchApp): string[] {
  const dir = built.app.synth().directory;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(dir, f));
}

/** Runs cfn-lint (errors only, no ignored rules) and returns its JSON findings. */
function lint(files: string[]): { Rule: { Id: string }; Level: string; Filename: string; Message: string }[] {
  try {
    execFileSync(CFN_LINT as string, ['--format', 'json', '--', ...files], { encoding: 'utf8' });
    return [];
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim().startsWith('[')) {
      throw err;
    }
    return JSON.parse(out);
  }
}

maybe('cfn-lint on every synthesized template', () => {
  test('the example organization: central, StackSet member template and management stacks have no errors', () => {
    const files = templates(buildExample());
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      expect.arrayContaining([
        'keywatch-central.template.json',
        'keywatch-management-us-east-1.template.json',
        expect.stringMatching(/\.stackset\.template\.json$/),
      ]),
    );
    expect(lint(files).filter((f) => f.Level === 'Error')).toEqual([]);
  });

  test('Teams, no delegated administrator, no directory: no errors', () => {
    const teams = {
      teams: { tenantId: '11111111-2222-4333-8444-555555555555', teamId: '66666666-7777-4888-9999-000000000000', channelId: '19:abc@thread.tacv2' },
    };
    const files = templates(buildOrganization(makeConfig({ deployment: { delegatedAdmin: false }, notify: { chat: teams } })));
    expect(lint(files).filter((f) => f.Level === 'Error')).toEqual([]);
  });

  test.each(['digest', 'every'] as const)('notify.mode %s (the example uses deduplicated): no errors in the central template', (mode) => {
    const files = templates(buildOrganization(makeConfig({ notify: { mode, windowMinutes: 15 } }), makeDirectory())).filter((f) =>
      f.endsWith('keywatch-central.template.json'),
    );
    expect(files).toHaveLength(1);
    expect(lint(files).filter((f) => f.Level === 'Error')).toEqual([]);
  });

  test('central.shards 3: the shard stacks and the routed StackSet member template (bus chosen by account) have no errors', () => {
    const files = templates(buildOrganization(makeConfig({ central: { shards: 3 } }), makeDirectory()));
    expect(files.filter((f) => /-shard\d+\.template\.json$/.test(f))).toHaveLength(2);
    const stackset = files.filter((f) => f.endsWith('.stackset.template.json'));
    expect(stackset.some((f) => fs.readFileSync(f, 'utf8').includes('Fn::If'))).toBe(true);
    expect(lint(files).filter((f) => f.Level === 'Error')).toEqual([]);
  });

  test('the hunt stack (Glue table with partition projection, Athena workgroup, results bucket): no errors', () => {
    const hunt = { deploy: true, trail: { bucket: 'org-trail-logs-222222222222' } };
    const files = templates(buildOrganization(makeConfig({ hunt }), makeDirectory())).filter((f) => f.endsWith('keywatch-hunt.template.json'));
    expect(files).toHaveLength(1);
    expect(lint(files).filter((f) => f.Level === 'Error')).toEqual([]);
  });

  test('the oracle is able to fail: a broken template is reported', () => {
    const built = buildOrganization(makeConfig(), makeDirectory());
    const files = templates(built);
    const central = files.find((f) => f.endsWith('keywatch-central.template.json')) as string;
    const broken = JSON.parse(fs.readFileSync(central, 'utf8'));
    const rule = Object.values(broken.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).find(
      (r) => r.Type === 'AWS::Events::Rule',
    );
    (rule as { Properties: Record<string, unknown> }).Properties.State = 'ENABLED_WITH_EVERYTHING';
    const brokenFile = central.replace('keywatch-central.template.json', 'Broken.template.json');
    fs.writeFileSync(brokenFile, JSON.stringify(broken));
    expect(lint([brokenFile]).some((f) => f.Level === 'Error')).toBe(true);
  });
});
