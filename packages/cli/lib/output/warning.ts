/** What every warning line the keywatch command prints starts with (stderr and the terminal document). */
export const WARNING_PREFIX = 'warning: ';

/** One warning line: WARNING_PREFIX and the text, without a newline (no default). */
export function warningLine(text: string): string {
  return `${WARNING_PREFIX}${text}`;
}
