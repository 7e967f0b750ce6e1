/** How a value should look: ok (green), warn (yellow), bad (red), muted (grey), or plain. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'plain';

/** A column of a table. */
export interface Column {
  readonly key: string;
  readonly header: string;
  /** right for numbers. */
  readonly align?: 'left' | 'right';
}

/** A plain table; cell values are strings or numbers (missing keys render empty). */
export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, string | number | undefined>>[];
}

/** One cell of a matrix: a symbol for terminals, a text for HTML, a tone, and details on hover. */
export interface MatrixCell {
  readonly symbol: string;
  readonly text: string;
  readonly tone: Tone;
  readonly title?: string;
  /** Machine-readable state, used as the HTML class suffix and data-state attribute. */
  readonly state: string;
}

/** Legend entry of a matrix. */
export interface LegendEntry {
  readonly symbol: string;
  readonly text: string;
  readonly tone: Tone;
  readonly state: string;
}

/** A row-label × column matrix, e.g. accounts × regions. */
export interface Matrix {
  readonly corner: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly sublabel?: string; readonly id: string; readonly cells: readonly MatrixCell[] }[];
  readonly legend: readonly LegendEntry[];
}

/** One titled part of a document: a matrix, a table, or just a note. */
export interface Section {
  readonly title: string;
  readonly note?: string;
  readonly matrix?: Matrix;
  readonly table?: Table;
  /**
   * Leave out of the terminal table format (e.g. a matrix too large to read there).
   * @default false
   */
  readonly hideInTerminal?: boolean;
}

/** A format-independent report: rendered as a terminal table, Markdown, HTML or CSV (the `csv` table), or JSON (the `json` value). */
export interface OutputDocument {
  readonly title: string;
  readonly generatedAt: string;
  readonly summary: readonly { readonly label: string; readonly value: string | number; readonly tone?: Tone }[];
  readonly warnings: readonly string[];
  readonly sections: readonly Section[];
  /** The one table CSV output holds (one row per record). */
  readonly csv: Table;
  /** The value JSON output holds. */
  readonly json: unknown;
}

/** Output formats of audit and report. */
export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
/** One of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
