import { writeFileAtomic } from './write-file';

/** Writes command output to `file` atomically, or to stdout when no file is given (default). */
export async function emitOutput(text: string, file?: string, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (file) {
    await writeFileAtomic(file, text);
  } else {
    stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
