import type { OutputDocument, Table, Tone } from './document';
import { warningLine } from './warning';

/** Options of renderTerminal. */
export interface TerminalOptions {
  /**
   * ANSI colours (only when writing to a TTY).
   * @default false
   */
  readonly color?: boolean;
}

const ANSI: Record<Tone, string> = { ok: '\x1b[32m', warn: '\x1b[33m', bad: '\x1b[31m', muted: '\x1b[90m', plain: '' };
const RESET = '\x1b[0m';

/** Display width of `s` (code points; the symbols used here are one column wide). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** Strips control characters (ANSI escapes included) from untrusted text before it reaches a terminal. */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function paint(s: string, tone: Tone | undefined, color: boolean): string {
  return color && tone && tone !== 'plain' ? `${ANSI[tone]}${s}${RESET}` : s;
}

/** Renders aligned columns with a header and a rule, two spaces apart. */
export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], right[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function tableText(t: Table): string {
  return renderTextTable(
    t.columns.map((c) => c.header),
    t.rows.map((r) => t.columns.map((c) => terminalSafe(r[c.key] === undefined ? '' : String(r[c.key])))),
    t.columns.map((c) => c.align === 'right'),
  );
}

/** Renders the document for a terminal: summary, warnings, then each section (matrices as symbols, coloured only with `color`). */
export function renderTerminal(doc: OutputDocument, options: TerminalOptions = {}): string {
  const color = options.color ?? false;
  const out: string[] = [doc.title, `generated ${doc.generatedAt}`, ''];
  const lw = Math.max(...doc.summary.map((s) => width(s.label)));
  for (const s of doc.summary) out.push(`  ${pad(s.label, lw)}  ${paint(String(s.value), s.tone, color)}`);
  out.push('');
  for (const w of doc.warnings) out.push(paint(warningLine(terminalSafe(w)), 'warn', color));
  if (doc.warnings.length > 0) out.push('');
  for (const s of doc.sections) {
    out.push(s.title, '='.repeat(width(s.title)));
    if (s.note) out.push(terminalSafe(s.note));
    if (s.matrix && !s.hideInTerminal) {
      const m = s.matrix;
      const labels = m.rows.map((r) => terminalSafe(r.sublabel ? `${r.label} ${r.sublabel}` : r.label));
      const lwid = Math.max(width(m.corner), ...labels.map(width));
      const cw = m.columns.map(width);
      out.push([pad(m.corner, lwid), ...m.columns].join('  '));
      m.rows.forEach((r, i) => {
        const cells = r.cells.map((c, j) => paint(pad(c.symbol, cw[j]), c.tone, color));
        out.push([pad(labels[i], lwid), ...cells].join('  ').trimEnd());
      });
      out.push(`legend: ${m.legend.map((l) => `${paint(l.symbol, l.tone, color)} ${l.text}`).join('  ')}`);
    }
    if (s.table) out.push(s.table.rows.length > 0 ? tableText(s.table) : '(none)');
    out.push('');
  }
  return out.join('\n');
}
