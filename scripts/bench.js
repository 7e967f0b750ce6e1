#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: throughput and memory of `keywatch simulate` on a deterministic CloudTrail corpus in .bench/
 * (1M events, then 4M for memory), against a bare gunzip + JSON.parse pass over the same files, and
 * `keywatch allowlist suggest` beside simulate on the same corpus. Figures only; no
 * pass/fail. Each measurement runs pinned to one CPU where taskset exists. First, the compile time of a 1,000-network allowlist beside the plain complement of the same networks.
 * Then simulate in central-only mode with 50, 500 and 5,000 central rules (indexed engine: target within 1.5x of the 50-rule speed).
 * Hunt: when the Trino oracle is installed (bash scripts/oracles/trino.sh), `keywatch hunt`'s query on Trino 476 over a
 * 10,000-record org-trail corpus beside simulate on the same files; --hunt-only runs only that, --no-hunt skips it.
 * Then (issue 14 item 11) one 1 GiB `{"Records":[…]}` document and a gzip bomb (~17 MB → 3 GiB), each: time and peak RSS
 * (target < 300 MiB), generated once into .bench/large.
 * Then `keywatch synth` at 300, 1,000 and 5,000 accounts × 17 regions beside the example (--synth-only, --no-synth).
 * Options: --events <n> (default 1000000), --no-big (skip the 4M run), --no-large (skip the 1 GiB document and the gzip
 * bomb), --compile-only (only the compile line), --audit (run scripts/bench-audit.js).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { generateCorpus } = require('./bench/generate');
const { gzipBomb, largeDocument } = require('./bench/generate-large');

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.bench');
const args = process.argv.slice(2);

if (args.includes('--audit')) {
  const audit = path.join(__dirname, 'bench-audit.js');
  if (!fs.existsSync(audit)) {
    process.stderr.write('bench: scripts/bench-audit.js does not exist\n');
    process.exit(2);
  }
  execFileSync(process.execPath, [audit, ...args.filter((a) => a !== '--audit')], { stdio: 'inherit' });
  process.exit(0);
}

const eventsArg = args.indexOf('--events');
const events = eventsArg >= 0 ? Number(args[eventsArg + 1]) : 1_000_000;
const big = args.includes('--no-big') ? 0 : 4 * events;

/** `taskset -c 0` where there is one (Linux): each measurement runs on one CPU, its GC threads included. */
const PIN = (() => {
  try {
    execFileSync('taskset', ['-c', '0', process.execPath, '-e', ''], { stdio: 'ignore' });
    return ['taskset', ['-c', '0', process.execPath]];
  } catch {
    return undefined;
  }
})();

