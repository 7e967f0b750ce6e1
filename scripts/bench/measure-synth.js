'use strict';
// Child process: `keywatch synth` in-process (synthOrganization, exactly what the command runs) of argv[2] accounts ×
// 17 regions (scripts/bench/scale-org.js, argv[3] receiver buses), or of the example organization when argv[2] is
// "example". Prints {accounts, shards, seconds, cpuSeconds, maxRssMiB, templates, largestTemplateBytes, maxRulesPerBus,
// alertRules, centralBytes}.
const fs = require('fs');
const os = require('os');
const path = require('path');
const ROOT = path.join(__dirname, '..', '..');
const { synthOrganization } = require(path.join(ROOT, 'packages', 'cli', 'dist', 'lib'));
const { writeScaleOrg } = require('./scale-org');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-bench-synth-'));
try {
  const example = process.argv[2] === 'example';
  const accounts = example ? 0 : Number(process.argv[2]);
  const shards = Number(process.argv[3] ?? 1);
  const configFile = example ? path.join(ROOT, 'examples', 'keywatch.yml') : writeScaleOrg(path.join(work, 'org'), accounts, { shards }).configFile;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const summary = synthOrganization({ configFile, outdir: path.join(work, 'cdk.out') });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  // Alert rules (accounts' own, shared and fallback) and bytes of the central templates, read back from the assembly.
  let alertRules = 0;
  let centralBytes = 0;
  for (const f of fs.readdirSync(path.join(work, 'cdk.out')).filter((n) => /^keywatch-central.*\.template\.json$/.test(n))) {
    const text = fs.readFileSync(path.join(work, 'cdk.out', f), 'utf8');
    centralBytes += Buffer.byteLength(text);
    for (const [id, r] of Object.entries(JSON.parse(text).Resources))
      if (r.Type === 'AWS::Events::Rule' && /^AlertRules(Account|UnknownAccounts)/.test(id)) alertRules++;
  }
  process.stdout.write(
    JSON.stringify({
      accounts: example ? summary.directoryAccounts : accounts,
      shards: summary.buses.length,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      templates: summary.stacks.length,
      largestTemplateBytes: Math.max(...summary.stacks.map((s) => s.bytes)),
      maxRulesPerBus: Math.max(...summary.buses.map((b) => b.rules)),
      alertRules,
      centralBytes,
    }),
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
