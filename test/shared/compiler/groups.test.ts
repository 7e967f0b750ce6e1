import fc from 'fast-check';
import { compileOrganization, groupLeaves, matchesEventPattern, type CentralRule, type OrganizationPlan } from '@keywatch/shared';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { accountIds } from '../../helpers/scale-org';

/** Pattern length as EventBridge's quota counts it, computed here independently: compact JSON plus a space after each "," and ":" outside strings. */
function quotaLength(pattern: unknown): number {
  const compact = JSON.stringify(pattern);
  return compact.length + compact.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/[^,:]/g, '').length;
}

const idArb = fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }).map(String);

describe('groupLeaves', () => {
  test('every ID in exactly one leaf of at most `capacity`; adding an ID changes only the leaf whose range holds it (or cuts it)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 1, maxLength: 400 }), idArb, fc.integer({ min: 1, max: 90 }), (ids, added, capacity) => {
        const before = groupLeaves(ids, capacity);
        expect(before.flatMap((l) => l.ids).sort()).toEqual([...new Set(ids)].sort());
        for (const leaf of before) expect(leaf.ids.length).toBeLessThanOrEqual(capacity);
        const after = groupLeaves([...ids, added], capacity);
        const key = (l: { path: string; ids: readonly string[] }) => JSON.stringify(l);
        const changedBefore = before.filter((l) => !after.some((a) => key(a) === key(l)));
        const changedAfter = after.filter((l) => !before.some((b) => key(b) === key(l)));
        // what changed lies under one range: the old leaf on the added ID's path (none when the ID was already there)
        expect(changedBefore.length).toBeLessThanOrEqual(1);
        for (const l of changedAfter)
          expect(changedBefore.length === 0 || l.path.startsWith(changedBefore[0].path) || changedBefore[0].path.startsWith(l.path)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('capacity must be at least 1', () => {
    expect(() => groupLeaves(['123456789012'], 0)).toThrow("'capacity' must be a whole number of at least 1; got '0'");
  });
});

describe('compileOrganization: accounts with the same policy share rules (notify.mode deduplicated or digest)', () => {
  const ids = ['111111111111', '222222222222', ...accountIds(400, 5)];
  const dir = makeDirectory(ids.map((id, i) => ({ id, name: `workload-${i}`, organizationalUnit: i % 2 === 0 ? 'Workloads/Prod' : 'Sandbox' })));
  const base = {
    quotas: { rulesPerBus: 300 },
    notify: { email: ['secops@example.com'], accounts: [{ account: ids[7], email: ['team@example.com'] }] },
    allow: {
      networks: ['192.0.2.0/26', '2001:db8:1000::/48'],
      organizationalUnits: [{ path: 'Workloads/Prod', mode: 'extend' as const, networks: ['203.0.113.16/28'] }],
      accounts: [{ account: ids[9], mode: 'extend' as const, networks: ['198.51.100.0/28'] }],
    },
  };
  const alertsFor = (plan: OrganizationPlan, account: string): CentralRule[] =>
    plan.central.filter((r) =>
      matchesEventPattern(
        r.pattern,
        {
          source: 'aws.s3',
          'detail-type': 'AWS API Call via CloudTrail',
          account,
          detail: { userIdentity: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser' }, sourceIPAddress: '198.51.100.200', recipientAccountId: account },
        },
        { ipSemantics: 'strict' },
      ),
    );

  for (const [maxChars, perRule] of [
    [2048, 10],
    [1024, 5],
  ]) {
    test(`one rule per (policy, ID range), every pattern within ${maxChars} characters, every account alerted by exactly one rule`, () => {
      const plan = compileOrganization(makeConfig({ ...base, quotas: { ...base.quotas, eventPatternMaxChars: maxChars } }), dir);
      const groups = plan.central.filter((r) => r.kind === 'group');
      expect(groups.length).toBeGreaterThan(1);
      for (const r of plan.central) expect(quotaLength(r.pattern)).toBeLessThanOrEqual(maxChars);
      for (const r of groups) {
        expect((r.pattern as { account: string[] }).account).toEqual(r.accounts!.map((a) => a.id));
        expect(Object.keys(r.directory ?? {})).toEqual(r.accounts!.map((a) => a.id));
        expect(r.description).toMatch(new RegExp(`^keywatch: a watched access key of one of ${r.accounts!.length} accounts with the same policy`));
        expect(plan.notify?.gateInputs[r.id].inputTemplate).toContain('\uE002'); // the name is the gate's to fill
      }
      // two policies (the two OUs) beside the own rules: the extra-recipient account and the account with its own networks
      expect(new Set(groups.map((r) => r.id.slice(0, 'Accounts'.length + 8))).size).toBe(2);
      expect(plan.central.filter((r) => r.kind === 'account').map((r) => r.account!.id)).toEqual(expect.arrayContaining([ids[7], ids[9]]));
      for (const id of ids) {
        const hit = alertsFor(plan, id);
        expect({ id, rules: hit.length }).toEqual({ id, rules: 1 });
        if (id === ids[7] || id === ids[9]) expect(hit[0].kind).toBe('account');
      }
      // far fewer rules than accounts
      expect(plan.central.length).toBeLessThan(ids.length / perRule);
    });
  }

  test('mode every keeps one rule per account (no gate to name the account)', () => {
    const plan = compileOrganization(makeConfig({ ...base, quotas: { rulesPerBus: 1000 }, notify: { ...base.notify, mode: 'every' } }), dir);
    expect(plan.central.some((r) => r.kind === 'group')).toBe(false);
    expect(plan.central.filter((r) => r.kind === 'account')).toHaveLength(ids.length);
  });

  test('a default-policy account added to the directory joins its group: only the rule of its ID range changes (or is cut in two)', () => {
    const before = compileOrganization(makeConfig(base), dir);
    const added = '987654321098';
    const grown = makeDirectory([
      ...ids.map((id, i) => ({ id, name: `workload-${i}`, organizationalUnit: i % 2 === 0 ? 'Workloads/Prod' : 'Sandbox' })),
      { id: added, name: 'new-one', organizationalUnit: 'Sandbox' },
    ]);
    const after = compileOrganization(makeConfig(base), grown);
    const same = (a: CentralRule, b: CentralRule) => a.id === b.id && JSON.stringify(a.pattern) === JSON.stringify(b.pattern);
    const gone = before.central.filter((r) => !after.central.some((a) => same(a, r)));
    const fresh = after.central.filter((r) => !before.central.some((b) => same(b, r)));
    // the fallback rules exclude every known ID, so they change too (as they always did)
    expect(gone.filter((r) => r.kind !== 'fallback')).toHaveLength(1);
    expect(gone[0].kind).toBe('group');
    const changed = fresh.filter((r) => r.kind !== 'fallback');
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
    expect(changed.flatMap((r) => r.accounts!.map((a) => a.id)).sort()).toEqual([...gone[0].accounts!.map((a) => a.id), added].sort());
  });
});
