import { ConfigError } from '../errors';

/**
 * Decodes a configuration or directory file's bytes as UTF-8 (a UTF-8 byte order mark is dropped) and throws one
 * ConfigError naming `file` when they are not: UTF-16 (by its byte order mark, or by NUL bytes, which YAML text never
 * holds) says so; any other invalid byte is named with its line and column, so Latin-1 text never becomes U+FFFD in an
 * alert. Pure: the caller reads the bytes.
 */
export function decodeUtf8File(bytes: Uint8Array, file: string): string {
  const utf16 = utf16Order(bytes);
  if (utf16 !== undefined) {
    throw new ConfigError(file, [
      { path: '', line: 1, message: `the file is UTF-16 (${utf16}); keywatch reads UTF-8: save it as UTF-8 (e.g. \`iconv -f UTF-16 -t UTF-8\`)` },
    ]);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bad; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new ConfigError(file, [
      {
        path: '',
        line,
        message: `byte 0x${hex} at column ${bad - lineStart + 1} is not UTF-8 (the file looks like Latin-1 or Windows-1252); save the file as UTF-8`,
      },
    ]);
  }
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 byte order mark
}

/** 'LE' or 'BE' when `bytes` are UTF-16 text: by the byte order mark, else by a NUL byte in the first 64 (every other byte of ASCII text). */
function utf16Order(bytes: Uint8Array): 'LE' | 'BE' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'LE';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'BE';
  const n = Math.min(bytes.length, 64);
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) return i % 2 === 1 ? 'LE' : 'BE';
  }
  return undefined;
}

/**
 * The index of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF); undefined when all are. Hand-written because Node's decoder replaces bad bytes silently and TextDecoder's
 * fatal mode does not say where.
 */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return undefined;
}
