'use strict';
/**
 * A Trino 476 server (the engine of Athena v3) for tests and the bench: installed by scripts/oracles/trino.sh,
 * started on 127.0.0.1 on a free port with a Hive catalog `hive` (file metastore) over a data directory, stopped by
 * stop(). The HTTP protocol (POST /v1/statement, follow nextUri) is a few lines, so no npm Trino client is needed.
 * Also the CloudTrail table of the hunting construct, as Trino DDL over JSON Lines files in the org-trail layout.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The installed server and Java ({ home, javaHome }) from the environment or .oracles/env.d/trino.sh; undefined when not installed. */
function trinoInstall() {
  let home = process.env.KEYWATCH_TRINO_HOME;
  let javaHome = process.env.KEYWATCH_TRINO_JAVA_HOME;
  const envFile = path.join(ROOT, '.oracles', 'env.d', 'trino.sh');
  if ((!home || !javaHome) && fs.existsSync(envFile)) {
    const text = fs.readFileSync(envFile, 'utf8');
    home = home || (/KEYWATCH_TRINO_HOME=(\S+)/.exec(text) || [])[1];
    javaHome = javaHome || (/KEYWATCH_TRINO_JAVA_HOME=(\S+)/.exec(text) || [])[1];
  }
  if (!home || !javaHome || !fs.existsSync(path.join(home, 'bin', 'launcher')) || !fs.existsSync(path.join(javaHome, 'bin', 'java'))) return undefined;
  return { home, javaHome };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs one statement; resolves { columns, rows }, rejects with Trino's error message. */
async function runStatement(url, sql, session = {}) {
  const headers = { 'X-Trino-User': 'keywatch', 'X-Trino-Catalog': 'hive', 'X-Trino-Schema': 'keywatch' };
  const sessionHeader = Object.entries(session)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(',');
  if (sessionHeader) headers['X-Trino-Session'] = sessionHeader;
  let response = await fetch(`${url}/v1/statement`, { method: 'POST', body: sql, headers });
  let columns = [];
  const rows = [];
  for (;;) {
    if (!response.ok) throw new Error(`Trino HTTP ${response.status}: ${await response.text()}`);
    const body = await response.json();
    if (body.error) throw new Error(`Trino ${body.error.errorName}: ${body.error.message}`);
    if (body.columns) columns = body.columns.map((c) => c.name);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) break;
    response = await fetch(body.nextUri, { headers });
  }
  return { columns, rows };
}

/**
 * Starts Trino (heap 2 GB) over `dataDir` (default: a new temporary directory); resolves { url, startSeconds, dataDir,
 * query(sql, session), stop() } once it answers SELECT 1, rejects after `timeoutMs` (default 300 s) or when it exits.
 */
