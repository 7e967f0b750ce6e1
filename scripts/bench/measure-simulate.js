'use strict';
// Child process: `keywatch simulate --json` end to end, in-process on the built dist (output counted, not kept);
// argv: <cdk.out> <corpus dir> [workers, default 1]. Prints {events, notifications, forwarded, seconds, maxRssMiB}.
const { cliModule, measureCommand } = require('./measure-command');
const { simulate } = cliModule('simulate');

measureCommand(
  (write) => simulate({ inputs: [process.argv[3]], cdkOut: process.argv[2], format: 'json', write, progress: false, workers: Number(process.argv[4] ?? 1) }),
  (summary) => ({ events: summary.eventsRead, forwarded: summary.forwarded, notifications: summary.notifications, problems: summary.problemCount }),
);
