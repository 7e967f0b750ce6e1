#!/usr/bin/env node
// Shim: the compiled CLI lives in dist/ (run `npm run build` first).
require('../dist/bin/keywatch.js');