async function startTrino(install, dataDir, timeoutMs = 300_000) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-trino-'));
  const data = dataDir || path.join(work, 'data');
  fs.mkdirSync(data, { recursive: true });
  const port = await freePort();
  const etc = path.join(work, 'etc');
  const varDir = path.join(work, 'var');
  fs.mkdirSync(path.join(etc, 'catalog'), { recursive: true });
  const write = (file, lines) => fs.writeFileSync(path.join(etc, file), `${lines.join('\n')}\n`);
  // node.bind-ip keeps the server on the loopback interface.
  write('node.properties', [
    'node.environment=keywatch_test',
    'node.id=keywatch-test-1',
    'node.bind-ip=127.0.0.1',
    'node.internal-address=127.0.0.1',
    `node.data-dir=${varDir}`,
  ]);
  write('jvm.config', [
    '-server',
    '-Xmx2G',
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djdk.attach.allowAttachSelf=true',
    '-XX:ReservedCodeCacheSize=256M',
  ]);
  write('config.properties', [
    'coordinator=true',
    'node-scheduler.include-coordinator=true',
    `http-server.http.port=${port}`,
    `discovery.uri=http://127.0.0.1:${port}`,
    'query.max-memory=1GB',
    'query.max-memory-per-node=1GB',
  ]);
  write('log.properties', ['io.trino=WARN']);
  write('catalog/hive.properties', [
    'connector.name=hive',
    'hive.metastore=file',
    'hive.metastore.catalog.dir=local:///metastore',
    'fs.native-local.enabled=true',
    `local.location=${data}`,
  ]);
  const started = Date.now();
  const child = spawn(
    path.join(install.home, 'bin', 'launcher'),
    ['run', `--etc-dir=${etc}`, `--data-dir=${varDir}`, `--launcher-log-file=${path.join(work, 'launcher.log')}`],
    {
      env: { ...process.env, JAVA_HOME: install.javaHome, PATH: `${path.join(install.javaHome, 'bin')}:${process.env.PATH || ''}` },
      stdio: ['ignore', fs.openSync(path.join(work, 'server.out'), 'w'), fs.openSync(path.join(work, 'server.err'), 'w')],
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const query = (sql, session) => runStatement(url, sql, session);
  const stop = async () => {
    if (!exited) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    }
    fs.rmSync(work, { recursive: true, force: true });
  };
  for (;;) {
    if (exited) {
      const log = ['server.out', 'server.err'].map((f) => fs.readFileSync(path.join(work, f), 'utf8')).join('\n');
      fs.rmSync(work, { recursive: true, force: true });
      throw new Error(`Trino exited during start-up:\n${log.slice(-4000)}`);
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`Trino did not answer within ${timeoutMs / 1000} s`);
    }
    try {
      await query('SELECT 1');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { url, startSeconds: (Date.now() - started) / 1000, dataDir: data, query, stop };
}

/** The CloudTrail columns of Athena's documented table (create-cloudtrail-table.html) that hunt reads, and a few more; every scalar a string. */
const CLOUDTRAIL_COLUMNS = [
  'eventversion varchar',
  'useridentity ROW(type varchar, principalid varchar, arn varchar, accountid varchar, invokedby varchar, accesskeyid varchar, username varchar)',
  'eventtime varchar',
  'eventsource varchar',
  'eventname varchar',
  'awsregion varchar',
  'sourceipaddress varchar',
  'useragent varchar',
  'errorcode varchar',
  'errormessage varchar',
  'requestparameters varchar',
  'responseelements varchar',
  'requestid varchar',
  'eventid varchar',
  'eventtype varchar',
  'readonly varchar',
  'recipientaccountid varchar',
  'sharedeventid varchar',
  'vpcendpointid varchar',
  'vpcendpointaccountid varchar',
  'eventcategory varchar',
];

/**
 * Creates schema `spec.schema` and the table `spec.table` over local:///<folder>/AWSLogs/<orgId> as the hunting
 * construct defines it (projected account and region enums, day yyyy/MM/dd from 2026/10/01), read with OPENX_JSON
 * (objects as JSON text, booleans as "true", like Athena's string columns); with `lakeView`, also a view of that name
 * typed like CloudTrail Lake (eventtime timestamp, readonly boolean).
 */
async function createHuntTable(trino, spec, lakeView) {
  const q = (xs) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const base = `local:///${spec.folder}/AWSLogs/${spec.orgId}`;
  await trino.query(`CREATE SCHEMA IF NOT EXISTS hive.${spec.schema}`);
  await trino.query(`DROP TABLE IF EXISTS hive.${spec.schema}.${spec.table}`);
  await trino.query(
    [
      `CREATE TABLE hive.${spec.schema}.${spec.table} (`,
      `  ${CLOUDTRAIL_COLUMNS.join(',\n  ')},`,
      `  account varchar WITH (partition_projection_type = 'enum', partition_projection_values = ${q(spec.accounts)}),`,
      `  region varchar WITH (partition_projection_type = 'enum', partition_projection_values = ${q(spec.regions)}),`,
      `  day varchar WITH (partition_projection_type = 'date', partition_projection_format = 'yyyy/MM/dd', partition_projection_range = ARRAY['2026/10/01', '2026/12/31'], partition_projection_interval = 1, partition_projection_interval_unit = 'DAYS')`,
      ') WITH (',
      `  format = 'OPENX_JSON', external_location = '${base}', partitioned_by = ARRAY['account', 'region', 'day'],`,
      `  partition_projection_enabled = true, partition_projection_location_template = '${base}/\${account}/CloudTrail/\${region}/\${day}'`,
      ')',
    ].join('\n'),
  );
  if (lakeView) {
    await trino.query(
      `CREATE OR REPLACE VIEW hive.${spec.schema}.${lakeView} AS SELECT eventid, CAST(from_iso8601_timestamp(eventtime) AT TIME ZONE 'UTC' AS timestamp(3)) AS eventtime, ` +
        "recipientaccountid, awsregion, useridentity, sourceipaddress, eventsource, eventname, readonly = 'true' AS readonly, vpcendpointid, useragent, errorcode, eventtype, eventcategory " +
        `FROM hive.${spec.schema}.${spec.table}`,
    );
  }
}

/** Session properties every hunt query runs with: like Athena, a projected partition without a folder gives no rows and no error. */
const HUNT_SESSION = Object.freeze({ 'hive.ignore_absent_partitions': 'true' });

module.exports = { trinoInstall, startTrino, createHuntTable, HUNT_SESSION };
