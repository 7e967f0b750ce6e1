import type { OutputDocument, Table } from './document';

/** Escapes text for a GitHub-flavoured Markdown table cell: backslash, pipe, HTML and emphasis characters; newlines become spaces. */
export function markdownCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\|`*_[\]<>#])/g, '\\$1');
}

function markdownTable(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[], right: readonly boolean[]): string {
  const head = `| ${header.map(markdownCell).join(' | ')} |`;
  const sep = `| ${right.map((r) => (r ? '---:' : '---')).join(' | ')} |`;
  return [head, sep, ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`)].join('\n');
}

function renderTable(t: Table): string {
  return markdownTable(
    t.columns.map((c) => c.header),
    t.rows.map((r) => t.columns.map((c) => r[c.key])),
    t.columns.map((c) => c.align === 'right'),
  );
}

/** Renders the document as GitHub-flavoured Markdown: title, generated time, summary, warnings, then each section's matrix (symbols) and table. */
export function renderMarkdown(doc: OutputDocument): string {
  const out: string[] = [`# ${markdownCell(doc.title)}`, '', `Generated ${doc.generatedAt}`, ''];
  out.push(
    markdownTable(
      ['Summary', 'Value'],
      doc.summary.map((s) => [s.label, s.value]),
      [false, true],
    ),
    '',
  );
  if (doc.warnings.length > 0) {
    out.push('**Warnings**', '', ...doc.warnings.map((w) => `- ${markdownCell(w)}`), '');
  }
  for (const s of doc.sections) {
    out.push(`## ${markdownCell(s.title)}`, '');
    if (s.note) out.push(markdownCell(s.note), '');
    if (s.matrix) {
      const m = s.matrix;
      out.push(
        markdownTable(
          [m.corner, ...m.columns],
          m.rows.map((r) => [r.sublabel ? `${r.label} (${r.sublabel})` : r.label, ...r.cells.map((c) => `${c.symbol} ${c.text}`)]),
          [false, ...m.columns.map(() => false)],
        ),
        '',
        `Legend: ${m.legend.map((l) => `${l.symbol} ${l.text}`).join(' · ')}`,
        '',
      );
    }
    if (s.table) out.push(s.table.rows.length > 0 ? renderTable(s.table) : '_none_', '');
  }
  return out.join('\n');
}
