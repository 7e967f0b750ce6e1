'use strict';
// Child process: a bare gunzip + JSON.parse pass over every .json.gz under argv[2]; prints {events, seconds, maxRssMiB}.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.name.endsWith('.json.gz')) out.push(full);
  }
  return out;
}
const started = process.hrtime.bigint();
let events = 0;
for (const file of walk(process.argv[2], [])) {
  events += JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')).Records.length;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ events, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
