'use strict';
/**
 * A deterministic large organization for `npm run bench` and the scale e2e test: writes keywatch.yml and accounts.yml
 * for `accounts` accounts (the example's management and security accounts first) deployed to the 17 regions every
 * account has enabled by default. Every 25th account has networks of its own (an `allow.accounts` entry), every 50th
 * extra e-mail recipients, so the per-account rules are of all the shapes the compiler makes. Account IDs are drawn
 * from a seeded PRNG (distinct, 12 digits). Returns { configFile, directoryFile, accountIds }.
 */
const fs = require('fs');
const path = require('path');
const { mulberry32 } = require('./prng');

/** The regions enabled by default in every account (not opt-in), 17 as of 2026. */
const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
];

/** Distinct 12-digit account IDs from seed `seed` (default 7), never the example's management or security account. */
function accountIds(n, seed = 7) {
  const random = mulberry32(seed);
  const ids = new Set();
  while (ids.size < n) {
    const id = String(Math.floor(random() * 9e11) + 1e11);
    if (id !== '111111111111' && id !== '222222222222') ids.add(id);
  }
  return [...ids];
}

function writeScaleOrg(dir, accounts, options = {}) {
  const shards = options.shards ?? 1;
  const seed = options.seed ?? 7;
  fs.mkdirSync(dir, { recursive: true });
  const ids = ['111111111111', '222222222222', ...accountIds(Math.max(0, accounts - 2), seed)];
  const ous = ['Workloads/Prod', 'Workloads/Dev', 'Sandbox', 'Infrastructure'];
  const lines = ['syncedAt: "2026-11-01T09:00:00Z"', 'organizationId: o-exampleorg1', 'accounts:'];
  ids.forEach((id, i) => {
    const name = i === 0 ? 'management' : i === 1 ? 'security' : `workload-${String(i).padStart(5, '0')}`;
    lines.push(
      `  - id: "${id}"`,
      `    name: ${name}`,
      `    email: aws-${name}@example.com`,
      '    status: ACTIVE',
      `    organizationalUnit: ${i < 2 ? '""' : ous[i % ous.length]}`,
      `    tags: { "keywatch:owner": "Team ${i % 97}", "keywatch:owner-email": "team-${i % 97}@example.com" }`,
    );
  });
  const directoryFile = path.join(dir, 'accounts.yml');
  fs.writeFileSync(directoryFile, `${lines.join('\n')}\n`);
  const own = ids.slice(2).filter((_, i) => i % 25 === 0);
  const recipients = ids.slice(2).filter((_, i) => i % 50 === 1);
  const config = [
    'accounts: accounts.yml',
    'organization: { id: o-exampleorg1, managementAccount: "111111111111" }',
    `central: { account: "222222222222", region: eu-west-1${shards === 1 ? '' : `, shards: ${shards}`} }`,
    'deployment:',
    '  organizationalUnits: [r-ab12]',
    `  regions: [${DEFAULT_REGIONS.join(', ')}]`,
    '  delegatedAdmin: true',
    'allow:',
    '  networks: [192.0.2.0/26, 192.0.2.128/25, "2001:db8:1000::/48", 198.51.100.10]',
    ...(own.length === 0
      ? []
      : [
          '  accounts:',
          ...own.flatMap((id, i) => [`    - account: "${id}"`, '      mode: extend', `      networks: [203.0.${(i >> 4) % 256}.${(i % 16) * 16}/28]`]),
        ]),
    'notify:',
    '  email: [secops@example.com]',
    ...(recipients.length === 0 ? [] : ['  accounts:', ...recipients.map((id, i) => `    - { account: "${id}", email: [team-${i}@example.com] }`)]),
  ];
  const configFile = path.join(dir, 'keywatch.yml');
  fs.writeFileSync(configFile, `${config.join('\n')}\n`);
  return { configFile, directoryFile, accountIds: ids };
}

module.exports = { writeScaleOrg, accountIds, DEFAULT_REGIONS };
