'use strict';
/**
 * The large inputs of `npm run bench` (issue 14 item 11), generated once into .bench/ (reused while present):
 * - one CloudTrail log document `{"Records":[…]}` of about `bytes` bytes on one line (default 1 GiB), uncompressed;
 * - a gzip "bomb": one document of the same record repeated to about `bombBytes` (default 3 GiB) decompressed,
 *   compressed at level 9 to a few MB.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { mulberry32 } = require('./prng');
const { record } = require('./generate');

/** Writes `{"Records":[` + records + `]}` through `write`, until about `bytes`; returns the number of records. */
function writeDocument(write, bytes, next) {
  write('{"Records":[');
  let written = 12;
  let n = 0;
  let batch = '';
  while (written < bytes) {
    const r = (n === 0 ? '' : ',') + next(n);
    batch += r;
    written += r.length;
    n++;
    if (batch.length > 1 << 22) {
      write(batch);
      batch = '';
    }
  }
  write(`${batch}]}\n`);
  return n;
}

/** The 1 GiB one-document file; {file, records, bytes}. */
function largeDocument(dir, bytes = 1 << 30) {
  const file = path.join(dir, `one-document-${bytes}.json`);
  const meta = `${file}.meta.json`;
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(`${file}.tmp`, 'w');
  const rand = mulberry32(20261203);
  const start = Date.parse('2026-11-20T00:00:00Z');
  const records = writeDocument(
    (t) => fs.writeSync(fd, t),
    bytes,
    (i) => JSON.stringify(record(rand, '444444444444', 'eu-west-1', new Date(start + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z'))),
  );
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
  const out = { file, records, bytes: fs.statSync(file).size };
  fs.writeFileSync(meta, JSON.stringify(out));
  return out;
}

/** The gzip bomb, as gzip members of 64 MiB each (gunzip reads concatenated members as one stream); {file, records, bytes, decompressedBytes}. */
function gzipBomb(dir, bombBytes = 3 * (1 << 30)) {
  const file = path.join(dir, `bomb-${bombBytes}.json.gz`);
  const meta = `${file}.meta.json`;
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  const one = JSON.stringify(record(mulberry32(20261204), '444444444444', 'eu-west-1', '2026-11-20T00:00:00Z'));
  const fd = fs.openSync(`${file}.tmp`, 'w');
  let decompressedBytes = 0;
  let pending = [];
  let pendingBytes = 0;
  const flush = () => {
    fs.writeSync(fd, zlib.gzipSync(pending.join(''), { level: 9 }));
    pending = [];
    pendingBytes = 0;
  };
  const records = writeDocument(
    (t) => {
      decompressedBytes += t.length;
      pending.push(t);
      pendingBytes += t.length;
      if (pendingBytes >= 64 << 20) flush();
    },
    bombBytes,
    () => one,
  );
  if (pendingBytes > 0) flush();
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
  const out = { file, records, bytes: fs.statSync(file).size, decompressedBytes };
  fs.writeFileSync(meta, JSON.stringify(out));
  return out;
}

module.exports = { largeDocument, gzipBomb };
