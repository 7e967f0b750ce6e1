import { countNotifications, dedupKey, notificationsFor, type ModelAlert } from '@keywatch/shared';

const M = 60_000;
const a = (at: number, key = 'AKIA1', ip = '198.51.100.1', account = '444444444444'): ModelAlert => ({ at, account, accessKeyId: key, sourceIPAddress: ip });

describe('notificationsFor', () => {
  test('every: one full notification per alert', () => {
    expect(countNotifications(notificationsFor([a(0), a(1), a(2)], 'every'))).toEqual({ full: 3, summary: 0, digest: 0, total: 3 });
  });

  test('deduplicated: the first of a window in full, the rest counted in one summary at the window end', () => {
    const sent = notificationsFor([a(0), a(10 * M), a(59 * M)], 'deduplicated');
    expect(sent.map((n) => [n.kind, n.at, n.count])).toEqual([
      ['full', 0, 1],
      ['summary', 60 * M, 2],
    ]);
  });

  test('deduplicated: no summary for a window with a single alert; an alert at the window end opens the next window', () => {
    const sent = notificationsFor([a(0), a(60 * M), a(60 * M + 1)], 'deduplicated');
    expect(sent.map((n) => [n.kind, n.at, n.count])).toEqual([
      ['full', 0, 1],
      ['full', 60 * M, 1],
      ['summary', 120 * M, 1],
    ]);
  });

  test('digest: nothing immediate, one digest per window counting every alert of it', () => {
    const sent = notificationsFor([a(0), a(1), a(5 * M, 'AKIA2'), a(61 * M)], 'digest', 60);
    expect(sent.map((n) => [n.kind, n.accessKeyId, n.at, n.count])).toEqual([
      ['digest', 'AKIA1', 60 * M, 2],
      ['digest', 'AKIA2', 65 * M, 1],
      ['digest', 'AKIA1', 121 * M, 1],
    ]);
  });

  test('windows are per account, key and source IP', () => {
    const sent = notificationsFor([a(0), a(1, 'AKIA1', '203.0.113.1'), a(2, 'AKIA1', '198.51.100.1', '555555555555'), a(3)], 'deduplicated');
    expect(countNotifications(sent)).toEqual({ full: 3, summary: 1, digest: 0, total: 4 });
    expect(dedupKey(a(0))).toBe('444444444444|AKIA1|198.51.100.1');
  });

  test('rejects unordered alerts and a bad window', () => {
    expect(() => notificationsFor([a(5), a(4)], 'deduplicated')).toThrow(/'alerts' must be in time order; got 4 after 5/);
    expect(() => notificationsFor([], 'digest', 0)).toThrow(/'windowMinutes' must be a whole number of at least 1; got '0'/);
  });
});
