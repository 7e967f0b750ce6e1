import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'packages', 'cli', 'bin', 'keywatch.js');
const built = fs.existsSync(path.join(ROOT, 'packages', 'cli', 'dist', 'bin', 'keywatch.js'));

/** Runs the built keywatch CLI (as `npm start` does) in a temporary folder. */
function keywatch(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

// The README's main command is `npm ci && npm start` = build, then `keywatch synth -c examples/keywatch.yml`.
// scripts/test.sh builds before Jest runs; a bare `npx jest` without a build fails here under CI, skips otherwise.
const maybe = built || process.env.CI === 'true' ? test : test.skip;

describe('the README main command (built CLI)', () => {
  maybe('keywatch synth on the bundled example writes every template and prints the deployment summary', () => {
    // GIVEN an empty working folder
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-main-'));
    // WHEN
    const run = keywatch(['synth', '-c', path.join(ROOT, 'examples', 'keywatch.yml'), '--events-per-month', '2000000'], cwd);
    // THEN
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.status).toBe(0);
    for (const line of [
      'Organization        o-exampleorg1',
      'StackSet            keywatch-sender',
      'Receiver bus rules',
      'Largest pattern',
      'estimate: $2.00/month for 2,000,000 forwarded events',
    ]) {
      expect(run.stdout).toContain(line);
    }
    const templates = fs.readdirSync(path.join(cwd, 'cdk.out')).filter((f) => f.endsWith('.template.json'));
    expect(templates).toHaveLength(6);
  });

  maybe('a broken configuration exits 2 with the file, the field and the fix, and writes nothing', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-main-'));
    fs.writeFileSync(
      path.join(cwd, 'keywatch.yml'),
      fs.readFileSync(path.join(ROOT, 'examples', 'keywatch.yml'), 'utf8').replace('192.0.2.0/26', '192.0.2.1/26'),
    );
    fs.copyFileSync(path.join(ROOT, 'examples', 'accounts.yml'), path.join(cwd, 'accounts.yml'));
    const run = keywatch(['synth', '--config', 'keywatch.yml'], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/keywatch\.yml has 1 issue:\n {2}- allow\.networks\[0\] \(line \d+\): .*host bits set; the network is "192\.0\.2\.0\/26"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(cwd, 'cdk.out'))).toBe(false);
  });

  maybe('the Next: hint after synth -c carries the configuration', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-main-'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'keywatch.yml'), path.join(cwd, 'my org.yml'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'accounts.yml'), path.join(cwd, 'accounts.yml'));
    const run = keywatch(['synth', '-c', 'my org.yml'], cwd);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "Next: npx cdk deploy -c config='my org.yml' keywatch-central, then with management-account credentials: npx cdk deploy -c config='my org.yml' 'keywatch-management-*'",
    );
  });
});

describe('the CDK app (cdk.json "app", built)', () => {
  const APP = path.join(ROOT, 'packages', 'central', 'dist', 'bin', 'app.js');
  const cdkApp = (cwd: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [APP], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, KEYWATCH_CONFIG: '', ...env, CDK_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-app-')) },
    });

  maybe('refuses to build the bundled example outside the keywatch repository, naming -c config=', () => {
    const run = cdkApp(fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-app-cwd-')));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^keywatch: no configuration: pass your keywatch\.yml with `npx cdk <command> -c config=keywatch\.yml` \(or set KEYWATCH_CONFIG\)/,
    );
  });

  maybe('builds the example from the repository root (npx cdk synth) and a named configuration anywhere', () => {
    expect(cdkApp(ROOT).status).toBe(0);
    expect(cdkApp(os.tmpdir(), { KEYWATCH_CONFIG: path.join(ROOT, 'examples', 'keywatch.yml') }).status).toBe(0);
  });
});
