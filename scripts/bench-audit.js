#!/usr/bin/env node
// Benchmark of `keywatch audit` at organization scale against moto server (no AWS account needed).
// Usage: npm run build && source .oracles/env.d/moto.sh && node scripts/bench-audit.js [--accounts 500] [--regions 17] [--concurrency 8] [--liveness]
// --liveness also creates one liveness alarm per account × region (as the central stack does) and runs the audit again
// with liveness (DescribeAlarms by prefix, GetMetricData for the delivery failures), printing its time and calls.
// Starts its own moto server on 127.0.0.1, seeds an organization (accounts spread over 10 OUs), the service-managed
// StackSet keywatch-sender with an instance per account × region and the management stacks, then runs auditCoverage
// from the built dist and prints the elapsed time and the API calls it made. moto does not paginate ListStackInstances
// and ignores StackInstanceRegion, so each per-region call returns every instance of every region: the call count is
// what real AWS would need only for pages of ≤100 instances; see the printed estimate.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(ROOT, 'packages/cli/dist/lib', p));
const ALL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'sa-east-1',
];

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startMoto(bin) {
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) return { child, endpoint };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('moto_server did not start');
}

async function main() {
  const accounts = arg('accounts', 500);
  const regionCount = arg('regions', 17);
  const concurrency = arg('concurrency', 8);
  const regions = ALL_REGIONS.slice(0, regionCount);
  const bin = process.env.KEYWATCH_MOTO_SERVER;
  if (!bin) throw new Error('KEYWATCH_MOTO_SERVER is not set: bash scripts/oracles/moto.sh && source .oracles/env.d/moto.sh');

  let clientsMod, auditMod;
  try {
    clientsMod = dist('aws/clients.js');
    auditMod = dist('audit/index.js');
  } catch {
    throw new Error('packages/cli/dist is missing: run `npm run build` first');
  }
  const org = require('@aws-sdk/client-organizations');
  const cfn = require('@aws-sdk/client-cloudformation');

  const moto = await startMoto(bin);
  try {
    const seedClients = clientsMod.createAwsClients({ endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const o = seedClients.organizations();
    let t = Date.now();
    const created = await o.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await o.send(new org.ListRootsCommand({}))).Roots[0].Id;
    const ous = [];
    for (let i = 0; i < 10; i++) {
      ous.push((await o.send(new org.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `ou-${i}` }))).OrganizationalUnit.Id);
    }
    for (let i = 0; i < accounts; i++) {
      const id = (await o.send(new org.CreateAccountCommand({ AccountName: `acct-${i}`, Email: `acct-${i}@example.com` }))).CreateAccountStatus.AccountId;
      await o.send(new org.MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous[i % ous.length] }));
    }
    const seedOrgMs = Date.now() - t;
    t = Date.now();
    const c = seedClients.cloudFormation('us-east-1');
    const template = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    await c.send(
      new cfn.CreateStackSetCommand({
        StackSetName: 'keywatch-sender',
        TemplateBody: template,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      }),
    );
    for (const r of regions) {
      await c.send(new cfn.CreateStackInstancesCommand({ StackSetName: 'keywatch-sender', DeploymentTargets: { OrganizationalUnitIds: ous }, Regions: [r] }));
      await seedClients.cloudFormation(r).send(new cfn.CreateStackCommand({ StackName: `keywatch-management-${r}`, TemplateBody: template }));
    }
    const seedCfnMs = Date.now() - t;

    const config = {
      organization: { id: created.Organization.Id, managementAccount: '123456789012' },
      central: { account: '123456789012', region: 'us-east-1' },
      deployment: { organizationalUnits: [rootId], regions, delegatedAdmin: false },
    };
    const clients = clientsMod.createAwsClients({ endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    t = Date.now();
    const report = await auditMod.auditCoverage(clients, { config }, { concurrency });
    const auditMs = Date.now() - t;

    let liveness;
    if (process.argv.includes('--liveness')) {
      const cw = require('@aws-sdk/client-cloudwatch');
      const names = report.cells.map((cell) => ({ cell, name: `keywatch-heartbeat-${cell.account}-${cell.region}` }));
      t = Date.now();
      const alarmClient = seedClients.cloudWatch('us-east-1');
      for (let i = 0; i < names.length; i += 16) {
        await Promise.all(
          names.slice(i, i + 16).map(({ cell, name }) =>
            alarmClient.send(
              new cw.PutMetricAlarmCommand({
                AlarmName: name,
                Namespace: 'keywatch',
                MetricName: 'Heartbeats',
                Dimensions: [
                  { Name: 'account', Value: cell.account },
                  { Name: 'region', Value: cell.region },
                ],
                Statistic: 'Sum',
                Period: 900,
                EvaluationPeriods: 3,
                DatapointsToAlarm: 2,
                Threshold: 2,
                ComparisonOperator: 'LessThanThreshold',
                TreatMissingData: 'breaching',
              }),
            ),
          ),
        );
      }
      const seedAlarmsMs = Date.now() - t;
      const liveClients = clientsMod.createAwsClients({ endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
      t = Date.now();
      const live = await auditMod.auditCoverage(liveClients, { config }, { concurrency, liveness: {} });
      liveness = {
        alarms: names.length,
        seedAlarmsMs,
        auditWithLivenessMs: Date.now() - t,
        alive: live.summary.liveness.alive,
        apiCalls: liveClients.counter.total,
        callsByOperation: liveClients.counter.byOperation(),
        // moto does not paginate DescribeAlarms; AWS returns at most 100 alarms a page, GetMetricData takes 500 queries
        estimatedLivenessCallsOnAws: Math.ceil(names.length / 100) + Math.ceil(live.cells.length / 500),
      };
    }

    const pages = Math.ceil(accounts / 100);
    const realCalls = 1 + 1 + Math.ceil((accounts + 1) / 20) + regions.length * pages + regions.length;
    console.log(
      JSON.stringify(
        {
          accounts: accounts + 1,
          regions: regions.length,
          cells: report.summary.cells,
          covered: report.summary.covered,
          gaps: report.summary.gaps,
          concurrency,
          seedOrganizationMs: seedOrgMs,
          seedStackSetMs: seedCfnMs,
          auditMs,
          apiCalls: clients.counter.total,
          httpAttempts: clients.counter.attempts,
          callsByOperation: clients.counter.byOperation(),
          estimatedCallsOnAws: realCalls,
          ...(liveness ? { liveness } : {}),
        },
        null,
        2,
      ),
    );
  } finally {
    moto.child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(`bench-audit: ${err.message}`);
  process.exitCode = 1;
});
