// The entry point of a `simulate --workers` thread (see parallel.ts): loads the rules from cdk.out once, then replays
// each file the main thread sends and answers with that file's notifications and summary.
import { parentPort, workerData } from 'worker_threads';
import type { IpSemantics } from './engine';
import type { Notification } from './notification';
import { loadSimulationRules } from './rules/load-cdk-out';
import { createReplayer } from './run-simulation';
import { SummaryCollector, type SimulationSummary } from './summary';

/** What the main thread gives each worker. */
export interface WorkerSetup {
  readonly cdkOut: string;
  readonly ipSemantics: IpSemantics;
  /** --since and --until, in milliseconds since the epoch. */
  readonly since?: number;
  readonly until?: number;
  readonly readWholeRecords?: boolean;
}

/** One file to replay: its position among all the files, and its path. */
export interface WorkerTask {
  readonly index: number;
  readonly file: string;
}

/** The answer for one file, or the unexpected error that stopped the worker. */
export type WorkerAnswer =
  | { readonly index: number; readonly summary: SimulationSummary; readonly notifications: readonly Notification[] }
  | { readonly index: number; readonly error: string };

if (parentPort !== null) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const replayer = createReplayer({
    rules: loadSimulationRules(setup.cdkOut, { ipSemantics: setup.ipSemantics }),
    since: setup.since === undefined ? undefined : new Date(setup.since),
    until: setup.until === undefined ? undefined : new Date(setup.until),
    readWholeRecords: setup.readWholeRecords,
  });
  port.on('message', (task: WorkerTask) => {
    const collector = new SummaryCollector();
    const notifications: Notification[] = [];
    replayer
      .read(task.file, collector, (n) => notifications.push(n))
      .then(
        () => {
          collector.inputs++;
          port.postMessage({ index: task.index, summary: collector.summary(), notifications } satisfies WorkerAnswer);
        },
        (e: unknown) => port.postMessage({ index: task.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerAnswer),
      );
  });
}
