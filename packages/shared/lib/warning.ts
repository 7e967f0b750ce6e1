/** What every warning line keywatch prints starts with (the keywatch command's stderr and terminal document, the CDK app's stderr). */
export const WARNING_PREFIX = 'warning: ';

/** One warning line: WARNING_PREFIX and the text, without a newline (no default). */
export function warningLine(text: string): string {
  return `${WARNING_PREFIX}${text}`;
}
