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
