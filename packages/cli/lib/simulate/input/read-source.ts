import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import { Readable } from 'stream';
import * as zlib from 'zlib';
import { firstInvalidUtf8 } from '@keywatch/shared';
import { classifyLogDocument, type ItemSink } from './classify';
import type { ProjectionNode } from './projection';
import { STDIN, errorText } from './sources';
import { StreamReader, utf16Problem } from './stream-reader';
import { TextParser } from './text-parser';

/** Files up to this size are read and decompressed in one go (fast path); larger ones and stdin are streamed. */
export const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

/** Options of readSource. */
export interface ReadSourceOptions {
  /**
   * The stream read for "-".
   * @default process.stdin
   */
  readonly stdin?: Readable;
  /**
   * Files larger than this many bytes are streamed instead of read whole.
   * @default WHOLE_FILE_LIMIT (64 MiB)
   */
  readonly wholeFileLimit?: number;
  /**
   * What routing reads of each record (recordProjection): whole files that are CloudTrail log documents are then
   * validated in full but only this much of each record is built, for a sink with `staged` (classifyLogDocument).
   * @default - every record is parsed whole
   */
  readonly projection?: ProjectionNode;
}

/**
 * Reads one input (a file path, or "-" for stdin), gzip or plain, and sends its records/events and problems to
 * `sink`; never throws for bad content: a corrupt gzip is reported and skipped, a truncated gzip is reported and
 * what decompressed is still parsed (whole NDJSON lines survive), invalid JSON is reported with its position.
 */
export async function readSource(source: string, sink: ItemSink, options: ReadSourceOptions = {}): Promise<void> {
  if (source === STDIN) {
    await readStream(options.stdin ?? process.stdin, sink);
    return;
  }
  let size: number;
  try {
    size = fs.statSync(source).size;
  } catch (e) {
    sink.problem({}, `cannot read: ${errorText(e)}`);
    return;
  }
  if (size > (options.wholeFileLimit ?? WHOLE_FILE_LIMIT)) {
    await readStream(fs.createReadStream(source), sink);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(source);
  } catch (e) {
    sink.problem({}, `cannot read: ${errorText(e)}`);
    return;
  }
  if (!readBuffer(bytes, sink, options.projection, options.wholeFileLimit)) {
    // a small gzip file that decompresses to more than the limit (up to a gzip bomb): streamed, flat memory
    await readStream(Readable.from(slices(bytes, STREAM_CHUNK)), sink);
  }
}

/**
 * Parses one whole input held in memory (gzip detected by its magic bytes); same reporting as readSource. With a
 * projection, a CloudTrail log document is read by classifyLogDocument (anything it does not read is parsed as usual).
 * Returns false, having read nothing, when the input is gzip that decompresses to more than `limit` bytes (default
 * WHOLE_FILE_LIMIT): the caller streams it.
 */
export function readBuffer(bytes: Buffer, sink: ItemSink, projection?: ProjectionNode, limit: number = WHOLE_FILE_LIMIT): boolean {
  let data = bytes;
  if (isGzip(bytes)) {
    try {
      data = zlib.gunzipSync(bytes, { chunkSize: outputChunkSize(bytes), maxOutputLength: limit });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return false;
      const partial = truncatedGzip(bytes, e);
      if (partial === undefined) {
        sink.problem({ byte: 0 }, `not valid gzip (${errorText(e)}); file skipped`);
        return true;
      }
      sink.problem({ byte: partial.length }, `gzip data is truncated after ${partial.length} decompressed bytes; reading what is there`);
      data = partial;
    }
  }
  if (classifyLogDocument(data, projection, sink)) return true;
  if (!checkEncoding(data, sink)) return true;
  const parser = new TextParser(sink);
  parser.push(stripBom(data.toString('utf8')));
  parser.end();
  return true;
}

/** True when `data` is UTF-8 text; else reports UTF-16, or the first byte that is not UTF-8 with its line and column. */
function checkEncoding(data: Buffer, sink: ItemSink): boolean {
  const order = data[0] === 0xff && data[1] === 0xfe ? 'LE' : data[0] === 0xfe && data[1] === 0xff ? 'BE' : undefined;
  const nul = order ?? (data.length >= 2 && data[1] === 0 && data[0] !== 0 ? 'LE' : data.length >= 2 && data[0] === 0 && data[1] !== 0 ? 'BE' : undefined);
  if (nul !== undefined) {
    sink.problem({ line: 1 }, utf16Problem(nul));
    return false;
  }
  if (isUtf8(data)) return true;
  const at = firstInvalidUtf8(data) ?? 0;
  let line = 1;
  let lineStart = 0;
  for (let i = data.indexOf(0x0a); i >= 0 && i < at; i = data.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const hex = data[at].toString(16).toUpperCase().padStart(2, '0');
  sink.problem({ line, byte: at }, `byte 0x${hex} at column ${at - lineStart + 1} is not UTF-8 (Latin-1 or Windows-1252?); the input is skipped`);
  return false;
}

/**
 * One output chunk for the whole decompressed file when the gzip trailer's ISIZE (size mod 2^32 of the last member)
 * says how big it is, so zlib neither grows many 16 KiB chunks nor copies them together; within 64 KiB … 64 MiB.
 */
function outputChunkSize(bytes: Buffer): number {
  const isize = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  return Math.min(Math.max(isize + 1, 64 * 1024), WHOLE_FILE_LIMIT);
}

/** Bytes fed to a gunzip stream at a time, so that its output (up to ~1000x larger) comes in small pieces. */
const STREAM_CHUNK = 64 * 1024;

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The data that decompresses before a gzip stream ends early; undefined when the error is not a truncation. */
function truncatedGzip(bytes: Buffer, e: unknown): Buffer | undefined {
  if ((e as { code?: string }).code !== 'Z_BUF_ERROR') return undefined;
  try {
    return zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Streams an input (gzip detected from its first bytes) through the StreamReader: flat memory whatever its size. */
async function readStream(stream: Readable, sink: ItemSink): Promise<void> {
  const reader = new StreamReader(sink);
  let first = true;
  let gunzip: zlib.Gunzip | undefined;
  let decompressed = 0;
  try {
    for await (const raw of stream) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
      if (first && chunk.length > 0) {
        first = false;
        if (isGzip(chunk)) {
          gunzip = zlib.createGunzip();
          gunzip.on('data', (d: Buffer) => {
            decompressed += d.length;
            reader.push(d);
          });
        }
      }
      if (gunzip) {
        await writeTo(gunzip, chunk);
      } else {
        reader.push(chunk);
      }
    }
    if (gunzip) await endOf(gunzip);
  } catch (e) {
    const message = errorText(e);
    if (gunzip && (e as { code?: string }).code === 'Z_BUF_ERROR') {
      sink.problem({ byte: decompressed }, `gzip data is truncated after ${decompressed} decompressed bytes; reading what is there`);
    } else {
      sink.problem({ byte: decompressed }, gunzip ? `not valid gzip (${message}); the rest of the input is skipped` : `cannot read: ${message}`);
    }
  }
  reader.end();
}

function writeTo(gunzip: zlib.Gunzip, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    gunzip.once('error', onError);
    gunzip.write(chunk, () => {
      gunzip.off('error', onError);
      resolve();
    });
  });
}

function endOf(gunzip: zlib.Gunzip): Promise<void> {
  return new Promise((resolve, reject) => {
    gunzip.once('error', reject);
    gunzip.once('end', resolve);
    gunzip.end();
    gunzip.resume();
  });
}
