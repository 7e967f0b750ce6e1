import { KeywatchError } from '@keywatch/shared';
import { parseTimeSpec, resolveWindow } from '../../../packages/cli/lib/report/time';

const NOW = new Date('2026-11-27T12:00:00Z');

describe('parseTimeSpec', () => {
  test.each([
    ['7d', '2026-11-20T12:00:00.000Z'],
    ['12h', '2026-11-27T00:00:00.000Z'],
    ['30m', '2026-11-27T11:30:00.000Z'],
    ['2w', '2026-11-13T12:00:00.000Z'],
    ['90s', '2026-11-27T11:58:30.000Z'],
    ['now', '2026-11-27T12:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T08:30:00Z', '2026-11-01T08:30:00.000Z'],
    ['2026-11-01T08:30', '2026-11-01T08:30:00.000Z'],
    ['2026-11-01T09:30:00+01:00', '2026-11-01T08:30:00.000Z'],
  ])('%s → %s', (spec, iso) => {
    expect(parseTimeSpec(spec, NOW).toISOString()).toBe(iso);
  });

  test.each(['7', 'd7', '7 days', '', '2026-13-45', 'yesterday', '-7d'])('rejects %j naming the option', (spec) => {
    expect(() => parseTimeSpec(spec, NOW, '--until')).toThrow(KeywatchError);
    expect(() => parseTimeSpec(spec, NOW, '--until')).toThrow(/^'--until' must be a duration such as 30m, 12h, 7d or 2w/);
  });
});

describe('resolveWindow', () => {
  test('until defaults to now; since must come first', () => {
    expect(resolveWindow('1d', undefined, NOW)).toEqual({ start: new Date('2026-11-26T12:00:00Z'), end: NOW });
    expect(() => resolveWindow('1d', '2d', NOW)).toThrow("'--since' must be before '--until'");
  });
});
