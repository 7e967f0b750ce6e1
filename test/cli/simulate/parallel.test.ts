import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { replaceIpConditions } from '../../helpers/ip-semantics';
import { buildOrganization } from '../../helpers/synth';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require('../../../scripts/bench/generate') as { generateCorpus: (dir: string, events: number, seed?: number) => unknown };
import { defaultWorkers, loadSimulationRules, runSimulation, runSimulationOnWorkers, type Notification } from '../../../packages/cli/lib/simulate';
import { parseWorkers, simulate } from '../../../packages/cli/lib/simulate/simulate';

// Worker threads run the built JavaScript (packages/cli/dist): `npm test` builds first.
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');

describe('runSimulationOnWorkers', () => {
  let cdkOut: string;
  let corpus: string;
  beforeAll(() => {
    const { app } = buildOrganization(makeConfig(), makeDirectory());
    cdkOut = app.synth().directory;
    // a generated corpus as CloudTrail writes it (the benchmark's generator), keys used from outside in several files
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-workers-'));
    generateCorpus(corpus, 12000, 5);
    fs.writeFileSync(path.join(corpus, 'truncated.json'), '{"Records":[{"eventVersion":"1.08"'); // a problem in the middle of the files
  });

  test.each([2, 3])('%i workers give the notifications, their order and the summary of one thread, on the fixtures and a generated corpus', async (workers) => {
    // GIVEN the fixtures (every format, corrupt files) and the corpus
    const inputs = [FIXTURES, corpus];
    const one: Notification[] = [];
    const expected = await runSimulation({ inputs, rules: loadSimulationRules(cdkOut), onNotification: (n) => one.push(n) });
    // WHEN the files are replayed on worker threads
    const many: Notification[] = [];
    const progress: number[] = [];
    const summary = await runSimulationOnWorkers({ inputs, cdkOut, workers, onNotification: (n) => many.push(n), onProgress: (done) => progress.push(done) });
    // THEN everything is the same, in the same order, and the sample is not trivial
    expect(many).toEqual(one);
    expect(summary).toEqual(expected);
    expect(expected.notifications).toBeGreaterThan(20);
    expect(expected.problemCount).toBeGreaterThan(0);
    expect(progress).toEqual(Array.from({ length: expected.inputs }, (_, i) => i + 1));
  });

  test('the --since/--until window reaches the workers', async () => {
    // GIVEN a window that keeps part of the corpus
    const since = new Date('2026-11-03T00:00:00Z');
    const until = new Date('2026-11-25T00:00:00Z');
    const one: Notification[] = [];
    const expected = await runSimulation({ inputs: [corpus], rules: loadSimulationRules(cdkOut), since, until, onNotification: (n) => one.push(n) });
    // WHEN
    const many: Notification[] = [];
    const summary = await runSimulationOnWorkers({ inputs: [corpus], cdkOut, workers: 2, since, until, onNotification: (n) => many.push(n) });
    // THEN
    expect(many).toEqual(one);
    expect(summary).toEqual(expected);
    expect(expected.outsideWindow).toBeGreaterThan(0);
    expect(expected.notifications).toBeGreaterThan(0);
  });

  test('the IP semantics reach the workers: a sender pattern covering IPv4 only through an IPv6 range forwards under event-ruler only', async () => {
    // GIVEN the assembly with every IP condition replaced by 8000::/1, whose top-32-bit projection holds 203.0.113.99
    const drifted = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-workers-sem-'));
    fs.cpSync(cdkOut, drifted, { recursive: true });
    expect(replaceIpConditions(drifted, [{ cidr: '8000::/1' }])).toBeGreaterThan(0);
    // WHEN
    const strict = await runSimulationOnWorkers({ inputs: [FIXTURES], cdkOut: drifted, workers: 2, ipSemantics: 'strict' });
    const eventRuler = await runSimulationOnWorkers({ inputs: [FIXTURES], cdkOut: drifted, workers: 2 });
    // THEN
    expect(strict).toEqual(await runSimulation({ inputs: [FIXTURES], rules: loadSimulationRules(drifted, { ipSemantics: 'strict' }) }));
    expect(strict.forwarded).toBe(0);
    expect(eventRuler.forwarded).toBeGreaterThan(0);
  });

  test('simulate --workers 2 prints what --workers 1 prints; stdin stays in-process', async () => {
    // GIVEN
    const print = async (workers: number) => {
      let out = '';
      await simulate({ inputs: [FIXTURES, corpus], cdkOut, format: 'json', workers, progress: false, write: (t) => (out += t) });
      return out;
    };
    // WHEN / THEN
    expect(await print(2)).toEqual(await print(1));
    await expect(runSimulationOnWorkers({ inputs: ['-'], cdkOut, workers: 2 })).rejects.toThrow(/stdin \('-'\) is read with --workers 1/);
  });

  test('--workers takes a whole number from 1; the default is the number of CPUs', () => {
    expect(parseWorkers('4')).toBe(4);
    expect(() => parseWorkers('0')).toThrow("'--workers' must be a whole number of threads, at least 1; got '0'");
    expect(() => parseWorkers('two')).toThrow("'--workers' must be a whole number of threads, at least 1; got 'two'");
    expect(() => parseWorkers('1.5')).toThrow(/at least 1; got '1.5'/);
    expect(defaultWorkers()).toBe(os.availableParallelism());
  });
});
