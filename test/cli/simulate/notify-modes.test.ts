import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
import { apiCallEvent } from '../../helpers/cloudtrail';
import { notifySettingsOf, parseNotifyMode, simulate } from '../../../packages/cli/lib/simulate';

function synthesize(overrides: Parameters<typeof makeConfig>[0] = {}): string {
  return buildOrganization(makeConfig(overrides), makeDirectory()).app.synth().directory;
}

/** NDJSON of EventBridge events: 50 calls of one key from 203.0.113.99 in 50 minutes, then one from 203.0.113.100. */
function stormFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-notify-'));
  const lines: string[] = [];
  for (let i = 0; i < 51; i++) {
    const e = apiCallEvent({ sourceIp: i < 50 ? '203.0.113.99' : '203.0.113.100', eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
    (e.detail as Record<string, unknown>).eventTime = new Date(Date.UTC(2026, 10, 20, 8, i, 0)).toISOString();
    lines.push(JSON.stringify(e));
  }
  const file = path.join(dir, 'storm.ndjson');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('simulate: e-mails per notify.mode', () => {
  let cdkOut: string;
  let file: string;
  beforeAll(() => {
    cdkOut = synthesize({ notify: { windowMinutes: 30 } });
    file = stormFile();
  });

  test('reads mode and window from the assembly (mode every when it has no gate)', () => {
    expect(notifySettingsOf(cdkOut)).toEqual({ mode: 'deduplicated', windowMinutes: 30 });
    expect(notifySettingsOf(synthesize({ notify: { mode: 'digest' } }))).toEqual({ mode: 'digest', windowMinutes: 60 });
    expect(notifySettingsOf(synthesize({ notify: { mode: 'every' } }))).toEqual({ mode: 'every', windowMinutes: 60 });
  });

  test('"N alerts → M e-mails" for every mode, the deployed one selected; --notify-mode selects another', async () => {
    let out = '';
    await simulate({ inputs: [file], cdkOut, workers: 1, progress: false, write: (t) => (out += t) });
    // 30-minute windows for 203.0.113.99: [0, 30) holds 30 calls, [30, 60) holds 20; 203.0.113.100 once
    expect(out).toContain('e-mails by notify.mode (window 30 minutes; the alert log keeps all 51 alerts in every mode)');
    expect(out).toContain('  every:        51 alerts → 51 e-mails\n');
    expect(out).toContain('  deduplicated: 51 alerts → 5 e-mails (3 first alerts + 2 summaries)   ← selected\n');
    expect(out).toContain('  digest:       51 alerts → 3 e-mails (3 digests)\n');
    let json = '';
    await simulate({ inputs: [file], cdkOut, workers: 1, progress: false, format: 'json', notifyMode: 'digest', write: (t) => (json += t) });
    const last = JSON.parse(json.trim().split('\n').pop() as string);
    expect(last.summary.alerted).toBe(51);
    expect(last.notifyModes.selected).toEqual({ mode: 'digest', windowMinutes: 30 });
    expect(last.notifyModes.modes.deduplicated).toEqual({ full: 3, summary: 2, digest: 0, total: 5 });
  });

  test('--notify-mode must be every, deduplicated or digest', () => {
    expect(parseNotifyMode('digest')).toBe('digest');
    expect(() => parseNotifyMode('hourly')).toThrow("'--notify-mode' must be one of every, deduplicated, digest; got 'hourly'");
  });
});
