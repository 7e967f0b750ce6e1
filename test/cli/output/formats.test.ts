import { csvField, renderCsv } from '../../../packages/cli/lib/output/csv';
import type { OutputDocument } from '../../../packages/cli/lib/output/document';
import { escapeHtml } from '../../../packages/cli/lib/output/html';
import { markdownCell } from '../../../packages/cli/lib/output/markdown';
import { renderDocument } from '../../../packages/cli/lib/output/render';
import { terminalSafe } from '../../../packages/cli/lib/output/terminal';

const doc: OutputDocument = {
  title: 'T',
  generatedAt: '2026-11-27T00:00:00.000Z',
  summary: [{ label: 'Gaps', value: 1, tone: 'bad' }],
  warnings: ['careful'],
  sections: [
    {
      title: 'Matrix',
      matrix: {
        corner: 'Account',
        columns: ['us-east-1', 'eu-west-1'],
        rows: [
          {
            id: '111111111111',
            label: 'a|b',
            sublabel: '111111111111',
            cells: [
              { symbol: '✓', text: 'covered', tone: 'ok', state: 'covered' },
              { symbol: '✗', text: 'missing', tone: 'bad', state: 'missing', title: 'no "instance" <here>' },
            ],
          },
        ],
        legend: [{ symbol: '✓', text: 'covered', tone: 'ok', state: 'covered' }],
      },
    },
    {
      title: 'Rows',
      table: {
        columns: [
          { key: 'ua', header: 'User agent' },
          { key: 'n', header: 'N', align: 'right' },
        ],
        rows: [{ ua: '<script>alert(1)</script>', n: 12 }],
      },
    },
  ],
  csv: {
    columns: [
      { key: 'a', header: 'a' },
      { key: 'b', header: 'b' },
    ],
    rows: [
      { a: 'x,y', b: '=HYPERLINK("evil")' },
      { a: 'line\nbreak', b: 3 },
    ],
  },
  json: { ok: true },
};

describe('csv', () => {
  test('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(renderCsv(doc.csv)).toBe('a,b\r\n"x,y","\'=HYPERLINK(""evil"")"\r\n"line\nbreak",3\r\n');
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(undefined)).toBe('');
  });
});

describe('markdown', () => {
  test('escapes pipes and HTML in cells, renders the matrix with symbols and a legend', () => {
    const md = renderDocument(doc, 'markdown');
    expect(markdownCell('a|b<x>\nc')).toBe('a\\|b\\<x\\> c');
    expect(md).toContain('| Account | us-east-1 | eu-west-1 |');
    expect(md).toContain('| a\\|b (111111111111) | ✓ covered | ✗ missing |');
    expect(md).toContain('| \\<script\\>alert(1)\\</script\\> | 12 |');
    expect(md).toContain('| --- | ---: |');
    expect(md).toContain('Legend: ✓ covered');
    expect(md).toContain('- careful');
  });
});

describe('html', () => {
  test('escapes untrusted text and has no external assets or scripts', () => {
    const html = renderDocument(doc, 'html');
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<(link|img|script|iframe)\b/);
    expect(html).not.toMatch(/(src|href)=/);
    expect(html).toContain('title="no &quot;instance&quot; &lt;here&gt;"');
    expect(html).toContain('<td class="cell tone-bad state-missing" data-state="missing" data-col="eu-west-1"');
  });
});

describe('terminal table', () => {
  test('aligns columns, colours only when asked, strips control characters from data', () => {
    const plain = renderDocument(doc, 'table');
    expect(plain).not.toContain('\x1b[');
    expect(plain).toMatch(/^Account +us-east-1 +eu-west-1$/m);
    expect(plain).toMatch(/^a\|b 111111111111 +✓ +✗$/m);
    expect(plain).toMatch(/^User agent +N$/m);
    expect(plain).toMatch(/^<script>alert\(1\)<\/script> +12$/m);
    const colored = renderDocument(doc, 'table', { color: true });
    expect(colored).toContain('\x1b[31m✗');
    expect(terminalSafe('evil\x1b]0;title\x07name')).toBe('evil ]0;title name');
  });
});

describe('json', () => {
  test('is the document json value, indented, newline-terminated', () => {
    expect(renderDocument(doc, 'json')).toBe('{\n  "ok": true\n}\n');
  });
});
