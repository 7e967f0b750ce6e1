import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderQuotaCheck, synthOrganization } from '@keywatch/cli';
import { shardOfAccount } from '@keywatch/shared';
import { HEARTBEAT_LOG_GROUP_NAME } from '@keywatch/central';
import { evaluateIntrinsics } from '../helpers/cfn-intrinsics';
import { writeScaleOrg } from '../helpers/scale-org';

/**
 * 5,000 accounts × 17 regions (scripts/bench/scale-org.js: every 25th account with networks of its own, every 50th with
 * extra recipients) spread over 50 receiver buses (at 45 the fullest shard stack with its nested alarm stacks held 2,546
 * resources, over the 2,500 CloudFormation creates in one operation; synth's quota rows now say so): `keywatch synth` must produce an assembly whose every template is
 * within CloudFormation's and EventBridge's limits, checked here independently of keywatch's own checks, and cfn-lint
 * clean on the largest template of each kind. Kept in one file so it runs beside the other suites.
 */
const ACCOUNTS = 5000;
const SHARDS = 50;
const CFN_LINT = process.env.KEYWATCH_CFN_LINT;
if (!CFN_LINT && process.env.CI === 'true') {
  throw new Error('KEYWATCH_CFN_LINT is not set: run scripts/oracles/cfn-lint.sh and source .oracles/env.d/cfn-lint.sh');
}

type Resource = { Type: string; Properties?: Record<string, unknown>; Condition?: string };
type Template = { Resources: Record<string, Resource>; Outputs?: object; Parameters?: object; Conditions?: Record<string, unknown> };

