import * as fs from 'fs';
import * as path from 'path';
import type { InputProblem } from '../types';

/** The name under which stdin is given and reported. */
export const STDIN = '-';

/** File names read when walking a directory: CloudTrail's .json.gz, and .json, .jsonl, .ndjson, .gz. */
const LOG_FILE = /\.(json|jsonl|ndjson|gz)$/i;

/** Directories skipped when walking: CloudTrail digest files hold hashes, not events. */
const SKIPPED_DIRECTORIES = new Set(['CloudTrail-Digest']);

/** The files to read, in order, and the inputs that do not exist. */
export interface ExpandedInputs {
  /** File paths (and "-" for stdin) in the order given, each directory's files sorted by path. */
  readonly files: string[];
  /** Inputs that could not be listed. */
  readonly problems: InputProblem[];
}

/**
 * Expands the command-line inputs: "-" is stdin, a file is read as given (whatever its name), a directory is walked
 * recursively in sorted order for .json/.json.gz/.gz/.jsonl/.ndjson files (CloudTrail's
 * AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD layout), skipping hidden entries and CloudTrail-Digest folders.
 */
export function expandInputs(inputs: readonly string[]): ExpandedInputs {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    if (input === STDIN) {
      files.push(STDIN);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      problems.push({ source: input, position: {}, message: `cannot read: ${errorText(e)}` });
      continue;
    }
    if (stat.isDirectory()) walk(input, files, problems);
    else files.push(input);
  }
  return { files, problems };
}

function walk(dir: string, files: string[], problems: InputProblem[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push({ source: dir, position: {}, message: `cannot list directory: ${errorText(e)}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, files, problems);
    } else if (entry.isFile() && LOG_FILE.test(entry.name)) {
      files.push(full);
    }
  }
}

/** The message of an error (also one from another realm, as under Jest); any other value as text. */
export function errorText(e: unknown): string {
  const message = e !== null && typeof e === 'object' ? (e as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(e);
}
