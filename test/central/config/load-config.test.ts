import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, parseConfigText, parseDirectoryText } from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE, loadConfig } from '@keywatch/central';

const NOW = new Date('2026-11-10T00:00:00Z');
const MINIMAL = `organization: { id: o-exampleorg1, managementAccount: "111111111111" }
central: { account: "222222222222", region: eu-west-1 }
deployment: { organizationalUnits: [r-ab12], regions: [us-east-1, eu-west-1], delegatedAdmin: true }
allow: { networks: [192.0.2.0/24] }
notify: { email: [secops@example.com] }
`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-config-'));
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('loads the example organization with its directory and no warnings', () => {
    // WHEN
    const loaded = loadConfig(EXAMPLE_CONFIG_FILE, { now: NOW });

    // THEN
    expect(loaded.file).toBe(EXAMPLE_CONFIG_FILE);
    expect(loaded.directoryFile).toBe(path.join(path.dirname(EXAMPLE_CONFIG_FILE), 'accounts.yml'));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.organization).toEqual({ id: 'o-exampleorg1', managementAccount: '111111111111' });
    expect(loaded.config.deployment.regions).toEqual(['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-northeast-1']);
    expect(loaded.config.allow.organizationalUnits.map((s) => s.path)).toEqual(['Workloads/Prod']);
    expect(loaded.config.notify.chat).toEqual({ slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } });
    expect(loaded.directory?.accounts).toHaveLength(8);
    expect(new Set(loaded.directory?.accounts.map((a) => a.organizationalUnit))).toEqual(
      new Set(['', 'Security', 'Infrastructure', 'Workloads/Prod', 'Workloads/Dev', 'Sandbox']),
    );
  });

  test('returns warnings without throwing, e.g. for a stale directory', () => {
    const loaded = loadConfig(EXAMPLE_CONFIG_FILE, { now: new Date('2027-01-01T00:00:00Z') });
    expect(loaded.warnings).toEqual([
      'accounts: the accounts directory was synced 60 days ago (2026-11-01T09:00:00Z); run `keywatch accounts sync` so new accounts get their names and owners',
    ]);
  });

  test('resolves the directory relative to the config file, not the working directory', () => {
    // GIVEN
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'org'));
    fs.writeFileSync(path.join(dir, 'keywatch.yml'), `${MINIMAL}accounts: org/accounts.yml\n`);
    fs.copyFileSync(path.join(path.dirname(EXAMPLE_CONFIG_FILE), 'accounts.yml'), path.join(dir, 'org', 'accounts.yml'));

    // WHEN
    const loaded = loadConfig(path.join(dir, 'keywatch.yml'), { now: NOW });

    // THEN
    expect(loaded.directoryFile).toBe(path.join(dir, 'org', 'accounts.yml'));
    expect(loaded.directory?.organizationId).toBe('o-exampleorg1');
  });

  test('schema issues come alone: semantic validation runs only when the schema passed', () => {
    // GIVEN an unknown key and an empty allowlist (a semantic problem)
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'keywatch.yml'), MINIMAL.replace('networks: [192.0.2.0/24]', 'networks: []') + 'extra: 1\n');

    // WHEN
    const err = errorOf(() => loadConfig(path.join(dir, 'keywatch.yml'), { now: NOW }));

    // THEN
    expect(err.issues.map((i) => i.path)).toEqual(['extra']);
  });

  test('names the directory file in its own ConfigError', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'keywatch.yml'), `${MINIMAL}accounts: accounts.yml\n`);
    fs.writeFileSync(path.join(dir, 'accounts.yml'), 'accounts:\n  - id: "111111111111"\n    name: management\n');
    const err = errorOf(() => loadConfig(path.join(dir, 'keywatch.yml'), { now: NOW }));
    expect(err.file).toBe(path.join(dir, 'accounts.yml'));
    expect(err.issues).toEqual([
      { path: 'accounts[0].email', line: 2, message: 'is required; add it (must be an e-mail address such as "secops@example.com")' },
      {
        path: 'accounts[0].organizationalUnit',
        line: 2,
        message: 'is required; add it (must be an OU path of names such as "Workloads/Prod", or "" for an account directly under the root)',
      },
    ]);
  });
});

