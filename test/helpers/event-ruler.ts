import { spawn } from 'node:child_process';

/** One pattern/event pair for the aws/event-ruler oracle, both as JSON text. */
export interface EventRulerPair {
  readonly pattern: string;
  readonly event: string;
}

/** The oracle's verdict on one pair: a match result, or the message of the rule compile failure. */
export type EventRulerResult = { readonly result: boolean } | { readonly error: string };

/** The oracle's class path from scripts/oracles/event-ruler.sh, or undefined when it is not installed. */
export function eventRulerClasspath(): string | undefined {
  const cp = process.env.KEYWATCH_EVENT_RULER_CP;
  return cp === undefined || cp === '' ? undefined : cp;
}

/**
 * Describes whether oracle tests can run: when KEYWATCH_EVENT_RULER_CP is missing they must fail in CI
 * (process.env.CI === 'true') and are otherwise skipped with a console warning.
 */
export function eventRulerAvailability(): 'run' | 'skip' | 'fail' {
  if (eventRulerClasspath() !== undefined) return 'run';
  if (process.env.CI === 'true') return 'fail';
  console.warn('KEYWATCH_EVENT_RULER_CP is not set: run scripts/oracles/event-ruler.sh and source .oracles/env.d/*.sh');
  return 'skip';
}

/**
 * Runs every pair through aws/event-ruler (Machine.addRule + rulesForJSONEvent) in ONE JVM and returns the verdicts in
 * input order. Rejects when the oracle is not installed or the JVM fails.
 */
export async function runEventRuler(pairs: readonly EventRulerPair[]): Promise<EventRulerResult[]> {
  const answers = await runOracle(pairs.map((p, id) => JSON.stringify({ id, pattern: p.pattern, event: p.event })));
  return answers.map((r) => {
    if (r.eventError !== undefined) throw new Error(`event-ruler could not read event ${r.id}: ${r.eventError}`);
    return r.error !== undefined ? { error: r.error } : { result: r.result === true };
  });
}

/** event-ruler's wildcard complexity of one pattern, or the message of the compile failure. */
export type EventRulerComplexity = { readonly complexity: number } | { readonly error: string };

/**
 * Asks aws/event-ruler, in ONE JVM, for the wildcard complexity of every pattern (JSON text) as its README measures it
 * per rule: the sub-rules holding a wildcard in a fresh Machine, then Machine.evaluateComplexity(new
 * MachineComplexityEvaluator(maxComplexity)). Rejects when the oracle is not installed or the JVM fails.
 */
export async function runEventRulerComplexity(patterns: readonly string[], maxComplexity = 100): Promise<EventRulerComplexity[]> {
  const answers = await runOracle(patterns.map((complexity, id) => JSON.stringify({ id, complexity, maxComplexity })));
  return answers.map((r) => (r.error !== undefined ? { error: r.error } : { complexity: r.complexity ?? -1 }));
}

interface OracleAnswer {
  readonly id: number;
  readonly result?: boolean;
  readonly complexity?: number;
  readonly error?: string;
  readonly eventError?: string;
}

/** Feeds JSON request lines (ids 0..n-1) to the oracle and returns its answers in id order. */
async function runOracle(lines: readonly string[]): Promise<OracleAnswer[]> {
  const cp = eventRulerClasspath();
  if (cp === undefined) throw new Error('KEYWATCH_EVENT_RULER_CP is not set; run scripts/oracles/event-ruler.sh');
  const child = spawn('java', ['-Xss4m', '-cp', cp, 'keywatch.oracle.EventRulerOracle'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  child.stdin.end(lines.join('\n') + '\n');
  const code = await done;
  if (code !== 0) throw new Error(`event-ruler oracle exited with ${code}: ${Buffer.concat(err).toString()}`);
  const answers: OracleAnswer[] = new Array(lines.length);
  for (const line of Buffer.concat(out).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as OracleAnswer;
    answers[r.id] = r;
  }
  const missing = answers.findIndex((r) => r === undefined);
  if (missing >= 0 || answers.length !== lines.length) throw new Error(`event-ruler oracle gave no answer for request ${missing}`);
  return answers;
}
