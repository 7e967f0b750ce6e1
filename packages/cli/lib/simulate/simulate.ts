import * as fs from 'fs';
import { KeywatchError, type NotifyMode } from '@keywatch/shared';
import type { IpSemantics } from './engine';
import { progressBar } from '../output/progress';
import { SimulationPrinter, type SimulateFormat } from './print';
import { loadSimulationRules } from './rules/load-cdk-out';
import { defaultWorkers, runSimulationOnWorkers } from './parallel';
import { runSimulation } from './run-simulation';
import type { Notification } from './notification';
import type { SimulationSummary } from './summary';
import { NotifyModeCollector, notifySettingsOf } from './notify-modes';

/** Options of simulate (the `simulate` command parses its arguments into these). */
export interface SimulateOptions {
  /** Files, directories and "-" (stdin). */
  readonly inputs: readonly string[];
  /** The cloud assembly directory whose rules are replayed. @default 'cdk.out' */
  readonly cdkOut?: string;
  /**
   * Brings the assembly in `cdkOut` up to date (synthesizing it when needed) before its rules are read, once the options
   * and inputs have been checked; the command passes one that runs ensureCdkOut with --config and --cdk-out.
   * @default - the assembly is read as it is
   */
  readonly synthesize?: () => Promise<void>;
  /** Output format. @default 'text' */
  readonly format?: SimulateFormat;
  /** Only events whose eventTime is at or after this. @default - no lower bound */
  readonly since?: Date;
  /** Only events whose eventTime is at or before this. @default - no upper bound */
  readonly until?: Date;
  /** Where notifications and the summary go. @default process.stdout */
  readonly write?: (text: string) => void;
  /** How IP matchers compare the two address families (see IpSemantics in the engine). @default 'event-ruler' */
  readonly ipSemantics?: IpSemantics;
  /** Show a progress bar on stderr when it is a TTY. @default true */
  readonly progress?: boolean;
  /** Worker threads replaying files (1: in this thread; stdin is always read here). @default - the number of CPUs (defaultWorkers) */
  readonly workers?: number;
  /** The notify.mode marked as selected in the per-mode e-mail counts. @default - the mode the assembly deploys (notifySettingsOf) */
  readonly notifyMode?: NotifyMode;
}

/** Parses `--workers`: a whole number from 1; throws KeywatchError naming the option otherwise. */
export function parseWorkers(text: string): number {
  const n = /^[0-9]+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new KeywatchError(`'--workers' must be a whole number of threads, at least 1; got '${text}'`);
  return n;
}

/**
 * `keywatch simulate`: has the assembly brought up to date (`synthesize`, default: cdk.out as it is), loads its rules,
 * replays the inputs and prints each notification and then the summary. Throws KeywatchError for bad options, a bad
 * assembly, an input that does not exist, and (after the summary) any input that could not be read.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  if (options.inputs.length === 0) throw new KeywatchError("'inputs' must name at least one file, directory or '-' (stdin)");
  const missing = options.inputs.filter((input) => input !== '-' && !fs.existsSync(input));
  if (missing.length > 0) {
    throw new KeywatchError(`'inputs' must name existing files or directories; not found: ${missing.join(', ')}`);
  }
  const { since, until } = options;
  if (since && until && since.getTime() > until.getTime()) {
    throw new KeywatchError(`'--since' must not be after '--until'; got ${since.toISOString()} and ${until.toISOString()}`);
  }
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1) throw new KeywatchError(`'workers' must be a whole number of threads, at least 1; got ${workers}`);
  await options.synthesize?.();
  const cdkOut = options.cdkOut ?? 'cdk.out';
  const rules = loadSimulationRules(cdkOut, { ipSemantics: options.ipSemantics });
  const printer = new SimulationPrinter(options.format ?? 'text', options.write);
  const bar = options.progress === false ? undefined : progressBar('simulate');
  const modes = new NotifyModeCollector();
  let summary: SimulationSummary;
  try {
    const onNotification = (n: Notification): void => {
      modes.add(n);
      printer.notification(n);
    };
    const common = { inputs: options.inputs, since, until, onNotification, onProgress: bar?.update };
    summary =
      workers > 1 && !options.inputs.includes('-')
        ? await runSimulationOnWorkers({ ...common, cdkOut, workers, ipSemantics: options.ipSemantics })
        : await runSimulation({ ...common, rules });
  } finally {
    bar?.stop();
  }
  const deployed = notifySettingsOf(cdkOut);
  printer.summary(summary, modes.report({ mode: options.notifyMode ?? deployed.mode, windowMinutes: deployed.windowMinutes }));
  const unreadable = summary.problems.filter((p) => /^cannot (read|list directory)/.test(p.message));
  if (unreadable.length > 0) {
    throw new KeywatchError(
      `${unreadable.length === 1 ? 'an input' : `${unreadable.length} inputs`} could not be read (${unreadable.map((p) => p.source).join(', ')}): the summary above leaves them out; check their permissions`,
    );
  }
  return summary;
}
