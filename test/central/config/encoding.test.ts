import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '@keywatch/shared';
import { loadConfig } from '@keywatch/central';

// Issue 14 item 8 (and the alias bomb of item 6): what a file's bytes and YAML structure can do wrong, reported as
// keywatch's own sentence with the file and line; a referenced file's contents are never echoed beyond key names.
const MINIMAL = `organization: { id: o-exampleorg1, managementAccount: "111111111111" }
central: { account: "222222222222", region: eu-west-1 }
deployment: { organizationalUnits: [r-ab12], regions: [us-east-1, eu-west-1], delegatedAdmin: true }
allow: { networks: [192.0.2.0/24] }
notify: { email: [secops@example.com] }
`;
const DIRECTORY = `syncedAt: "2026-11-01T09:00:00Z"
organizationId: o-exampleorg1
accounts:
  - id: "111111111111"
    name: management
    email: aws-management@example.com
    organizationalUnit: ""
`;

function write(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-enc-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function messageOf(file: string): string {
  try {
    loadConfig(file, { now: new Date('2026-11-10T00:00:00Z') });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const utf16le = (text: string, bom: boolean): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Buffer => Buffer.from(utf16le(text, false).swap16());

describe('loadConfig: encodings', () => {
  test.each<[string, Buffer]>([
    ['UTF-16LE with a BOM', utf16le(MINIMAL, true)],
    ['UTF-16LE without a BOM', utf16le(MINIMAL, false)],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(MINIMAL)])],
    ['UTF-16BE without a BOM', utf16be(MINIMAL)],
  ])('%s keywatch.yml is an encoding problem with the fix', (_name, bytes) => {
    const dir = write({ 'keywatch.yml': bytes });
    const m = messageOf(path.join(dir, 'keywatch.yml'));
    expect(m).toMatch(/keywatch\.yml has 1 issue:\n  - \(file\) \(line 1\): the file is UTF-16 \((LE|BE)\); keywatch reads UTF-8: save it as UTF-8/);
  });

  test('a UTF-8 BOM is accepted', () => {
    const dir = write({ 'keywatch.yml': `\ufeff${MINIMAL}` });
    expect(() => loadConfig(path.join(dir, 'keywatch.yml'))).not.toThrow();
  });

  test('Latin-1 bytes in keywatch.yml: the line and the byte', () => {
    const dir = write({ 'keywatch.yml': Buffer.concat([Buffer.from(MINIMAL), Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n')]) });
    expect(messageOf(path.join(dir, 'keywatch.yml'))).toMatch(
      /keywatch\.yml has 1 issue:\n  - \(file\) \(line 6\): byte 0xE9 at column 6 is not UTF-8 \(the file looks like Latin-1 or Windows-1252\); save the file as UTF-8$/,
    );
  });

  test('Latin-1 bytes in the accounts directory: its file and line, not corrupt text in an alert', () => {
    const latin = Buffer.concat([Buffer.from(DIRECTORY.replace('name: management', 'name: Caf')), Buffer.alloc(0)]);
    const bytes = Buffer.from(latin.toString('latin1').replace('name: Caf', 'name: Caf\u00e9'), 'latin1');
    const dir = write({ 'keywatch.yml': `${MINIMAL}accounts: accounts.yml\n`, 'accounts.yml': bytes });
    const m = messageOf(path.join(dir, 'keywatch.yml'));
    expect(m).toMatch(/accounts\.yml has 1 issue:\n  - \(file\) \(line 5\): byte 0xE9 at column 14 is not UTF-8/);
    expect(m).not.toContain('\ufffd');
  });

  test('multi-document YAML gets keywatch’s own message', () => {
    const dir = write({ 'keywatch.yml': `${MINIMAL}---\nallow: { networks: [198.51.100.0/24] }\n` });
    expect(messageOf(path.join(dir, 'keywatch.yml'))).toBe(
      `${path.join(dir, 'keywatch.yml')} has 1 issue:\n  - (file) (line 6): a second YAML document starts here (\`---\`); keywatch reads one document per file: remove the \`---\` line and merge the documents, or remove the second one`,
    );
  });

  test('a YAML alias bomb is refused as bad input, not an unexpected error', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [n, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      bomb.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const dir = write({ 'keywatch.yml': `${bomb.join('\n')}\n` });
    expect(messageOf(path.join(dir, 'keywatch.yml'))).toMatch(
      /has 1 issue:\n  - \(file\): its YAML aliases \(\*name\) expand to too many copies \(more than 100\); write the values out instead of repeating aliases/,
    );
  });
});

describe('loadConfig: a referenced file’s contents are never echoed', () => {
  test.each<[string, string]>([
    ['a .env file', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\nDB_PASSWORD=hunter2\n'],
    ['a YAML file with secrets', 'password: hunter2\nsecret:\n  token: wJalrXUtnFEMI\n'],
    ['a list', '- hunter2\n- wJalrXUtnFEMI\n'],
    ['an accounts list with odd values', 'accounts:\n  - id: hunter2\n    name: wJalrXUtnFEMI\n    email: hunter2\n'],
  ])('%s named by `accounts:`', (_name, content) => {
    const dir = write({ 'keywatch.yml': `${MINIMAL}accounts: other.txt\n`, 'other.txt': content });
    const m = messageOf(path.join(dir, 'keywatch.yml'));
    expect(m).toContain('other.txt has');
    expect(m).not.toMatch(/hunter2|wJalrXUtnFEMI/);
  });

  test('the key names still help', () => {
    const dir = write({ 'keywatch.yml': `${MINIMAL}accounts: other.yml\n`, 'other.yml': 'password: hunter2\n' });
    expect(messageOf(path.join(dir, 'keywatch.yml'))).toMatch(/unknown key 'password'/);
  });
});
