'use strict';
// Child process: compile time of a deterministic 1,000-network allowlist (argv[2] networks, default 1000; half IPv4,
// a quarter of those in 32.0.0.0/3, half IPv6) into the sender rules, beside the reference: the plain complement of the
// same allowlist (cidr-tools excludeCidr of 0.0.0.0/0 and ::/0), the least any "not in these networks" compiler computes.
// Prints {networks, referenceMs, outsideMs, compileMs, matchers, senderRules, largestPatternChars, blindSpots}.
const path = require('path');
const { mulberry32 } = require('./prng');
const shared = require(path.join(__dirname, '..', '..', 'packages', 'shared', 'dist'));

const count = Number(process.argv[2] ?? 1000);
const random = mulberry32(7);
const byte = () => Math.floor(random() * 256);
const networks = [];
for (let i = 0; i < count; i++) {
  if (i % 2 === 0) {
    const first = i % 8 === 0 ? 32 + (byte() & 31) : byte();
    const prefix = 16 + Math.floor(random() * 17);
    networks.push(`${first}.${byte()}.${byte()}.${byte()}/${prefix}`);
  } else {
    const groups = Array.from({ length: 3 }, () => ((byte() << 8) | byte()).toString(16));
    networks.push(`${(0x2000 | (byte() << 4)).toString(16)}:${groups.join(':')}::/${32 + Math.floor(random() * 33)}`);
  }
}
// host bits cleared, as the config validator requires
const allowed = networks.map((n) => {
  const [addr, len] = shared.parseNetwork(n);
  const bytes = addr.toByteArray();
  const bits = bytes.length * 8;
  const masked = bytes.map((b, i) => b & (0xff << (8 - Math.max(0, Math.min(8, Number(len) - i * 8)))) & 0xff);
  const text = require('ipaddr.js').fromByteArray(masked).toString();
  return Number(len) === bits ? text : `${text}/${len}`;
});

function time(fn, runs) {
  fn(); // warm-up
  const started = process.hrtime.bigint();
  let result;
  for (let i = 0; i < runs; i++) result = fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6 / runs, result };
}

const runs = 5;
const reference = time(() => shared.complementNetworks(allowed), runs);
const outside = time(() => shared.outsideMatchers(allowed), runs);
const central = require(path.join(__dirname, '..', '..', 'packages', 'central', 'dist', 'lib'));
const example = central.loadConfig(path.join(__dirname, '..', '..', 'examples', 'keywatch.yml')).config;
const big = {
  ...example,
  allow: { ...example.allow, networks: allowed, organizationalUnits: [], accounts: [] },
  quotas: { ...example.quotas, rulesPerBus: 100000, eventPatternMaxChars: 4096 },
};
const compile = time(() => shared.compileOrganization(big), runs);
process.stdout.write(
  JSON.stringify({
    networks: allowed.length,
    referenceMs: reference.ms,
    outsideMs: outside.ms,
    compileMs: compile.ms,
    matchers: outside.result.matchers.length,
    senderRules: compile.result.sender.length,
    largestPatternChars: compile.result.largestPatternChars,
    blindSpots: outside.result.blindSpots.length,
  }),
);