describe('parseConfigText', () => {
  test('applies the defaults', () => {
    const config = parseConfigText(MINIMAL, 'keywatch.yml');
    expect(config.central.busName).toBe('keywatch-receiver');
    expect(config.central.alertLogRetentionDays).toBe(400);
    expect(config.central.archiveRetentionDays).toBe(90);
    expect(config.deployment).toMatchObject({ maxConcurrent: '25%', failureTolerance: '10%', retainStacksOnAccountRemoval: false });
    expect(config.watch).toEqual({ accessKeys: 'long-term', excludeAccessKeys: [], readOnlyEvents: true });
    expect(config.allow).toEqual({ networks: ['192.0.2.0/24'], vpcEndpoints: [], organizationalUnits: [], accounts: [] });
    expect(config.filtering).toBe('sender-and-central');
    expect(config.notify).toEqual({ email: ['secops@example.com'], locale: 'en', accounts: [], mode: 'deduplicated', windowMinutes: 60 });
    expect(config.quotas).toEqual({ eventPatternMaxChars: 2048, rulesPerBus: 300 });
    expect(config.accounts).toBeUndefined();
  });

  test('a missing required field names the field and what to write', () => {
    const err = errorOf(() => parseConfigText(MINIMAL.replace(', delegatedAdmin: true', ''), 'k.yml'));
    expect(err.message).toBe(
      'k.yml has 1 issue:\n  - deployment.delegatedAdmin (line 3): is required; add it (must be true (deploying from a delegated administrator account) or false (from the management account))',
    );
  });

  test('a missing section is described from the schema', () => {
    const err = errorOf(() => parseConfigText(MINIMAL.replace(/^notify:.*\n/m, ''), 'k.yml'));
    expect(err.issues).toEqual([{ path: 'notify', line: 1, message: 'is required; add it (Who receives the alerts.)' }]);
  });

  test('an unquoted account ID in a list of references gets the quoting fix', () => {
    const text = `${MINIMAL.replace(/^notify:.*\n/m, '')}notify:\n  email: [secops@example.com]\n  accounts:\n    - account: 044444444444\n      email: [team@example.com]\n`;
    const err = errorOf(() => parseConfigText(text, 'k.yml'));
    expect(err.issues).toEqual([
      {
        path: 'notify.accounts[0].account',
        line: 8,
        message: '044444444444 was read as a number (and lost its leading zeros) because it is not quoted; write it in quotes: "044444444444"',
      },
    ]);
  });

  test('an invalid chat block reports the field inside the option that was meant', () => {
    const text = `${MINIMAL.replace(/^notify:.*\n/m, '')}notify:\n  email: [secops@example.com]\n  chat:\n    slack: { workspaceId: T0123ABCDEF }\n`;
    const err = errorOf(() => parseConfigText(text, 'k.yml'));
    expect(err.issues).toEqual([
      { path: 'notify.chat.slack.channelId', line: 8, message: 'is required; add it (must be the Slack channel ID such as "C0123ABCDEF")' },
    ]);
  });

  test('YAML syntax errors name the line and column', () => {
    const err = errorOf(() => parseConfigText('organization:\n  id: [o-exampleorg1\n', 'k.yml'));
    expect(err.file).toBe('k.yml');
    expect(err.issues[0].line).toBe(3);
    expect(err.issues[0].message).toMatch(/^YAML syntax error at column \d+: /);
  });

  test('a document that is not a mapping is rejected', () => {
    const err = errorOf(() => parseConfigText('- organization\n', 'k.yml'));
    expect(err.issues).toEqual([{ path: '', line: 1, message: 'must be a mapping of keys; got a list' }]);
  });
});

describe('parseDirectoryText', () => {
  test('applies status and tags defaults', () => {
    const directory = parseDirectoryText('accounts:\n  - { id: "111111111111", name: m, email: m@example.com, organizationalUnit: "" }\n', 'accounts.yml');
    expect(directory.accounts[0]).toEqual({ id: '111111111111', name: 'm', email: 'm@example.com', status: 'ACTIVE', organizationalUnit: '', tags: {} });
  });

  test('an empty directory file says how to write it', () => {
    const err = errorOf(() => parseDirectoryText('', 'accounts.yml'));
    expect(err.message).toBe('accounts.yml has 1 issue:\n  - (file) (line 1): the file is empty; run `keywatch accounts sync` to write it');
  });
});
