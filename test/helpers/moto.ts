import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createAwsClients, type AwsClients, type AwsClientOptions } from '../../packages/cli/lib/aws/clients';

/** The account moto serves by default (the caller and organization management account). */
export const MOTO_ACCOUNT = '123456789012';

/** Fake credentials moto accepts. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * Whether the moto server oracle is installed (KEYWATCH_MOTO_SERVER, from scripts/oracles/moto.sh). When it is not:
 * throws under CI=true, else warns and returns false so the suite can skip.
 */
export function motoAvailable(): boolean {
  if (process.env.KEYWATCH_MOTO_SERVER) return true;
  const msg = 'moto server oracle missing: run `bash scripts/oracles/moto.sh` and source .oracles/env.d/moto.sh (KEYWATCH_MOTO_SERVER)';
  if (process.env.CI === 'true') throw new Error(msg);
  console.warn(`${msg}; skipping`);
  return false;
}

/** A running moto server on 127.0.0.1. */
export interface MotoServer {
  readonly endpoint: string;
  /** Clients pointed at this server with fake credentials (options merged in). */
  clients(options?: AwsClientOptions): AwsClients;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the server process and waits for it to exit. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `$KEYWATCH_MOTO_SERVER -H 127.0.0.1 -p <free port>` and waits until it answers (default timeout 30 s). */
export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  const bin = process.env.KEYWATCH_MOTO_SERVER;
  if (!bin) throw new Error('KEYWATCH_MOTO_SERVER is not set');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start in ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    clients: (options = {}) => createAwsClients({ endpoint, credentials: MOTO_CREDENTIALS, maxAttempts: 2, ...options }),
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
