import {
  compileOrganization,
  MAX_SHARDS,
  placeAccounts,
  QuotaError,
  RESERVED_CENTRAL_RULES,
  RESERVED_SHARD_RULES,
  shardBusName,
  shardOfAccount,
} from '@keywatch/shared';
import fc from 'fast-check';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { accountIds } from '../../helpers/scale-org';

const accountId = fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }).map(String);
const directory = fc.uniqueArray(accountId, { minLength: 1, maxLength: 300 });

describe('shardOfAccount', () => {
  test('an account stays on its bus when other accounts are added or removed (property over random directories)', () => {
    fc.assert(
      fc.property(directory, directory, fc.integer({ min: 2, max: 12 }), (before, added, shards) => {
        // GIVEN a directory, the same directory with accounts added, and one with half of its accounts removed
        const grown = [...new Set([...before, ...added])];
        const shrunk = before.filter((_, i) => i % 2 === 0);
        const where = (ids: string[]) => new Map(placeAccounts(ids, shards).flatMap((bus, index) => bus.map((id) => [id, index] as const)));
        const [a, b, c] = [where(before), where(grown), where(shrunk)];
        // THEN every account present in both keeps its bus
        for (const [id, bus] of a) {
          expect(b.get(id)).toBe(bus);
          if (c.has(id)) expect(c.get(id)).toBe(bus);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('one more bus moves only the accounts that land on the new bus, about 1/(n+1) of them', () => {
    // GIVEN 5,000 account IDs
    const ids = accountIds(5000, 42);
    for (const n of [1, 5, 33]) {
      // WHEN the shard count goes from n to n + 1
      const moved = ids.filter((id) => shardOfAccount(id, n) !== shardOfAccount(id, n + 1));
      // THEN each moved account went to the new bus, and the share is near 1/(n+1)
      expect(moved.every((id) => shardOfAccount(id, n + 1) === n)).toBe(true);
      expect(Math.abs(moved.length / ids.length - 1 / (n + 1))).toBeLessThan(0.03);
    }
  });

  test('spreads 5,000 accounts over 40 shard buses within 25 % of the mean each; the primary bus keeps only the pinned accounts', () => {
    const ids = accountIds(5000, 7);
    const placed = placeAccounts(ids, 41, [ids[0]]);
    expect(placed[0]).toEqual([ids[0]]);
    const counts = placed.slice(1).map((bus) => bus.length);
    const mean = ids.length / 40;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length - 1);
    expect(Math.min(...counts)).toBeGreaterThan(mean * 0.75);
    expect(Math.max(...counts)).toBeLessThan(mean * 1.25);
  });

  test('neighbouring account IDs are spread, not kept together', () => {
    const ids = Array.from({ length: 100 }, (_, i) => String(123456789000 + i));
    expect(new Set(ids.map((id) => shardOfAccount(id, 10))).size).toBe(10);
  });

  test('one bus holds everything; pinned accounts stay on the primary bus', () => {
    expect(placeAccounts(['222222222222', '111111111111'], 1)).toEqual([['111111111111', '222222222222']]);
    const ids = accountIds(200, 3);
    const placed = placeAccounts(ids, 8, [ids[5]]);
    expect(placed[0]).toEqual([ids[5]]);
    for (const id of ids.filter((_, i) => i !== 5)) expect(placed[1 + shardOfAccount(id, 7)]).toContain(id);
  });

  test('rejects bad input', () => {
    expect(() => shardOfAccount('12345', 2)).toThrow(/'accountId' must be a 12-digit account ID; got '12345'/);
    expect(() => shardOfAccount('123456789012', 0)).toThrow(/'shards' must be a whole number from 1 to 90; got '0'/);
    expect(() => shardOfAccount('123456789012', MAX_SHARDS + 1)).toThrow(/'shards' must be a whole number/);
    expect(() => shardBusName('keywatch-receiver', -1)).toThrow(/'index' must be a whole number/);
  });

  test('bus names: the configured name for the primary bus, -shard<k> for the others', () => {
    expect(shardBusName('keywatch-receiver', 0)).toBe('keywatch-receiver');
    expect(shardBusName('keywatch-receiver', 7)).toBe('keywatch-receiver-shard7');
  });
});

describe('compileOrganization with central.shards', () => {
  const ids = accountIds(60, 11);
  const dir = makeDirectory(ids.map((id) => ({ id })));

  test('one bus: the plan has one shard holding every rule, as before', () => {
    const plan = compileOrganization(makeConfig({ quotas: { rulesPerBus: 1000 } }), dir);
    expect(plan.shards).toHaveLength(1);
    expect(plan.shards[0].rules).toEqual(plan.central);
    expect(plan.shards[0].busName).toBe('keywatch-receiver');
    expect(plan.shards[0].busRules).toBe(plan.central.length + RESERVED_CENTRAL_RULES + plan.tamper.rules.length);
    expect(plan.shards[0].heartbeat).toBe(plan.heartbeat);
  });

  test('each account rule is on the shard bus of its account, the fallback rules and the management account on the primary bus (independent placement)', () => {
    // GIVEN 4 buses
    const plan = compileOrganization(makeConfig({ central: { shards: 4 } }), dir);
    // THEN every account rule lies on shardOfAccount's bus (the management account on 0), every fallback rule on 0
    for (const shard of plan.shards) {
      for (const rule of shard.rules) {
        // a rule shared by accounts of the same policy holds only accounts of its own bus
        const members = rule.kind === 'group' ? rule.accounts!.map((a) => a.id) : [rule.account?.id as string];
        for (const id of members) {
          const expected = rule.kind === 'fallback' || id === '111111111111' ? 0 : 1 + shardOfAccount(id, 3);
          expect(shard.index).toBe(expected);
        }
      }
      expect(shard.busRules).toBe(shard.rules.length + plan.tamper.rules.length + (shard.index === 0 ? RESERVED_CENTRAL_RULES : RESERVED_SHARD_RULES));
    }
    // and the shards together hold exactly the central rules
    expect(plan.shards.flatMap((s) => s.rules.map((r) => r.id)).sort()).toEqual(plan.central.map((r) => r.id).sort());
    // and every account's liveness alarms are in its bus's plan
    for (const shard of plan.shards.slice(1)) {
      expect(new Set(shard.heartbeat.alarms.map((a) => a.account))).toEqual(new Set(shard.accounts));
    }
  });

  test('too many rules for one bus (mode every: a rule per account): the error names the quota and the shard count that fits', () => {
    const every = { email: ['secops@example.com'], mode: 'every' as const };
    const config = makeConfig({ quotas: { rulesPerBus: 20 }, notify: every });
    let error: unknown;
    try {
      compileOrganization(config, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuotaError);
    const needed = Number(/set central\.shards to (\d+)/.exec((error as Error).message)?.[1]);
    expect((error as Error).message).toMatch(/the receiver bus needs \d+ rules .* 'Rules per event bus' is 20 \(quotas\.rulesPerBus\)/);
    // THEN with that many buses every bus fits, and with one fewer at least one does not
    const fits = compileOrganization(makeConfig({ quotas: { rulesPerBus: 20 }, central: { shards: needed }, notify: every }), dir);
    expect(Math.max(...fits.shards.map((s) => s.busRules))).toBeLessThanOrEqual(20);
    expect(() => compileOrganization(makeConfig({ quotas: { rulesPerBus: 20 }, central: { shards: needed - 1 }, notify: every }), dir)).toThrow(
      /receiver bus keywatch-receiver(-shard\d+)? needs \d+ rules|the receiver bus needs/,
    );
  });

  test('more buses than accounts: a bus without alert rules is refused with the fix', () => {
    const small = makeDirectory([{ id: '111111111111' }, { id: '333333333333' }]);
    expect(() => compileOrganization(makeConfig({ central: { shards: 6 } }), small)).toThrow(
      /central\.shards is 6 but receiver bus keywatch-receiver-shard\d would get no alert rule/,
    );
  });
});
