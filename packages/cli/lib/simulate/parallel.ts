import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { KeywatchError } from '@keywatch/shared';
import type { IpSemantics } from './engine';
import { expandInputs } from './input/sources';
import type { Notification } from './notification';
import { SummaryCollector, type SimulationSummary } from './summary';
import type { WorkerAnswer, WorkerSetup, WorkerTask } from './worker';

/** The default of `simulate --workers`: the number of CPUs this process may use. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : Math.max(1, os.cpus().length);
}

/** Options of runSimulationOnWorkers. */
export interface ParallelSimulationOptions {
  /** Files and directories (walked recursively), read in this order; no "-" (stdin is read in-process). */
  readonly inputs: readonly string[];
  /** The cloud assembly each worker loads its rules from. */
  readonly cdkOut: string;
  /** Worker threads (at least 2; fewer are started when there are fewer files). */
  readonly workers: number;
  /** How IP matchers compare the address families. @default 'event-ruler' */
  readonly ipSemantics?: IpSemantics;
  /** Only events at or after this. @default - no lower bound */
  readonly since?: Date;
  /** Only events at or before this. @default - no upper bound */
  readonly until?: Date;
  /** See SimulationOptions.readWholeRecords. @default false */
  readonly readWholeRecords?: boolean;
  /** Called for every notification, in the order one thread finds them. @default - notifications are only counted */
  readonly onNotification?: (n: Notification) => void;
  /** Called after each input with (inputs done, inputs in total). @default - no progress */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Files a worker may run ahead of the first file not yet reported, per worker: bounds what waits in memory. */
const LOOKAHEAD_PER_WORKER = 2;

/**
 * runSimulation on worker threads: each worker loads the rules from cdk.out once and replays one file at a time; the
 * main thread hands out files in order and reports each file's notifications and counts in file order, so the output
 * is the one a single thread gives. At most LOOKAHEAD_PER_WORKER files per worker are ahead of the first unreported
 * one, so memory stays flat per worker whatever the number of files. Rejects (KeywatchError) when a worker fails.
 */
export async function runSimulationOnWorkers(options: ParallelSimulationOptions): Promise<SimulationSummary> {
  const collector = new SummaryCollector();
  const { files, problems } = expandInputs(options.inputs);
  for (const p of problems) collector.problem(p);
  if (files.includes('-')) throw new KeywatchError("'--workers' above 1 reads files only; stdin ('-') is read with --workers 1");
  const setup: WorkerSetup = {
    cdkOut: options.cdkOut,
    ipSemantics: options.ipSemantics ?? 'event-ruler',
    since: options.since?.getTime(),
    until: options.until?.getTime(),
    readWholeRecords: options.readWholeRecords,
  };
  const count = Math.min(options.workers, files.length);
  const workers = Array.from({ length: count }, () => new Worker(workerScript(), { workerData: setup }));
  const done = new Map<number, Extract<WorkerAnswer, { summary: unknown }>>();
  let next = 0;
  let reported = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const idle: Worker[] = [];
      const dispatch = (): void => {
        while (idle.length > 0 && next < files.length && next < reported + count * LOOKAHEAD_PER_WORKER) {
          idle.pop()!.postMessage({ index: next, file: files[next] } satisfies WorkerTask);
          next++;
        }
      };
      const report = (): void => {
        for (let answer = done.get(reported); answer !== undefined; answer = done.get(reported)) {
          done.delete(reported);
          for (const n of answer.notifications) options.onNotification?.(n);
          collector.add(answer.summary);
          reported++;
          options.onProgress?.(reported, files.length);
        }
      };
      for (const worker of workers) {
        worker.on('message', (answer: WorkerAnswer) => {
          if ('error' in answer) {
            reject(new Error(`simulate worker failed on ${files[answer.index]}: ${answer.error}`));
            return;
          }
          done.set(answer.index, answer);
          report();
          if (reported === files.length) resolve();
          idle.push(worker);
          dispatch();
        });
        worker.on('error', (e) => reject(e));
        worker.on('exit', (code) => {
          if (reported < files.length) reject(new Error(`simulate worker exited (code ${code}) before the last file`));
        });
        idle.push(worker);
      }
      if (files.length === 0) resolve();
      dispatch();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return collector.summary();
}

/**
 * The worker's compiled entry point: next to this file in dist/, or, when this file runs from its TypeScript source
 * (tests), the built one in the package's dist/ (worker threads run JavaScript only).
 */
function workerScript(): string {
  const here = path.join(__dirname, 'worker.js');
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, '..', '..', 'dist', 'lib', 'simulate', 'worker.js');
  if (fs.existsSync(built)) return built;
  throw new KeywatchError(`the simulate worker is not built (${built} does not exist): run \`npm run build\`, or use --workers 1`);
}
