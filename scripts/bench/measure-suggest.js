'use strict';
// Child process: `keywatch allowlist suggest --json --no-check` end to end, in-process on the built dist (output counted,
// not kept); argv: <keywatch.yml> <corpus dir> <ip-ranges.json>. Prints {events, learned, networks, seconds, maxRssMiB}.
const path = require('path');
const { suggestAllowlist } = require(path.join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'lib', 'allowlist'));

(async () => {
  let bytes = 0;
  const started = process.hrtime.bigint();
  const r = await suggestAllowlist({
    inputs: [process.argv[3]],
    config: process.argv[2],
    awsRanges: process.argv[4],
    format: 'json',
    check: false,
    progress: false,
    write: (t) => (bytes += t.length),
    warn: () => undefined,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({
      events: r.read.records,
      learned: r.suggestion.stats.learned,
      networks: r.suggestion.organization.length + r.suggestion.accounts.reduce((n, a) => n + a.networks.length, 0),
      outputBytes: bytes,
      seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
})().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
