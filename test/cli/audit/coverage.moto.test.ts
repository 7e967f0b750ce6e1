import { auditCoverage, auditDocument, isFullyCovered } from '../../../packages/cli/lib/audit';
import { renderDocument } from '../../../packages/cli/lib/output/render';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { MOTO_ACCOUNT, motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';
import { deleteInstances, seedOrganization, seedStack, seedStackSet, type SeededOrganization } from '../../helpers/moto-seed';

const run = motoAvailable() ? describe : describe.skip;
const REGIONS = ['us-east-1', 'eu-west-1'];

// moto 5.2 models service-managed stack instances as always CURRENT/SUCCEEDED, ignores StackInstanceRegion and does not
// paginate ListStackInstances; failure states, paging and errors are covered with aws-sdk-client-mock in coverage.mock.test.ts.
run('auditCoverage against moto server (Organizations, CloudFormation StackSets, DescribeStacks)', () => {
  let moto: MotoServer;
  let org: SeededOrganization;

  beforeAll(async () => {
    moto = await startMoto();
    const clients = moto.clients();
    org = await seedOrganization(clients, [
      { name: 'shop-prod', ou: 'Workloads' },
      { name: 'shop-dev', ou: 'Workloads' },
      { name: 'sandbox', ou: 'Sandbox' }, // outside the StackSet's targets: a gap
      { name: 'gone', ou: 'Workloads', closed: true }, // not ACTIVE: not audited
    ]);
    await seedStackSet(clients, 'eu-west-1', 'keywatch-sender', [org.ous.get('Workloads')!], REGIONS);
    await deleteInstances(clients, 'eu-west-1', 'keywatch-sender', [org.accounts.get('shop-dev')!], ['us-east-1']);
    await seedStack(clients, 'us-east-1', 'keywatch-management-us-east-1');
  });
  afterAll(async () => moto?.stop());

  const config = () =>
    makeConfig({
      organization: { id: org.organizationId, managementAccount: MOTO_ACCOUNT },
      central: { account: '222222222222', region: 'eu-west-1' },
      deployment: { regions: REGIONS, delegatedAdmin: false },
    });

  test('finds every account × region cell, the gaps, and the directory differences', async () => {
    // GIVEN a directory that misses "sandbox" and still lists an account that left
    const directory = makeDirectory([
      { id: MOTO_ACCOUNT, name: 'management' },
      { id: org.accounts.get('shop-prod')!, name: 'shop-prod', organizationalUnit: 'Workloads' },
      { id: org.accounts.get('shop-dev')!, name: 'shop-dev', organizationalUnit: 'Workloads' },
      { id: org.accounts.get('gone')!, name: 'gone', organizationalUnit: 'Workloads' },
      { id: '999999999999', name: 'left-long-ago' },
    ]);
    const progress: number[] = [];

    // WHEN
    const clients = moto.clients();
    const report = await auditCoverage(
      clients,
      { config: config(), directory },
      { onProgress: (d) => progress.push(d), now: () => new Date('2026-11-27T00:00:00Z') },
    );

    // THEN 4 active accounts × 2 regions
    expect(report.accounts.map((a) => a.name).sort()).toEqual(['management', 'sandbox', 'shop-dev', 'shop-prod']);
    expect(report.cells).toHaveLength(8);
    const state = (name: string, region: string) =>
      report.cells.find((c) => c.account === (name === 'management' ? MOTO_ACCOUNT : org.accounts.get(name)) && c.region === region)?.state;
    expect(state('shop-prod', 'us-east-1')).toBe('covered');
    expect(state('shop-prod', 'eu-west-1')).toBe('covered');
    expect(state('shop-dev', 'us-east-1')).toBe('missing');
    expect(state('shop-dev', 'eu-west-1')).toBe('covered');
    expect(state('sandbox', 'us-east-1')).toBe('missing');
    expect(state('management', 'us-east-1')).toBe('covered');
    expect(state('management', 'eu-west-1')).toBe('missing');
    expect(report.summary).toMatchObject({ accounts: 4, regions: 2, cells: 8, covered: 4, gaps: 4, deploying: 0, unchecked: 0 });
    expect(isFullyCovered(report)).toBe(false);
    expect(report.stackSet).toEqual({ name: 'keywatch-sender', region: 'eu-west-1', callAs: 'SELF', status: 'ACTIVE' });
    expect(report.organizationId).toBe(org.organizationId);

    // AND the directory differences, both ways, and the closed account's status
    expect(report.directory.differences.map((d) => [d.name, d.issue])).toEqual(
      expect.arrayContaining([
        ['sandbox', 'missing-from-directory'],
        ['left-long-ago', 'not-in-organization'],
        ['gone', 'status-changed'],
      ]),
    );
    expect(report.directory.differences).toHaveLength(3);

    // AND progress reached its total, calls were counted
    expect(progress[progress.length - 1]).toBe(3 + 2 * REGIONS.length);
    expect(report.apiCalls).toBe(clients.counter.total);
    expect(clients.counter.byOperation()['CloudFormation.ListStackInstances']).toBe(2);
    expect(clients.counter.byOperation()['CloudFormation.DescribeStacks']).toBe(2);

    // AND every format renders
    for (const f of ['table', 'json', 'csv', 'markdown', 'html'] as const) {
      expect(renderDocument(auditDocument(report), f).length).toBeGreaterThan(100);
    }
  });

  test('a missing StackSet is one clear sentence', async () => {
    await expect(auditCoverage(moto.clients(), { config: config() }, { stackSetName: 'not-deployed' })).rejects.toThrow(
      /StackSet 'not-deployed' was not found in eu-west-1 \(CallAs SELF\); deploy keywatch first/,
    );
  });

  test('from another account, management cells are unchecked, not gaps, with a warning', async () => {
    const cfg = makeConfig({
      organization: { id: org.organizationId, managementAccount: MOTO_ACCOUNT },
      central: { account: '222222222222', region: 'eu-west-1' },
      deployment: { regions: REGIONS, delegatedAdmin: false },
    });
    // moto answers GetCallerIdentity with its default account; pretend the management account is another one
    const other = { ...cfg, organization: { ...cfg.organization, managementAccount: org.accounts.get('shop-prod')! } };
    const report = await auditCoverage(moto.clients(), { config: other });
    const mgmt = report.cells.filter((c) => c.account === org.accounts.get('shop-prod'));
    expect(mgmt.map((c) => c.state)).toEqual(['unchecked', 'unchecked']);
    expect(report.warnings.join('\n')).toMatch(/not the management account .* unchecked; pass --management-profile/);
  });
});
