import { warningLine } from '@keywatch/shared';

// The warning prefix is one fact for the CLI and the CDK app (bin/app.ts), so it lives in @keywatch/shared.
export { WARNING_PREFIX, warningLine } from '@keywatch/shared';

/** Where a warning is written: anything with write(text) (default process.stderr). */
export interface WarningStream {
  write(text: string): unknown;
}

/** Writes one warning as every keywatch command does on stderr, `keywatch: warning: <text>` and a newline (default stream process.stderr). */
export function writeWarning(text: string, stream: WarningStream = process.stderr): void {
  stream.write(`keywatch: ${warningLine(text)}\n`);
}
