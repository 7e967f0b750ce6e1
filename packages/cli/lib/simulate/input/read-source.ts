import * as fs from 'fs';
import type { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import * as zlib from 'zlib';
import { classifyLogDocument, type ItemSink } from './classify';
import type { ProjectionNode } from './projection';
import { STDIN, errorText } from './sources';
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
  readBuffer(bytes, sink, options.projection);
}

/**
 * Parses one whole input held in memory (gzip detected by its magic bytes); same reporting as readSource. With a
 * projection, a CloudTrail log document is read by classifyLogDocument (anything it does not read is parsed as usual).
 */
export function readBuffer(bytes: Buffer, sink: ItemSink, projection?: ProjectionNode): void {
  let data = bytes;
  if (isGzip(bytes)) {
    try {
      data = zlib.gunzipSync(bytes, { chunkSize: outputChunkSize(bytes) });
    } catch (e) {
      const partial = truncatedGzip(bytes, e);
      if (partial === undefined) {
        sink.problem({ byte: 0 }, `not valid gzip (${errorText(e)}); file skipped`);
        return;
      }
      sink.problem({ byte: partial.length }, `gzip data is truncated after ${partial.length} decompressed bytes; reading what is there`);
      data = partial;
    }
  }
  if (classifyLogDocument(data, projection, sink)) return;
  const parser = new TextParser(sink);
  parser.push(stripBom(data.toString('utf8')));
  parser.end();
}

/**
 * One output chunk for the whole decompressed file when the gzip trailer's ISIZE (size mod 2^32 of the last member)
 * says how big it is, so zlib neither grows many 16 KiB chunks nor copies them together; within 64 KiB … 64 MiB.
 */
function outputChunkSize(bytes: Buffer): number {
  const isize = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  return Math.min(Math.max(isize + 1, 64 * 1024), WHOLE_FILE_LIMIT);
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

/** Streams an input (gzip detected from its first bytes) through the incremental parser: NDJSON lines as they come. */
async function readStream(stream: Readable, sink: ItemSink): Promise<void> {
  const parser = new TextParser(sink);
  const decoder = new StringDecoder('utf8');
  let first = true;
  let gunzip: zlib.Gunzip | undefined;
  let decompressed = 0;
  const feed = (chunk: Buffer): void => {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      text = stripBom(text);
      first = false;
    }
    parser.push(text);
  };
  try {
    for await (const raw of stream) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
      if (gunzip === undefined && first && decompressed === 0 && isGzip(chunk)) {
        gunzip = zlib.createGunzip();
        gunzip.on('data', (d: Buffer) => {
          decompressed += d.length;
          feed(d);
        });
      }
      if (gunzip) {
        await writeTo(gunzip, chunk);
      } else {
        feed(chunk);
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
  parser.push(decoder.end());
  parser.end();
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
