import { runCli } from '../lib/cli/run';

/** Entry point of the keywatch CLI: parses process.argv and sets the exit code (0 ok, 1 findings, 2 bad input). */
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
