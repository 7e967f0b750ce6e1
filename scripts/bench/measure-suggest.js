'use strict';
// Child process: `keywatch allowlist suggest --json --no-check` end to end, in-process on the built dist (output counted,
// not kept); argv: <keywatch.yml> <corpus dir> <ip-ranges.json>. Prints {events, learned, networks, seconds, maxRssMiB}.
const { cliModule, measureCommand } = require('./measure-command');
const { suggestAllowlist } = cliModule('allowlist');

measureCommand(
  (write) =>
    suggestAllowlist({
      inputs: [process.argv[3]],
      config: process.argv[2],
      awsRanges: process.argv[4],
      format: 'json',
      check: false,
      progress: false,
      write,
      warn: () => undefined,
    }),
  (r) => ({
    events: r.read.records,
    learned: r.suggestion.stats.learned,
    networks: r.suggestion.organization.length + r.suggestion.accounts.reduce((n, a) => n + a.networks.length, 0),
  }),
);
