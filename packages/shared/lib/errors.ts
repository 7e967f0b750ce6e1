/** One problem found in a configuration or directory file: where it is and how to fix it. */
export interface ConfigIssue {
  /** Dotted path inside the file, e.g. "allow.networks[2]"; "" for the whole file. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

/** A failure the user can fix, printed without a stack trace; the CLI exits with code 2. */
export class KeywatchError extends Error {
  /** Exit code the CLI uses for this error (default 2). */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Every problem found in one file, reported at once: "<file> has N issues:\n  - <path>: <message>". */
export class ConfigError extends KeywatchError {
  constructor(
    /** The file the problems are in. */
    readonly file: string,
    /** The problems, in file order. */
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(file, issues));
  }
}

/** A configuration that is valid but cannot fit an AWS quota; the message names the quota, the numbers and how to raise it. */
export class QuotaError extends KeywatchError {}

function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => `  - ${i.path === '' ? '(file)' : i.path}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  return `${file} has ${issues.length} issue${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}