function child(script, argv, cpus = '0') {
  const [file, prefix] = PIN === undefined ? [process.execPath, []] : ['taskset', ['-c', cpus, process.execPath]];
  return JSON.parse(execFileSync(file, [...prefix, path.join(__dirname, 'bench', script), ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 }));
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function corpus(n) {
  const dir = path.join(BENCH, `corpus-${n}`);
  const t = Date.now();
  const { files, reused } = generateCorpus(dir, n);
  process.stdout.write(
    `corpus: ${fmt(n)} events in ${fmt(files)} files, ${dir} (${reused ? 'reused' : `generated in ${((Date.now() - t) / 1000).toFixed(1)} s`})\n`,
  );
  return dir;
}

function measure(n, cdkOut) {
  const dir = corpus(n);
  const bare = child('measure-bare.js', [dir]);
  const sim = child('measure-simulate.js', [cdkOut, dir, '1']);
  const two = child('measure-simulate.js', [cdkOut, dir, '2'], '0,1');
  const sug = child('measure-suggest.js', [path.join(ROOT, 'examples/keywatch.yml'), dir, path.join(ROOT, 'test/fixtures/aws-ip-ranges/ip-ranges.json')]);
  if (bare.events !== n || sim.events !== n || two.events !== n || sug.events !== n)
    throw new Error(`expected ${n} events; bare read ${bare.events}, simulate ${sim.events}, ${two.events}, suggest ${sug.events}`);
  const bareRate = bare.events / bare.seconds;
  const simRate = sim.events / sim.seconds;
  const twoRate = two.events / two.seconds;
  const sugRate = sug.events / sug.seconds;
  process.stdout.write(
    [
      `  bare gunzip + JSON.parse: ${fmt(bareRate)} events/s (${bare.seconds.toFixed(2)} s), peak RSS ${fmt(bare.maxRssMiB)} MiB`,
      `  keywatch simulate:        ${fmt(simRate)} events/s (${sim.seconds.toFixed(2)} s), peak RSS ${fmt(sim.maxRssMiB)} MiB`,
      `    forwarded ${fmt(sim.forwarded)}, notifications ${fmt(sim.notifications)}, problems ${sim.problems}`,
      `  ratio simulate / bare:    ${(simRate / bareRate).toFixed(2)} (target >= 0.60); simulate target >= 100,000 events/s`,
      `  simulate --workers 2 (${PIN ? 'pinned to CPUs 0,1' : 'not pinned'}): ${fmt(twoRate)} events/s (${two.seconds.toFixed(2)} s), peak RSS ${fmt(two.maxRssMiB)} MiB (all threads)`,
      `    ratio --workers 2 / bare (one CPU): ${(twoRate / bareRate).toFixed(2)}; --workers 2 / --workers 1: ${(twoRate / simRate).toFixed(2)}; same notifications: ${two.notifications === sim.notifications && two.outputBytes === sim.outputBytes}`,
      `  keywatch allowlist suggest: ${fmt(sugRate)} events/s (${sug.seconds.toFixed(2)} s), peak RSS ${fmt(sug.maxRssMiB)} MiB, learned from ${fmt(sug.learned)} calls, ${fmt(sug.networks)} networks`,
      `  ratio suggest / simulate (one CPU each): ${(sugRate / simRate).toFixed(2)} (target >= 0.50, within 2x of simulate)`,
      '',
    ].join('\n'),
  );
  return { simRate, bareRate, rss: sim.maxRssMiB, suggestRss: sug.maxRssMiB };
}

{
  const c = child('measure-compile.js', ['1000']);
  process.stdout.write(
    [
      `compile: ${fmt(c.networks)}-network allowlist (half IPv4, half IPv6), mean of 5 runs`,
      `  reference, plain complement (cidr-tools): ${c.referenceMs.toFixed(1)} ms`,
      `  outsideMatchers (both-semantics matchers): ${c.outsideMs.toFixed(1)} ms (${(c.outsideMs / c.referenceMs).toFixed(1)}x the reference), ${fmt(c.matchers)} matchers, ${fmt(c.blindSpots)} blind spots`,
      `  compileOrganization (sender chunks at 4,096 characters): ${c.compileMs.toFixed(1)} ms, ${fmt(c.senderRules)} sender rules, largest ${fmt(c.largestPatternChars)} characters`,
      '',
    ].join('\n'),
  );
  if (args.includes('--compile-only')) process.exit(0);
}

const cdkOut = path.join(BENCH, 'cdk.out');
const exampleConfig = path.join(ROOT, 'examples/keywatch.yml');

// Synthesize the example once (not timed): simulate would do it on its first run.
execFileSync(
  process.execPath,
  [
    '-e',
    `require(${JSON.stringify(path.join(ROOT, 'packages/cli/dist/lib/synth/ensure-cdk-out'))}).ensureCdkOut({ cdkOut: ${JSON.stringify(cdkOut)}, configFile: ${JSON.stringify(path.join(ROOT, 'examples/keywatch.yml'))} })`,
  ],
  { stdio: 'inherit' },
);
process.stdout.write(
  `node ${process.version}, one process per measurement, ${PIN ? 'pinned to one CPU (taskset -c 0)' : 'not pinned to one CPU (no taskset here)'}, config examples/keywatch.yml\n`,
);
if (args.includes('--synth-only') || !args.includes('--no-synth')) benchSynth();
if (args.includes('--synth-only')) process.exit(0);
if (!args.includes('--no-hunt')) benchHunt();
if (args.includes('--hunt-only')) process.exit(0);
const small = measure(events, cdkOut);
{
  const dir = corpus(events);
  process.stdout.write('simulate, central-only, the example organization grown to N central alert rules (in memory, routed as from a cdk.out):\n');
  let first;
  for (const n of [50, 500, 5000]) {
    const r = child('measure-rules.js', [String(n), dir]);
    const rate = r.events / r.seconds;
    first ??= r;
    process.stdout.write(
      `  ${fmt(r.rules).padStart(6)} rules: ${fmt(rate)} events/s (${r.seconds.toFixed(2)} s, CPU ${r.cpuSeconds.toFixed(2)} s), peak RSS ${fmt(r.maxRssMiB)} MiB, ${fmt(r.notifications)} notifications; ` +
        `${(r.seconds / first.seconds).toFixed(2)}x the 50-rule time, CPU ${(r.cpuSeconds / first.cpuSeconds).toFixed(2)}x (target <= 1.5x)\n`,
    );
  }
  process.stdout.write('\n');
}
if (big > 0) {
  const large = measure(big, cdkOut);
  process.stdout.write(`peak RSS ${fmt(big)} vs ${fmt(events)} events: ${(large.rss / small.rss).toFixed(2)}x (target <= 1.5x)\n`);
  process.stdout.write(`suggest peak RSS ${fmt(big)} vs ${fmt(events)} events: ${(large.suggestRss / small.suggestRss).toFixed(2)}x (target <= 1.5x)\n`);
}

/** keywatch hunt's query on Trino over the 10k-record corpus, beside simulate on the same files (only with the Trino oracle installed). */
function benchHunt() {
  const n = 10_000;
  // Not pinned: Trino is a JVM with its own threads; the figure is for the whole 2-core machine.
  const h = JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, 'bench', 'measure-hunt.js'), exampleConfig, path.join(BENCH, 'hunt-trino'), String(n)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  );
  if (h.skipped) {
    process.stdout.write('hunt on Trino: skipped, the Trino oracle is not installed (run bash scripts/oracles/trino.sh, then npm run bench)\n\n');
    return;
  }
  const sim = child('measure-simulate.js', [cdkOut, h.corpusDir]);
  const best = Math.min(...h.seconds);
  process.stdout.write(
    [
      `hunt: ${fmt(h.events)}-record org-trail corpus (JSON Lines, ${fmt(h.files)} files), config examples/keywatch.yml`,
      `  Trino 476 start-up: ${h.startSeconds.toFixed(1)} s (not counted below)`,
      `  keywatch hunt query on Trino: ${best.toFixed(2)} s best of 3 (runs ${h.seconds.map((x) => x.toFixed(2)).join(', ')} s), ${fmt(h.events / best)} records/s, ${fmt(h.rows)} findings`,
      `  reference, keywatch simulate on the same files: ${sim.seconds.toFixed(2)} s, ${fmt(sim.events / sim.seconds)} records/s, ${fmt(sim.notifications)} notifications`,
      '',
    ].join('\n'),
  );
}
if (!args.includes('--no-large')) {
  const dir = path.join(BENCH, 'large');
  const t = Date.now();
  const inputs = [
    ['one 1 GiB {"Records":[…]} document', largeDocument(dir)],
    ['gzip bomb', gzipBomb(dir)],
  ];
  process.stdout.write(`large inputs in ${dir} (ready in ${((Date.now() - t) / 1000).toFixed(1)} s), streamed record by record:\n`);
  for (const [name, input] of inputs) {
    const sim = child('measure-simulate.js', [cdkOut, input.file]);
    const size =
      input.decompressedBytes === undefined
        ? `${fmt(input.bytes / 2 ** 20)} MiB`
        : `${fmt(input.bytes / 2 ** 20)} MiB → ${fmt(input.decompressedBytes / 2 ** 20)} MiB`;
    process.stdout.write(
      `  ${name} (${size}, ${fmt(input.records)} records): ${sim.seconds.toFixed(1)} s, ${fmt(sim.events / sim.seconds)} events/s, peak RSS ${fmt(sim.maxRssMiB)} MiB (target < 300 MiB)\n`,
    );
    if (sim.events !== input.records) throw new Error(`expected ${input.records} events; simulate read ${sim.events}`);
  }
}

