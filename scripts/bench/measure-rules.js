'use strict';
// Child process: simulate throughput in `central-only` mode with at least argv[2] central alert rules, on the corpus in
// argv[3]. The rules are the example organization's, compiled by compileOrganization with its accounts directory grown
// until there are that many rules (about 3.7 per account in this mode; the corpus's accounts among them), in memory: beyond 289 rules the synthesized central stack
// would exceed the rules-per-bus quota, so the rules are routed as runSimulation routes a cdk.out's, without
// CloudFormation around them (targets: the e-mail notification shows the event). Prints {rules, events, notifications,
// forwarded, seconds, cpuSeconds, maxRssMiB}.
const path = require('path');
const ROOT = path.join(__dirname, '..', '..');
const shared = require(path.join(ROOT, 'packages', 'shared', 'dist'));
const central = require(path.join(ROOT, 'packages', 'central', 'dist', 'lib'));
const { runSimulation } = require(path.join(ROOT, 'packages', 'cli', 'dist', 'lib', 'simulate'));

const wanted = Number(process.argv[2]);
const loaded = central.loadConfig(path.join(ROOT, 'examples', 'keywatch.yml'));
const config = { ...loaded.config, filtering: 'central-only', quotas: { ...loaded.config.quotas, rulesPerBus: 1_000_000 } };
const known = loaded.directory.accounts;
const account = (i) => ({
  id: String(800000000000 + i * 7919),
  name: `workload-${i}`,
  email: `aws-${i}@example.com`,
  status: 'ACTIVE',
  organizationalUnit: 'Workloads/Dev',
  tags: {},
});
const planWith = (n) => shared.compileOrganization(config, { ...loaded.directory, accounts: [...known, ...Array.from({ length: n }, (_, i) => account(i))] });
const base = planWith(0).central.length;
const perAccount = planWith(1).central.length - base;
let extra = Math.max(0, Math.ceil((wanted - base) / perAccount));
let plan = planWith(extra);
while (plan.central.length < wanted) plan = planWith(++extra);

const rule = (r, targets) => ({
  name: r.id,
  stack: 'bench',
  state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
  matcher: shared.compileEventPattern(r.pattern),
  targets,
});
const rules = {
  senders: [
    {
      origin: 'StackSet bench',
      rules: plan.sender.map((r) => rule(r, [{ id: 'Target0', kind: 'event-bus', arn: 'arn:aws:events:eu-west-1:222222222222:event-bus/bench' }])),
    },
  ],
  central: plan.central.map((r) => rule(r, [])),
  bus: { name: 'bench', account: '222222222222', region: 'eu-west-1' },
};

(async () => {
  let bytes = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const summary = await runSimulation({ inputs: [process.argv[3]], rules, onNotification: (n) => (bytes += n.message.length) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      rules: rules.central.length,
      events: summary.eventsRead,
      forwarded: summary.forwarded,
      notifications: summary.notifications,
      outputBytes: bytes,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
})().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
