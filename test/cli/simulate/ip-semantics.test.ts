import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
import { replaceIpConditions, SEMANTICS } from '../../helpers/ip-semantics';
import { simulate, type SimulationSummary } from '../../../packages/cli/lib/simulate';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');

async function run(cdkOut: string, ipSemantics: (typeof SEMANTICS)[number]): Promise<{ summary: SimulationSummary; output: string }> {
  let output = '';
  const summary = await simulate({ inputs: [FIXTURES], cdkOut, ipSemantics, format: 'json', write: (t) => (output += t), progress: false });
  return { summary, output };
}

describe('keywatch simulate --ip-semantics', () => {
  const synthesized = buildOrganization(makeConfig(), makeDirectory()).app.synth().directory;

  test("keywatch's own patterns give the same notifications under every IP semantics", async () => {
    const [first, ...others] = await Promise.all(SEMANTICS.map((s) => run(synthesized, s)));
    expect(first.summary.notifications).toBe(7);
    for (const other of others) expect(other.output).toBe(first.output);
  });

  test('the option reaches the rules: a sender pattern that covers IPv4 only through an IPv6 range forwards under event-ruler only', async () => {
    // GIVEN the assembly with every IP condition replaced by 8000::/1, whose top-32-bit projection holds 203.0.113.99
    const cdkOut = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-sem-'));
    fs.cpSync(synthesized, cdkOut, { recursive: true });
    expect(replaceIpConditions(cdkOut, [{ cidr: '8000::/1' }])).toBeGreaterThan(0);
    // WHEN / THEN
    const eventRuler = await run(cdkOut, 'event-ruler');
    const strict = await run(cdkOut, 'strict');
    expect(eventRuler.summary.forwarded).toBeGreaterThan(0);
    expect(strict.summary.forwarded).toBe(0);
  });
});
