import { KeywatchError } from '@keywatch/shared';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "now", a duration before `now` (30m, 12h, 7d, 2w, 90s) or an ISO 8601 time with a date (zone-less times are UTC); throws KeywatchError naming `option`. */
export function parseTimeSpec(spec: string, now: Date, option = '--since'): Date {
  const s = spec.trim();
  if (s === 'now') return new Date(now.getTime());
  const dur = /^(\d{1,6})([smhdw])$/.exec(s);
  if (dur) return new Date(now.getTime() - Number(dur[1]) * UNIT_MS[dur[2]]);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s) && s.length > 10;
    const iso = s.length === 10 ? `${s}T00:00:00Z` : hasZone ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`;
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new KeywatchError(`'${option}' must be a duration such as 30m, 12h, 7d or 2w, "now", or an ISO 8601 time such as 2026-11-01T00:00:00Z; got '${spec}'`);
}

/** The query window [start, end] from --since and --until (default until: now); throws when start is not before end. */
export function resolveWindow(since: string, until: string | undefined, now: Date): { start: Date; end: Date } {
  const start = parseTimeSpec(since, now, '--since');
  const end = until === undefined ? new Date(now.getTime()) : parseTimeSpec(until, now, '--until');
  if (start.getTime() >= end.getTime()) {
    throw new KeywatchError(`'--since' must be before '--until'; got ${start.toISOString()} and ${end.toISOString()}`);
  }
  return { start, end };
}
