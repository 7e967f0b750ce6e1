import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { auditDocument } from '../../../packages/cli/lib/audit/document';
import { renderDocument } from '../../../packages/cli/lib/output/render';
import { makeAuditReport } from '../audit/fixture';

const CHROMIUM = process.env.KEYWATCH_CHROMIUM;
function chromiumAvailable(): boolean {
  if (CHROMIUM) return true;
  const msg = 'chromium oracle missing: run `bash scripts/oracles/chromium.sh` and source .oracles/env.d/chromium.sh (KEYWATCH_CHROMIUM)';
  if (process.env.CI === 'true') throw new Error(msg);
  console.warn(`${msg}; skipping`);
  return false;
}

/** The DOM headless Chromium builds from `file`, serialized (--dump-dom). */
async function dumpDom(file: string): Promise<string> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'kw-chromium-'));
  try {
    const { stdout } = await promisify(execFile)(
      CHROMIUM!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--dump-dom',
        `file://${file}`,
      ],
      { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}

const run = chromiumAvailable() ? describe : describe.skip;

run('audit HTML report in headless Chromium', () => {
  test('renders a cell for every account × region, the gap cells, legend, summary and generated time', async () => {
    // GIVEN 12 accounts × 4 regions with three gaps, one deploying cell and an account name carrying markup
    const regions = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-northeast-1'];
    const report = makeAuditReport(12, regions, {
      '100000000003/eu-west-1': 'missing',
      '100000000007/us-east-1': 'failed',
      '100000000011/ap-northeast-1': 'inoperable',
      '100000000005/eu-central-1': 'deploying',
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kw-html-'));
    const file = path.join(dir, 'audit.html');
    await fs.writeFile(file, renderDocument(auditDocument(report), 'html'));

    // WHEN Chromium parses and serializes it
    const dom = await dumpDom(file);
    await fs.rm(dir, { recursive: true, force: true });

    // THEN every cell is there, in its row, with its state
    const rows = [...dom.matchAll(/<tr data-row="(\d{12})">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(report.accounts.map((a) => a.id));
    for (const r of rows) {
      const cols = [...r[2].matchAll(/<td class="cell[^"]*" data-state="([a-z]+)" data-col="([a-z0-9-]+)"/g)].map((m) => m[2]);
      expect(cols).toEqual(regions);
    }
    const states = [...dom.matchAll(/<td class="cell tone-(\w+) state-(\w+)"/g)];
    expect(states).toHaveLength(12 * 4);
    expect(
      states
        .filter((m) => m[1] === 'bad')
        .map((m) => m[2])
        .sort(),
    ).toEqual(['failed', 'inoperable', 'missing']);
    expect(states.filter((m) => m[1] === 'warn').map((m) => m[2])).toEqual(['deploying']);
    // the legend, summary counts, generated time; names with markup stay text
    expect(dom).toMatch(/<ul class="legend">.*covered.*missing/s);
    expect(dom).toMatch(/<span class="label">Gaps<\/span><span class="value">3<\/span>/);
    expect(dom).toContain('<time datetime="2026-11-27T00:00:00.000Z">');
    expect(dom).toContain('account &lt;3&gt;');
    expect(dom).not.toContain('<3>');
  });
});
