import { Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ConfigIssue } from '../errors';
import { ConfigError } from '../errors';
import type { PathSegment } from './paths';

/** A parsed YAML file with enough context to locate any path in it. */
export interface YamlSource {
  /** The file name used in messages. */
  readonly file: string;
  /** The file's text. */
  readonly text: string;
  /** The parsed document. */
  readonly doc: Document;
  /** Line numbers of the document's offsets. */
  readonly lines: LineCounter;
  /** The document as plain JavaScript values (null for an empty file). */
  readonly data: unknown;
}

/** How many alias expansions a file may cause (the yaml library's limit): a few legitimate uses, never a "billion laughs" file. */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML `text`; throws one ConfigError listing every syntax error with its line and column (duplicate keys included). */
export function parseYaml(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((err) => {
      const pos = lines.linePos(err.pos[0]);
      if (err.code === 'MULTIPLE_DOCS') {
        return {
          path: '',
          line: pos.line,
          message:
            'a second YAML document starts here (`---`); keywatch reads one document per file: remove the `---` line and merge the documents, or remove the second one',
        };
      }
      return { path: '', line: pos.line, message: `YAML syntax error at column ${pos.col}: ${err.message}` };
    });
    throw new ConfigError(file, issues);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    // the yaml library's guard against "billion laughs" documents (and any other alias it cannot resolve)
    const message = /alias count/i.test(e.message)
      ? `its YAML aliases (*name) expand to too many copies (more than ${MAX_ALIAS_COUNT}); write the values out instead of repeating aliases`
      : `a YAML alias cannot be resolved (${e.message}); define each &anchor before its *alias`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  return { file, text, doc, lines, data };
}

/** The YAML node at `path`, or the deepest existing ancestor (its map or sequence) when the path does not exist. */
export function nodeAt(src: YamlSource, path: readonly PathSegment[]): { node: unknown; exact: boolean } {
  let node: unknown = src.doc.contents;
  for (let i = 0; i < path.length; i++) {
    const next =
      isNode(node) && 'get' in node && typeof node.get === 'function'
        ? (node as { get(k: unknown, keepScalar: boolean): unknown }).get(path[i], true)
        : undefined;
    if (!isNode(next)) {
      return { node, exact: false };
    }
    node = next;
  }
  return { node, exact: true };
}

/** The 1-based line of the node at `path` (or its nearest existing ancestor); undefined for an empty document. */
export function lineAt(src: YamlSource, path: readonly PathSegment[]): number | undefined {
  return lineOfNode(src, nodeAt(src, path).node);
}

/** The 1-based line of the key `key` inside the map at `path`, falling back to the map's line. */
export function lineOfKey(src: YamlSource, path: readonly PathSegment[], key: string): number | undefined {
  const { node, exact } = nodeAt(src, path);
  if (exact && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair && isNode(pair.key)) {
      return lineOfNode(src, pair.key);
    }
  }
  return lineOfNode(src, node);
}

/** The text of the scalar at `path` exactly as written in the file (e.g. "012345678901" before YAML made it a number); undefined when not a scalar. */
export function sourceTextAt(src: YamlSource, path: readonly PathSegment[]): string | undefined {
  const { node, exact } = nodeAt(src, path);
  if (!exact || !isScalar(node) || !node.range) {
    return undefined;
  }
  return src.text.slice(node.range[0], node.range[1]);
}

function lineOfNode(src: YamlSource, node: unknown): number | undefined {
  if (!isNode(node) || !node.range) {
    return undefined;
  }
  return src.lines.linePos(node.range[0]).line;
}
