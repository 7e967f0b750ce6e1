'use strict';
// Child process: `keywatch hunt`'s query on Trino 476 over the hunt corpus; argv: <keywatch.yml> <data dir> <events>.
// Starts Trino (timed), generates or reuses the corpus in <data dir>/corpus, creates the projected table, runs the
// compiled query 3 times (the first warms Trino up) and prints {skipped} or {startSeconds, seconds[], rows, events, files}.
const path = require('path');
const ROOT = path.resolve(__dirname, '..', '..');
const { trinoInstall, startTrino, createHuntTable, HUNT_SESSION } = require(path.join(ROOT, 'scripts', 'oracles', 'lib', 'trino-server'));
const { generateHuntCorpus, HUNT_CORPUS_ACCOUNTS, HUNT_CORPUS_REGIONS } = require('./hunt-corpus');

(async () => {
  const install = trinoInstall();
  if (!install) {
    process.stdout.write(JSON.stringify({ skipped: true }));
    return;
  }
  const [configFile, dataDir, eventsText] = process.argv.slice(2);
  const { loadConfig } = require(path.join(ROOT, 'packages', 'central'));
  const { compileHunt } = require(path.join(ROOT, 'packages', 'shared'));
  const { config, directory } = loadConfig(configFile);
  const corpus = generateHuntCorpus(path.join(dataDir, 'corpus'), Number(eventsText), config.organization.id);
  const trino = await startTrino(install, dataDir);
  try {
    await createHuntTable(trino, {
      schema: 'keywatch',
      table: 'corpus',
      folder: 'corpus',
      orgId: config.organization.id,
      accounts: HUNT_CORPUS_ACCOUNTS,
      regions: HUNT_CORPUS_REGIONS,
    });
    const query = compileHunt(config, directory, {
      source: { dialect: 'athena', database: 'keywatch', table: 'corpus', partitionColumns: { account: 'account', region: 'region', date: 'day' } },
      since: new Date('2026-10-31T00:00:00Z'),
      until: new Date('2026-11-08T23:59:59Z'),
    });
    const seconds = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      rows = (await trino.query(query.sql, HUNT_SESSION)).rows.length;
      seconds.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    process.stdout.write(
      JSON.stringify({
        startSeconds: trino.startSeconds,
        seconds,
        rows,
        events: corpus.events,
        files: corpus.files,
        corpusDir: path.join(dataDir, 'corpus', 'AWSLogs'),
      }),
    );
  } finally {
    await trino.stop();
  }
})().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
