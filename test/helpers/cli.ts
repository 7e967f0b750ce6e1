import { runCli } from '../../packages/cli/lib/cli/run';

/** Runs the keywatch CLI in-process on `argv`, capturing what it writes; the exit code is runCli's. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((t) => ((stdout += String(t)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((t) => ((stderr += String(t)), true));
  try {
    return { code: await runCli(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** What a test's process.stdout/stderr received since its start (or since `clear()`). */
export interface CapturedOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** Forgets what was captured so far. */
  clear(): void;
}

/**
 * Captures process.stdout and process.stderr in every test of the enclosing describe (beforeEach), and restores them,
 * process.exitCode and every other jest spy afterwards (afterEach).
 */
export function captureOutput(): CapturedOutput {
  const state = { stdout: '', stderr: '' };
  beforeEach(() => {
    state.stdout = '';
    state.stderr = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((state.stdout += String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((state.stderr += String(s)), true));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });
  return {
    get stdout() {
      return state.stdout;
    },
    get stderr() {
      return state.stderr;
    },
    clear() {
      state.stdout = '';
      state.stderr = '';
    },
  };
}
