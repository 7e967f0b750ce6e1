import type { Matrix, OutputDocument, Table, Tone } from './document';

/** Escapes text for HTML element content and quoted attribute values (& < > " '). */
export function escapeHtml(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const CSS = `
:root{--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff8c5;--bad:#cf222e;--bad-bg:#ffebe9;--muted:#57606a;--muted-bg:#eaeef2;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.generated{color:var(--muted);margin:0 0 16px}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 16px;padding:0;list-style:none}
.summary li{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:110px}
.summary .label{display:block;color:var(--muted);font-size:12px}.summary .value{font-size:20px;font-weight:600}
.warnings{background:var(--warn-bg);border:1px solid #d4a72c;border-radius:6px;padding:8px 12px 8px 28px}
table{border-collapse:collapse;margin:4px 0 8px}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.matrix-wrap{overflow:auto;max-height:80vh}
table.matrix th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;padding:6px 2px}
table.matrix td.cell{text-align:center;min-width:26px;padding:2px 4px;font-weight:600}
table.matrix th.row{position:sticky;left:0;white-space:nowrap;font-weight:500}
table.matrix th.row small{color:var(--muted);margin-left:6px;font-weight:400}
.tone-ok{background:var(--ok-bg);color:var(--ok)}.tone-warn{background:var(--warn-bg);color:var(--warn)}
.tone-bad{background:var(--bad-bg);color:var(--bad)}.tone-muted{background:var(--muted-bg);color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:12px;padding:0;list-style:none;margin:6px 0}
.legend li span{display:inline-block;min-width:22px;text-align:center;border-radius:4px;margin-right:4px;font-weight:600}
.note{color:var(--muted)}
@media print{.matrix-wrap{max-height:none;overflow:visible}}
`.trim();

function toneClass(t: Tone | undefined): string {
  return t && t !== 'plain' ? ` class="tone-${t}"` : '';
}

function renderMatrix(m: Matrix): string {
  const head = `<tr><th class="corner">${escapeHtml(m.corner)}</th>${m.columns.map((c) => `<th class="col" scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = m.rows
    .map(
      (r) =>
        `<tr data-row="${escapeHtml(r.id)}"><th class="row" scope="row">${escapeHtml(r.label)}${r.sublabel ? `<small>${escapeHtml(r.sublabel)}</small>` : ''}</th>` +
        r.cells
          .map(
            (c, j) =>
              `<td class="cell tone-${c.tone} state-${escapeHtml(c.state)}" data-state="${escapeHtml(c.state)}" data-col="${escapeHtml(m.columns[j])}" title="${escapeHtml(c.title ?? c.text)}">${escapeHtml(c.symbol)}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('\n');
  const legend = `<ul class="legend">${m.legend.map((l) => `<li><span class="tone-${l.tone}">${escapeHtml(l.symbol)}</span>${escapeHtml(l.text)}</li>`).join('')}</ul>`;
  return `${legend}<div class="matrix-wrap"><table class="matrix"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function renderTable(t: Table): string {
  if (t.rows.length === 0) return '<p class="note">None.</p>';
  const cls = (a: string | undefined) => (a === 'right' ? ' class="num"' : '');
  const head = `<tr>${t.columns.map((c) => `<th${cls(c.align)}>${escapeHtml(c.header)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${t.columns.map((c) => `<td${cls(c.align)}>${escapeHtml(r[c.key])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** Renders a self-contained HTML page (inline CSS; no scripts, fonts or other external assets): title, generated time, summary counts, warnings, each section. */
export function renderHtml(doc: OutputDocument): string {
  const summary = `<ul class="summary">${doc.summary
    .map((s) => `<li${toneClass(s.tone)}><span class="label">${escapeHtml(s.label)}</span><span class="value">${escapeHtml(s.value)}</span></li>`)
    .join('')}</ul>`;
  const warnings = doc.warnings.length > 0 ? `<ul class="warnings">${doc.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  const sections = doc.sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.title)}</h2>${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}${s.matrix ? renderMatrix(s.matrix) : ''}${s.table ? renderTable(s.table) : ''}</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<p class="generated">Generated <time datetime="${escapeHtml(doc.generatedAt)}">${escapeHtml(doc.generatedAt)}</time></p>
${summary}
${warnings}
${sections}
</body>
</html>
`;
}
