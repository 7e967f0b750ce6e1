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
