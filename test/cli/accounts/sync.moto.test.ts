import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDirectoryText } from '@keywatch/shared';
import { renderDirectoryYaml, syncAccountsDirectory } from '../../../packages/cli/lib/accounts';
import { motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';
import { seedOrganization, type SeededOrganization } from '../../helpers/moto-seed';

const run = motoAvailable() ? describe : describe.skip;

run('syncAccountsDirectory against moto server (Organizations)', () => {
  let moto: MotoServer;
  let seeded: SeededOrganization;

  beforeAll(async () => {
    moto = await startMoto();
    seeded = await seedOrganization(moto.clients(), [
      { name: 'shop-prod', ou: 'Workloads/Prod', tags: { 'keywatch:owner': 'Shop team', env: 'prod', 'a-first': '1' } },
      { name: 'shop-dev', ou: 'Workloads/Dev' },
      { name: 'network', ou: 'Infrastructure' },
      { name: 'old-sandbox', ou: 'Sandbox', closed: true },
      { name: 'at-root', ou: '' },
      // more than one page of ListAccountsForParent (moto pages at 20) under one OU
      ...Array.from({ length: 23 }, (_, i) => ({ name: `bulk-${String(i).padStart(2, '0')}`, ou: 'Bulk' })),
    ]);
  });
  afterAll(async () => moto?.stop());

  test('builds OU paths by names, statuses, tags, sorted by id, and renders parseable deterministic YAML', async () => {
    // GIVEN the seeded organization WHEN syncing
    const clients = moto.clients();
    const dir = await syncAccountsDirectory(clients, { now: () => new Date('2026-11-27T10:00:00.000Z'), expectedOrganizationId: seeded.organizationId });

    // THEN every account is there (the management account too), sorted by id
    expect(dir.organizationId).toBe(seeded.organizationId);
    expect(dir.syncedAt).toBe('2026-11-27T10:00:00.000Z');
    const ids = dir.accounts.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(dir.accounts).toHaveLength(28 + 1);
    const byName = new Map(dir.accounts.map((a) => [a.name, a]));
    expect(byName.get('shop-prod')).toEqual({
      id: seeded.accounts.get('shop-prod'),
      name: 'shop-prod',
      email: 'shop-prod@example.com',
      status: 'ACTIVE',
      organizationalUnit: 'Workloads/Prod',
      tags: { 'a-first': '1', env: 'prod', 'keywatch:owner': 'Shop team' },
    });
    expect(Object.keys(byName.get('shop-prod')!.tags)).toEqual(['a-first', 'env', 'keywatch:owner']);
    expect(byName.get('shop-dev')!.organizationalUnit).toBe('Workloads/Dev');
    expect(byName.get('at-root')!.organizationalUnit).toBe('');
    expect(byName.get('old-sandbox')!.status).toBe('SUSPENDED'); // moto closes straight to SUSPENDED
    expect(dir.accounts.filter((a) => a.organizationalUnit === 'Bulk')).toHaveLength(23);

    // AND the YAML round-trips through the shared directory parser, byte-identical on a second sync
    const yaml = renderDirectoryYaml(dir);
    expect(yaml.startsWith('# keywatch accounts directory')).toBe(true);
    expect(parseDirectoryText(yaml, 'accounts.yml')).toEqual(dir);
    const again = await syncAccountsDirectory(clients, { now: () => new Date('2026-11-27T10:00:00.000Z') });
    expect(renderDirectoryYaml(again)).toBe(yaml);

    // AND the walk costs 2 calls per parent + 1 tag call per account (+ DescribeOrganization, ListRoots), pages included
    const calls = clients.counter.byOperation();
    expect(calls['Organizations.ListTagsForResource']).toBe(2 * 29);
  });

  test('refuses credentials of another organization', async () => {
    await expect(syncAccountsDirectory(moto.clients(), { expectedOrganizationId: 'o-aaaaaaaaaa' })).rejects.toThrow(
      /belong to organization o-.*but organization\.id is 'o-aaaaaaaaaa'/,
    );
  });

  test('the written file is replaced atomically (no temporary files left)', async () => {
    const { writeFileAtomic } = await import('../../../packages/cli/lib/output/write-file');
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kw-sync-'));
    const file = path.join(tmp, 'nested', 'accounts.yml');
    const yaml = renderDirectoryYaml(await syncAccountsDirectory(moto.clients()));
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, yaml);
    expect(await fs.readFile(file, 'utf8')).toBe(yaml);
    expect(await fs.readdir(path.dirname(file))).toEqual(['accounts.yml']);
    await fs.rm(tmp, { recursive: true, force: true });
  });
});