/**
 * `keywatch synth` (issue 15): time and peak RSS at 300, 1,000 and 5,000 accounts × 17 regions (45 receiver buses at
 * 5,000; target under 60 s on one core, memory flat), beside the example organization synthesized in the same run.
 */
function benchSynth() {
  process.stdout.write('keywatch synth, accounts × 17 regions (scripts/bench/scale-org.js), in-process, one CPU:\n');
  const ref = child('measure-synth.js', ['example']);
  const line = (label, r) =>
    `  ${label.padEnd(26)} ${r.seconds.toFixed(1).padStart(6)} s (CPU ${r.cpuSeconds.toFixed(1)} s), peak RSS ${fmt(r.maxRssMiB)} MiB, ` +
    `${r.shards} bus${r.shards === 1 ? '' : 'es'}, ${r.templates} templates, largest ${fmt(r.largestTemplateBytes)} bytes, up to ${r.maxRulesPerBus} rules per bus`;
  process.stdout.write(`${line('example organization (ref)', ref)}\n`);
  for (const [accounts, shards] of [
    [300, 3],
    [1000, 9],
    [5000, 45],
  ]) {
    const r = child('measure-synth.js', [String(accounts), String(shards)]);
    process.stdout.write(`${line(`${fmt(accounts)} accounts`, r)}; ${(r.seconds / ref.seconds).toFixed(1)}x the reference (target < 60 s)\n`);
  }
  process.stdout.write('\n');
}
