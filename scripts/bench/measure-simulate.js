'use strict';
// Child process: `keywatch simulate --json` end to end, in-process on the built dist (output counted, not kept);
// argv: <cdk.out> <corpus dir> [workers, default 1]. Prints {events, notifications, forwarded, seconds, maxRssMiB}.
const path = require('path');
const { simulate } = require(path.join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'lib', 'simulate'));

(async () => {
  let bytes = 0;
  const started = process.hrtime.bigint();
  const summary = await simulate({
    inputs: [process.argv[3]],
    cdkOut: process.argv[2],
    format: 'json',
    write: (t) => (bytes += t.length),
    progress: false,
    workers: Number(process.argv[4] ?? 1),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({
      events: summary.eventsRead,
      forwarded: summary.forwarded,
      notifications: summary.notifications,
      problems: summary.problemCount,
      outputBytes: bytes,
      seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
})().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