/** cfn-lint's errors in `files`, as "<file> <rule> <message>" (every rule, cfn-lint's defaults). */
function cfnLintErrors(files: readonly string[]): string[] {
  let findings: { Level: string; Rule: { Id: string }; Filename: string; Message: string }[] = [];
  try {
    execFileSync(CFN_LINT as string, ['--format', 'json', '--', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim().startsWith('[')) throw err;
    findings = JSON.parse(out);
  }
  return findings.filter((f) => f.Level === 'Error').map((f) => `${path.basename(f.Filename)} ${f.Rule.Id} ${f.Message}`);
}

describe(`keywatch synth at ${ACCOUNTS} accounts × 17 regions`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-scale-'));
  const org = writeScaleOrg(path.join(work, 'org'), ACCOUNTS, { shards: SHARDS });
  const outdir = path.join(work, 'cdk.out');
  let summary: ReturnType<typeof synthOrganization>;
  const templates = new Map<string, { text: string; json: Template }>();

  beforeAll(() => {
    summary = synthOrganization({ configFile: org.configFile, outdir });
    for (const f of fs.readdirSync(outdir).filter((n) => n.endsWith('.template.json'))) {
      const text = fs.readFileSync(path.join(outdir, f), 'utf8');
      templates.set(f, { text, json: JSON.parse(text) as Template });
    }
  }, 600_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('every template is within CloudFormation limits: 1,000,000 bytes, 500 resources, 200 outputs and parameters', () => {
    expect(templates.size).toBeGreaterThan(SHARDS);
    for (const [file, { text, json }] of templates) {
      expect({ file, ok: Buffer.byteLength(text) <= 1_000_000 }).toEqual({ file, ok: true });
      expect({ file, ok: Object.keys(json.Resources).length <= 500 }).toEqual({ file, ok: true });
      expect({ file, ok: Object.keys(json.Outputs ?? {}).length <= 200 && Object.keys(json.Parameters ?? {}).length <= 200 }).toEqual({ file, ok: true });
    }
  });

  test('every bus is within EventBridge limits: 300 rules per bus (archive included), 5 targets per rule, 2,048-character patterns, 100 buses', () => {
    const buses = new Set<string>();
    for (const [file, { json }] of templates) {
      const perBus = new Map<string, number>();
      for (const r of Object.values(json.Resources)) {
        if (r.Type === 'AWS::Events::EventBus') buses.add(String(r.Properties?.Name));
        const key = JSON.stringify(r.Type === 'AWS::Events::Archive' ? r.Properties?.SourceArn : (r.Properties?.EventBusName ?? 'default'));
        if (r.Type === 'AWS::Events::Archive' || (r.Type === 'AWS::Events::Rule' && r.Properties?.ScheduleExpression === undefined)) {
          perBus.set(key, (perBus.get(key) ?? 0) + 1);
        }
        if (r.Type === 'AWS::Events::Rule') {
          expect((r.Properties?.Targets as unknown[] | undefined)?.length ?? 0).toBeLessThanOrEqual(5);
          if (r.Properties?.EventPattern !== undefined) {
            // Conservative length: compact JSON plus one space after each comma and colon outside strings.
            const compact = JSON.stringify(r.Properties.EventPattern);
            const structural = compact.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/[^,:]/g, '').length;
            expect({ file, chars: compact.length + structural <= 2048 }).toEqual({ file, chars: true });
          }
        }
      }
      for (const [bus, n] of perBus) expect({ file, bus, fits: n <= 300 }).toEqual({ file, bus, fits: true });
    }
    expect(buses.size).toBe(SHARDS);
    expect(buses.size).toBeLessThanOrEqual(100);
  });

  test('every account of the directory has its alert rule on exactly one bus, the bus its sender forwards to', () => {
    const stackSet = [...templates].find(([f]) => f.endsWith('.stackset.template.json'))?.[1].json as Template;
    const target = Object.values(stackSet.Resources).find((r) => r.Type === 'AWS::Events::Rule')?.Properties?.Targets as { Arn: unknown }[];
    // Where each account's rule lives, read from the templates: the account IDs an alert rule's pattern lists (an account's
    // own rule lists one, a rule shared by the accounts of one policy lists them all).
    const ruleBus = new Map<string, string[]>();
    for (const { json } of templates.values()) {
      const bus = Object.values(json.Resources).find((r) => r.Type === 'AWS::Events::EventBus')?.Properties?.Name as string | undefined;
      for (const r of Object.values(json.Resources)) {
        if (r.Type !== 'AWS::Events::Rule' || !/a watched access key of /.test(String(r.Properties?.Description))) continue;
        const listed = (r.Properties?.EventPattern as { account?: unknown[] } | undefined)?.account ?? [];
        for (const id of listed.filter((a): a is string => typeof a === 'string')) {
          if (bus) ruleBus.set(id, [...new Set([...(ruleBus.get(id) ?? []), bus])]);
        }
      }
    }
    for (const id of org.accountIds.filter((_, i) => i % 7 === 0)) {
      const buses = ruleBus.get(id) ?? [];
      expect({ id, buses: buses.length }).toEqual({ id, buses: 1 });
      const forwardsTo = String(evaluateIntrinsics(stackSet, target[0].Arn, id)).replace(/.*event-bus\//, '');
      expect({ id, forwardsTo }).toEqual({ id, forwardsTo: buses[0] });
      if (id !== '111111111111') expect(buses[0]).toBe(`keywatch-receiver-shard${1 + shardOfAccount(id, SHARDS - 1)}`);
    }
    // An account not in the directory forwards to the primary bus, where the fallback rules are.
    expect(evaluateIntrinsics(stackSet, target[0].Arn, '999999999999')).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/keywatch-receiver');
  });

  test('each heartbeat log group has at most 100 metric filters (CloudWatch Logs, not adjustable)', () => {
    const perGroup = new Map<string, number>();
    for (const { json } of templates.values()) {
      for (const r of Object.values(json.Resources)) {
        if (r.Type !== 'AWS::Logs::MetricFilter') continue;
        // A literal name, or a Ref to the log group of the same template (resolved to that group's name).
        const named = r.Properties?.LogGroupName as string | { Ref: string };
        const name = typeof named === 'string' ? named : String(json.Resources[named.Ref]?.Properties?.LogGroupName);
        if (!name.startsWith(HEARTBEAT_LOG_GROUP_NAME)) continue; // not the alert log's one filter (the storm alarm's count)
        perGroup.set(name, (perGroup.get(name) ?? 0) + 1);
      }
    }
    expect(perGroup.size).toBe(SHARDS);
    for (const n of perGroup.values()) expect(n).toBeLessThanOrEqual(100);
  });

  test('the summary counts buses and templates and needs no quota increase', () => {
    expect(summary.buses).toHaveLength(SHARDS);
    expect(Math.max(...summary.buses.map((b) => b.rules))).toBeLessThanOrEqual(300);
    expect(summary.stacks.length).toBe(templates.size);
    expect(summary.quotaIncreases).toEqual([]);
    expect(summary.liveness.alarms).toBe(ACCOUNTS * 17);
  });

  test('each stack with its nested stacks holds at most 2,500 resources (CloudFormation creates no more in one operation)', () => {
    // A nested template's file is named after its parent stack without dashes, then the nested stack's construct path
    // (keywatch-central-shard10 → keywatchcentralshard10HeartbeatAlarms1…); nested stacks hold no nested stacks here.
    const nested = [...templates].filter(([f]) => f.endsWith('.nested.template.json'));
    const sizes = [...templates]
      .filter(([f]) => !/\.(nested|stackset)\.template\.json$/.test(f))
      .map(([f, { json }]) => {
        const prefix = new RegExp(`^${f.replace('.template.json', '').replace(/-/g, '')}[A-Z]`);
        const children = nested.filter(([n]) => prefix.test(n));
        expect({ f, children: children.length }).toEqual({
          f,
          children: Object.values(json.Resources).filter((r) => r.Type === 'AWS::CloudFormation::Stack').length,
        });
        return { f, n: children.reduce((n, [, c]) => n + Object.keys(c.json.Resources).length, Object.keys(json.Resources).length) };
      });
    const largest = sizes.reduce((a, b) => (b.n > a.n ? b : a));
    expect(largest.n).toBeLessThanOrEqual(2500);
    expect(largest.n).toBeGreaterThan(2000); // the alarms of ~100 accounts × 17 regions: the check is near its limit here
    const row = summary.deploymentQuotas.find((c) => c.quota.name.startsWith('Nested stacks'));
    expect(row).toMatchObject({ needed: largest.n, scope: largest.f, verdict: 'ok' });
  });

  test('the deployment quota rows: stack instances, concurrent operations, stacks and alarms above older documented figures are "check", none an increase', () => {
    const members = ACCOUNTS - 1; // all ACTIVE, the management account excepted
    let alarms = 0;
    for (const [f, { json }] of templates) {
      // the security account's (central, shard and nested stacks), not the management stacks' or the members'
      if (!/keywatch-management-|\.stackset\./.test(f)) alarms += Object.values(json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length;
    }
    const stacks = [...templates.keys()].filter((f) => !f.endsWith('.stackset.template.json') && !/keywatch-management-/.test(f)).length;
    const verdicts = Object.fromEntries(summary.deploymentQuotas.map((c) => [c.quota.name, [c.needed, c.verdict]]));
    expect(verdicts).toMatchObject({
      'Stack instances per stack set': [members * 17, 'check'], // above 2,000 (2023 edition), within 100,000
      // 25% of 4,999 = 1,249 per region (within 3,500), × 17 regions = 21,233 (above 10,000): how it is counted is not established
      'Stack instance operations per administrator account': [Math.floor(members / 4) * 17, 'check'],
      'Stack count': [stacks, 'check'], // above 200 (older editions), within 2,000
      'alarms per Region per account (not in the current Service Quotas table)': [alarms, 'check'],
      'Rate of PutMetricAlarm requests': [alarms, 'check'],
      'Stack sets per administrator account': [1, 'ok'],
    });
    expect(alarms).toBeGreaterThan(ACCOUNTS * 17);
    expect(summary.quotaIncreases).toEqual([]);
    expect(renderQuotaCheck(summary.deploymentQuotas[0])).toContain(
      "AWS CloudFormation 'Stack instances per stack set' (adjustable): 84,983; quota 100,000 (2,000 in older documentation)",
    );
  });

  test('the routed StackSet conditions keep to CloudFormation: at most 200 declared, Fn::Or of 2 to 10 operands, every Condition declared, no cycle', () => {
    const stackSet = [...templates].find(([f]) => f.endsWith('.stackset.template.json'))?.[1].json as Template;
    const conditions = stackSet.Conditions ?? {};
    expect(Object.keys(conditions).length).toBeLessThanOrEqual(200);
    const visit = (e: unknown, path: string[]): void => {
      if (Array.isArray(e)) return e.forEach((x) => visit(x, path));
      if (typeof e !== 'object' || e === null) return;
      const o = e as Record<string, unknown>;
      if ('Fn::Or' in o) expect((o['Fn::Or'] as unknown[]).length).toBeGreaterThanOrEqual(2);
      if ('Fn::Or' in o) expect((o['Fn::Or'] as unknown[]).length).toBeLessThanOrEqual(10);
      if (typeof o.Condition === 'string') {
        expect(Object.keys(conditions)).toContain(o.Condition);
        expect(path).not.toContain(o.Condition);
        visit(conditions[o.Condition], [...path, o.Condition]);
      }
      Object.values(o).forEach((x) => visit(x, path));
    };
    for (const [name, c] of Object.entries(conditions)) visit(c, [name]);
  });

  (CFN_LINT ? test : test.skip)(
    'cfn-lint: the full routed StackSet template with every rule, its account conditions standing in with one account each',
    () => {
      // cfn-lint 1.x models conditions with sympy and adds a clause for every PAIR of Fn::Equals on the same parameter
      // (cfnlint/conditions/conditions.py, _build_equal_vars): 5,000 account IDs on AWS::AccountId make 12.5 million
      // clauses, 373,000 of them built in 150 s under cProfile (about 80 minutes), before any rule runs, so no rule can be
      // left out to speed it up. Here every declared condition that holds only Fn::Equals leaves stands in with its first
      // leaf (same names, same Fn::Or of Fn::Condition, same resources and Fn::If); the real leaves, two inline Fn::Or
      // levels and named conditions are linted at 450 accounts by the next test, and checked in full above.
      const [file, { json }] = [...templates].find(([f]) => f.endsWith('.stackset.template.json')) as [string, { json: Template }];
      const standIn = JSON.parse(JSON.stringify(json)) as Template;
      const firstEquals = (e: unknown): unknown =>
        Array.isArray(e)
          ? e.map(firstEquals).find((x) => x)
          : typeof e === 'object' && e !== null
            ? 'Fn::Equals' in e
              ? e
              : Object.values(e)
                  .map(firstEquals)
                  .find((x) => x)
            : undefined;
      let reduced = 0;
      for (const [name, c] of Object.entries(standIn.Conditions ?? {})) {
        if (JSON.stringify(c).includes('"Condition"')) continue;
        (standIn.Conditions as Record<string, unknown>)[name] = firstEquals(c);
        reduced += 1;
      }
      expect(reduced).toBeGreaterThan(SHARDS);
      const out = path.join(work, `standin-${path.basename(file)}`);
      fs.writeFileSync(out, JSON.stringify(standIn));
      expect(cfnLintErrors([out])).toEqual([]);
    },
    600_000,
  );

  (CFN_LINT ? test : test.skip)(
    'cfn-lint: the routed StackSet template of 450 accounts over 5 buses (named conditions over two inline Fn::Or levels), conditions as synthesized',
    () => {
      const small = writeScaleOrg(path.join(work, 'org450'), 450, { shards: 5 });
      const dir = path.join(work, 'cdk450.out');
      synthOrganization({ configFile: small.configFile, outdir: dir });
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.stackset.template.json')) as string;
      const conditions = Object.keys((JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Template).Conditions ?? {});
      // more than 100 accounts on a bus: InShard<k> joins named conditions R<n> (each two inline levels of up to 10 × 10)
      expect(conditions.filter((c) => /^R\d+$/.test(c)).length).toBeGreaterThan(4);
      expect(cfnLintErrors([path.join(dir, file)])).toEqual([]);
    },
    600_000,
  );

  (CFN_LINT ? test : test.skip)(
    'cfn-lint finds no error in the largest template of each kind but the routed StackSet template',
    () => {
      const kinds = new Map<string, string>();
      const kind = (f: string) =>
        f.endsWith('.nested.template.json') ? 'nested' : f.endsWith('.stackset.template.json') ? 'stackset' : f.replace(/-shard\d+|-[a-z]{2}-[a-z]+-\d/g, '');
      for (const f of [...templates.keys()].sort((a, b) => templates.get(b)!.text.length - templates.get(a)!.text.length)) {
        // The routed StackSet template is linted by the two tests above (cfn-lint's condition model is quadratic in its account IDs).
        if (kind(f) === 'stackset') continue;
        if (!kinds.has(kind(f))) kinds.set(kind(f), path.join(outdir, f));
      }
      expect(cfnLintErrors([...kinds.values()])).toEqual([]);
    },
    600_000,
  );
});
