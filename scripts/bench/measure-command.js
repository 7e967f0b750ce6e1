'use strict';
// The set-up every end-to-end command measurement shares (measure-simulate.js, measure-suggest.js): load a module of the
// built CLI, run the command in-process with its output counted (not kept), time it, and print one JSON line with the
// command's own figures plus outputBytes, seconds and the process's peak RSS (maxRssMiB); exit 1 with the stack on failure.
const path = require('path');

/** The built CLI module `name` (packages/cli/dist/lib/<name>). */
function cliModule(name) {
  return require(path.join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'lib', name));
}

/** Runs `run(write)` (write counts output text) and prints `{...figures(result), outputBytes, seconds, maxRssMiB}`. */
function measureCommand(run, figures) {
  (async () => {
    let bytes = 0;
    const started = process.hrtime.bigint();
    const result = await run((t) => (bytes += t.length));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(JSON.stringify({ ...figures(result), outputBytes: bytes, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  })().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}

module.exports = { cliModule, measureCommand };
