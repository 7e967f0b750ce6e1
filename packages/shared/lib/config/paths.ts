/** One step of a path into a parsed YAML/JSON value: a key or an array index. */
export type PathSegment = string | number;

/** Formats path segments as a dotted path: ['allow', 'networks', 2] → "allow.networks[2]"; [] → "". */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) {
      out += out === '' ? seg : `.${seg}`;
    } else {
      out += `[${JSON.stringify(seg)}]`;
    }
  }
  return out;
}

/** Parses a dotted path back into segments: "allow.networks[2]" → ['allow', 'networks', 2]; "" → []. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      segments.push(m[1]);
    } else if (m[2] !== undefined) {
      segments.push(Number(m[2]));
    } else {
      segments.push(JSON.parse(m[3]) as string);
    }
  }
  return segments;
}
