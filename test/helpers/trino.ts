import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * A Trino 476 server (the engine of Athena v3) for tests: installed by scripts/oracles/trino.sh, started on 127.0.0.1
 * on a free port with a Hive catalog (`hive`, file metastore) over `dataDir`, stopped by `stop()`. The HTTP protocol
 * client is a few lines (POST /v1/statement, follow nextUri), so no npm Trino client is needed.
 */
export interface TrinoServer {
  /** http://127.0.0.1:<port>. */
  readonly url: string;
  /** Seconds from spawn to the first answered query. */
  readonly startSeconds: number;
  /** The directory the hive catalog's `local:///` URIs point to. */
  readonly dataDir: string;
  /** Runs one statement; rows as arrays, columns named; throws with Trino's message on failure. */
  query(sql: string, session?: Readonly<Record<string, string>>): Promise<TrinoResult>;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its temporary files. */
  stop(): Promise<void>;
}

/** The answer to one statement. */
export interface TrinoResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The installed server and Java, from .oracles/env.d/trino.sh (exported by the test environment) or the default install path; undefined when not installed. */
export function trinoInstall(): { home: string; javaHome: string } | undefined {
  const root = path.resolve(__dirname, '..', '..');
  let home = process.env.KEYWATCH_TRINO_HOME;
  let javaHome = process.env.KEYWATCH_TRINO_JAVA_HOME;
  const envFile = path.join(root, '.oracles', 'env.d', 'trino.sh');
  if ((!home || !javaHome) && fs.existsSync(envFile)) {
    const text = fs.readFileSync(envFile, 'utf8');
    home ??= /KEYWATCH_TRINO_HOME=(\S+)/.exec(text)?.[1];
    javaHome ??= /KEYWATCH_TRINO_JAVA_HOME=(\S+)/.exec(text)?.[1];
  }
  if (!home || !javaHome || !fs.existsSync(path.join(home, 'bin', 'launcher')) || !fs.existsSync(path.join(javaHome, 'bin', 'java'))) return undefined;
  return { home, javaHome };
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Trino over `dataDir` (default: a new temporary directory); resolves when it answers `SELECT 1`, rejects after `timeoutMs` (default 180 s). */
export async function startTrino(install: { home: string; javaHome: string }, dataDir?: string, timeoutMs = 180_000): Promise<TrinoServer> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-trino-'));
  const data = dataDir ?? path.join(work, 'data');
  fs.mkdirSync(data, { recursive: true });
  const port = await freePort();
  const etc = path.join(work, 'etc');
  fs.mkdirSync(path.join(etc, 'catalog'), { recursive: true });
  const write = (file: string, lines: string[]) => fs.writeFileSync(path.join(etc, file), `${lines.join('\n')}\n`);
  write('node.properties', [
    'node.environment=keywatch_test',
    'node.id=keywatch-test-1',
    'node.bind-ip=127.0.0.1',
    'node.internal-address=127.0.0.1',
    `node.data-dir=${path.join(work, 'var')}`,
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
    // (node.bind-ip in node.properties keeps it on the loopback interface)
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
    'hive.non-managed-table-writes-enabled=true',
  ]);
  const started = Date.now();
  const child: ChildProcess = spawn(
    path.join(install.home, 'bin', 'launcher'),
    ['run', `--etc-dir=${etc}`, `--data-dir=${path.join(work, 'var')}`, `--launcher-log-file=${path.join(work, 'launcher.log')}`],
    {
      env: { ...process.env, JAVA_HOME: install.javaHome, PATH: `${path.join(install.javaHome, 'bin')}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', fs.openSync(path.join(work, 'server.out'), 'w'), fs.openSync(path.join(work, 'server.err'), 'w')],
      detached: false,
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const query = (sql: string, session: Readonly<Record<string, string>> = {}) => runStatement(url, sql, session);
  const stop = async (): Promise<void> => {
    if (!exited) {
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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

async function runStatement(url: string, sql: string, session: Readonly<Record<string, string>>): Promise<TrinoResult> {
  const headers: Record<string, string> = { 'X-Trino-User': 'keywatch', 'X-Trino-Catalog': 'hive', 'X-Trino-Schema': 'keywatch' };
  const sessionHeader = Object.entries(session)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(',');
  if (sessionHeader) headers['X-Trino-Session'] = sessionHeader;
  let response = await fetch(`${url}/v1/statement`, { method: 'POST', body: sql, headers });
  let columns: string[] = [];
  const rows: unknown[][] = [];
  for (;;) {
    if (!response.ok) throw new Error(`Trino HTTP ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as {
      nextUri?: string;
      columns?: { name: string }[];
      data?: unknown[][];
      error?: { message: string; errorName: string };
    };
    if (body.error) throw new Error(`Trino ${body.error.errorName}: ${body.error.message}`);
    if (body.columns) columns = body.columns.map((c) => c.name);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) break;
    response = await fetch(body.nextUri, { headers });
  }
  return { columns, rows };
}
