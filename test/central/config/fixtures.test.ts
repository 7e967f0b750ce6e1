import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '@keywatch/shared';
import { loadConfig } from '@keywatch/central';

// One folder per bad configuration under test/fixtures/config/<scenario>/: keywatch.yml (and accounts.yml when the
// scenario needs one) plus expected.txt, the exact ConfigError message with the fixture folder stripped from paths.
// After a deliberate wording change, review the diff of `UPDATE_FIXTURES=1 npx jest test/central/config/fixtures`.
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'config');
const NOW = new Date('2026-11-10T00:00:00Z');
const scenarios = fs.readdirSync(FIXTURES).filter((name) => fs.statSync(path.join(FIXTURES, name)).isDirectory());

describe('loadConfig on bad configurations', () => {
  test('there is a fixture per scenario of the brief', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'invalid-cidr',
        'host-bits-set',
        'ipv4-mapped-network',
        'unknown-ou-and-account',
        'malformed-account-id',
        'malformed-email',
        'malformed-region',
        'malformed-key-id',
        'malformed-ou-id',
        'empty-allowlist',
        'replace-to-empty',
        'conflicting-keys',
        'temporary-key-excluded',
        'delegated-admin-is-management',
        'directory-mismatch',
        'yaml-syntax-error',
        'unknown-key',
        'missing-directory-file',
        'bad-directory-entry',
        'several-mistakes',
        'missing-config',
        'no-directory',
        'duplicates',
      ]),
    );
  });

  test.each(scenarios)('%s: reports every issue with file, path, line and fix', (scenario) => {
    // GIVEN
    const dir = path.join(FIXTURES, scenario);
    const expectedFile = path.join(dir, 'expected.txt');

    // WHEN
    let thrown: unknown;
    try {
      loadConfig(path.join(dir, 'keywatch.yml'), { now: NOW });
    } catch (err) {
      thrown = err;
    }

    // THEN
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message.split(dir + path.sep).join('');
    if (process.env.UPDATE_FIXTURES === '1') {
      fs.writeFileSync(expectedFile, `${message}\n`);
    }
    expect(message).toBe(fs.readFileSync(expectedFile, 'utf8').trimEnd());
  });
});
