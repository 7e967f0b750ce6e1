import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthOrganization } from '@keywatch/cli';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples');

/** The example with `count` scattered IPv4 /24 networks added to the organization-wide allowlist. */
function exampleWith(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-limits-'));
  const networks = Array.from({ length: count }, (_, i) => `    - ${((i * 37) % 223) + 1}.${(i * 91) % 256}.${(i * 13) % 256}.0/24`).join('\n');
  const text = fs.readFileSync(path.join(EXAMPLE, 'keywatch.yml'), 'utf8').replace(/^ {2}networks:\n/m, `  networks:\n${networks}\n`);
  fs.writeFileSync(path.join(dir, 'keywatch.yml'), text);
  fs.copyFileSync(path.join(EXAMPLE, 'accounts.yml'), path.join(dir, 'accounts.yml'));
  return dir;
}

describe('synth checks the CloudFormation template limits', () => {
  test('an allowlist whose StackSet template would pass 1 MB fails with the number, the limit and the fix, writing nothing', () => {
    // GIVEN 300 scattered /24 networks: about 140 sender rules, a StackSet template over 1,000,000 bytes
    const dir = exampleWith(300);
    const outdir = path.join(dir, 'cdk.out');
    // WHEN / THEN
    expect(() => synthOrganization({ configFile: path.join(dir, 'keywatch.yml'), outdir })).toThrow(
      /the synthesized templates cannot be deployed:\n(?: {2}- .*\n)* {2}- \S+\.stackset\.template\.json is [\d,]+ bytes, over CloudFormation's template size limit of 1,000,000 bytes; allow fewer or larger networks/,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['accounts.yml', 'keywatch.yml']);
  });
});

describe('synth checks the EventBridge limits on the synthesized rules', () => {
  test('a pattern quota below what a fixed-size rule needs fails with the rule, the quota and the fix, writing nothing', () => {
    // GIVEN the example at a pattern quota of 445: the onboarding patterns (423 and 452 characters) would not fit, but the
    // tamper rule's branches with their heartbeat need up to 646 characters, so the compiler refuses the quota first
    // (synth's own per-rule pattern check is covered in test/shared/compiler/eventbridge-limits.test.ts)
    const dir = exampleWith(0);
    const file = path.join(dir, 'keywatch.yml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + '\nquotas:\n  eventPatternMaxChars: 445\n');
    const outdir = path.join(dir, 'cdk.out');
    // WHEN / THEN
    expect(() => synthOrganization({ configFile: path.join(dir, 'keywatch.yml'), outdir })).toThrow(
      /^the tamper rule cannot be split into event patterns of at most 445 characters \(quotas\.eventPatternMaxChars\): one of its conditions alone is longer; raise 'Event pattern size'/,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['accounts.yml', 'keywatch.yml']);
  });

  test('the example synthesizes within every EventBridge limit', () => {
    const dir = exampleWith(0);
    expect(() => synthOrganization({ configFile: path.join(dir, 'keywatch.yml'), outdir: path.join(dir, 'cdk.out') })).not.toThrow();
  });
});
