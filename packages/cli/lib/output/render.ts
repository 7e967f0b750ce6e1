import { renderCsv } from './csv';
import type { OutputDocument, OutputFormat } from './document';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderTerminal } from './terminal';

/** Options of renderDocument. */
export interface RenderOptions {
  /**
   * ANSI colours in the table format.
   * @default false
   */
  readonly color?: boolean;
}

/** Renders the document in `format` (table, json, csv, markdown or html); JSON is the document's `json` value, indented by 2, with a final newline. */
export function renderDocument(doc: OutputDocument, format: OutputFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTerminal(doc, { color: options.color ?? false });
    case 'json':
      return `${JSON.stringify(doc.json, null, 2)}\n`;
    case 'csv':
      return renderCsv(doc.csv);
    case 'markdown':
      return renderMarkdown(doc);
    case 'html':
      return renderHtml(doc);
  }
}
