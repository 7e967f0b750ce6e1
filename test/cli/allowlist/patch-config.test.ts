import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { loadConfig } from '@keywatch/central';
import { SUGGEST_DEFAULTS, type AllowlistSuggestion, type SuggestedNetwork } from '@keywatch/shared';
import { renderDirectoryYaml } from '../../../packages/cli/lib/accounts/render-yaml';
import { configDiff, patchConfig } from '../../../packages/cli/lib/allowlist/patch-config';
import { makeDirectory } from '../../helpers/config';

const NOW = new Date('2026-11-25T00:00:00Z');

const CONFIG = `organization:
  id: o-exampleorg1
  managementAccount: "111111111111"
central: { account: "222222222222", region: eu-west-1 }
deployment:
  organizationalUnits: [r-ab12]
  regions: [us-east-1]
  delegatedAdmin: true
allow:
  networks: [192.0.2.0/24] # head office
  organizationalUnits:
    - path: Workloads/Prod # production NAT
      networks:
        - 203.0.113.16/28
  accounts:
    - account: "444444444455" # the vendor feed starts from nothing
      mode: replace
      networks: [203.0.113.200/29]
notify:
  email: [secops@example.com]
accounts: accounts.yml
`;

const network = (n: string): SuggestedNetwork => ({
  network: n,
  kind: 'other',
  evidence: {
    firstSeen: '2026-11-16T10:00:00.000Z',
    lastSeen: '2026-11-22T10:00:00.000Z',
    calls: 12,
    days: 7,
    addresses: 2,
    keys: [{ accessKeyId: 'AKIAEXAMPLE000000001', calls: 12 }],
    users: ['ci-bot'],
    eventNames: ['ListBuckets'],
    eventNameCount: 1,
    networks: [{ kind: 'other', asn: 64500, holder: 'Example Net' }],
  },
});

describe('patchConfig', () => {
  test('adds to the OU section and the organization default, and to an account whose replace section would not inherit them', () => {
    // GIVEN two accounts in Workloads/Prod, one of them with a replace section, and a third elsewhere
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-patch-'));
    const file = path.join(dir, 'keywatch.yml');
    fs.writeFileSync(file, CONFIG);
    fs.writeFileSync(
      path.join(dir, 'accounts.yml'),
      renderDirectoryYaml(
        makeDirectory([
          { id: '111111111111', name: 'management', organizationalUnit: '' },
          { id: '222222222222', name: 'security', organizationalUnit: 'Security' },
          { id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod' },
          { id: '444444444455', name: 'vendor-feed', organizationalUnit: 'Workloads/Prod' },
          { id: '555555555555', name: 'shop-dev', organizationalUnit: 'Workloads/Dev' },
        ]),
      ),
    );
    const suggestion: AllowlistSuggestion = {
      options: SUGGEST_DEFAULTS,
      organization: [network('198.51.100.0/24')],
      organizationalUnits: [{ path: 'Workloads/Prod', accounts: ['444444444444', '444444444455'], networks: [network('198.18.0.0/23')] }],
      accounts: [{ account: '555555555555', keys: ['AKIAEXAMPLE000000001'], networks: [network('2001:db8:5555::/48')] }],
      notSuggested: [],
      observedAccounts: ['111111111111', '444444444444', '444444444455', '555555555555'],
      stats: { calls: 0, unwatchedKey: 0, nonIpSource: 0, alreadyAllowed: 0, learned: 0 },
    };
    // WHEN
    const p = patchConfig(loadConfig(file, { now: NOW }), CONFIG, suggestion, '2026-11-25');
    // THEN written down by hand from the inheritance rules: vendor-feed replaces, so it gets both inherited additions
    expect(p.added).toEqual([
      { section: 'allow.networks', network: '198.51.100.0/24' },
      { section: 'allow.organizationalUnits[Workloads/Prod]', network: '198.18.0.0/23' },
      { section: 'allow.accounts[shop-dev]', network: '2001:db8:5555::/48' },
      { section: 'allow.accounts[vendor-feed]', network: '198.51.100.0/24' },
      { section: 'allow.accounts[vendor-feed]', network: '198.18.0.0/23' },
    ]);
    const yaml = parse(p.text) as { allow: { networks: string[]; organizationalUnits: unknown[]; accounts: unknown[] } };
    expect(yaml.allow).toEqual({
      networks: ['192.0.2.0/24', '198.51.100.0/24'],
      organizationalUnits: [{ path: 'Workloads/Prod', networks: ['203.0.113.16/28', '198.18.0.0/23'] }],
      accounts: [
        { account: '444444444455', mode: 'replace', networks: ['203.0.113.200/29', '198.51.100.0/24', '198.18.0.0/23'] },
        { account: 'shop-dev', networks: ['2001:db8:5555::/48'] },
      ],
    });
    // comments kept; each added entry carries its evidence
    // every line of the file is kept byte for byte, in order, except the two inline lists that gained an entry
    const lines = p.text.split('\n');
    let at = 0;
    for (const line of CONFIG.split('\n').filter((l) => !l.includes('networks: ['))) {
      const found = lines.indexOf(line, at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found + 1;
    }
    for (const c of ['# head office', '# production NAT', '# the vendor feed starts from nothing', 'central: { account: "222222222222", region: eu-west-1 }'])
      expect(p.text).toContain(c);
    expect(p.text).toContain(
      '- 198.18.0.0/23 # keywatch allowlist suggest 2026-11-25: 12 calls on 7 days 2026-11-16..2026-11-22, key AKIAEXAMPLE000000001, users ci-bot; AS64500 Example Net [other]; ListBuckets',
    );
    // the patched policy allows every suggested network for each account that used it
    expect(p.loaded.config.allow.accounts).toHaveLength(2);
    expect(configDiff('keywatch.yml', CONFIG, p.text)).toMatch(/^\+ {4}- 198\.51\.100\.0\/24 # /m);
    // and patching again adds nothing
    const again = patchConfig(p.loaded, p.text, suggestion, '2026-11-25');
    expect(again.added).toEqual([]);
    expect(again.text).toBe(p.text);
  });
});
