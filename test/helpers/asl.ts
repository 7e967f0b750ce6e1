import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import jsonata from 'jsonata';

/**
 * A small interpreter of JSONata-language Amazon States Language, for tests: it runs a synthesized state machine
 * definition with the real `jsonata` package (the version Step Functions documents, 2.0.6) and hands every Task to
 * `services`. Supported: Pass, Task, Choice, Wait (Timestamp; the execution suspends and is resumed by the caller),
 * Succeed, Fail; Assign, Arguments, Condition, Catch (by error name, States.ALL). Retry is not simulated (the services
 * here do not fail transiently). Independent of keywatch's own code: it only reads the ASL.
 */

/** A Task's service call: resource ARN and evaluated Arguments; throw a TaskError to fail the task. */
export type ServiceCall = (resource: string, args: Record<string, unknown>, clock: number) => Promise<unknown>;

/** A task failure with a Step Functions error name ("DynamoDB.ConditionalCheckFailedException"). */
export class TaskError extends Error {
  constructor(
    public readonly error: string,
    cause: string,
  ) {
    super(cause);
  }
}

/** Where an execution stands. */
export type ExecutionState =
  | { readonly status: 'succeeded' }
  | { readonly status: 'failed'; readonly error: string; readonly cause: string }
  | { readonly status: 'waiting'; readonly wakeAt: number; readonly resume: Resume };

/** What a waiting execution needs to go on. */
export interface Resume {
  readonly next: string;
  readonly vars: Record<string, unknown>;
  readonly input: unknown;
  readonly name: string;
}

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Assign?: Record<string, unknown>;
  Arguments?: unknown;
  Resource?: string;
  Catch?: { ErrorEquals: string[]; Next: string; Assign?: Record<string, unknown> }[];
  Choices?: { Condition: string; Next: string }[];
  Default?: string;
  Timestamp?: string;
  Error?: string;
  Cause?: string;
}

const cache = new Map<string, jsonata.Expression>();

/** Evaluates "{% … %}" strings anywhere in `value` (other strings are literals), with `$millis()`/`$now()` at `clock`. */
export async function evaluate(value: unknown, bindings: Record<string, unknown>, clock: number): Promise<unknown> {
  if (typeof value === 'string') {
    const m = /^\{%([\s\S]*)%\}$/.exec(value);
    if (!m) return value;
    let expr = cache.get(m[1]);
    if (!expr) {
      expr = jsonata(m[1]);
      cache.set(m[1], expr);
    }
    return expr.evaluate({}, { ...bindings, millis: () => clock, now: () => new Date(clock).toISOString() });
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, bindings, clock)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = await evaluate(v, bindings, clock);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}

/** Runs `definition` from its start (or from `resume`) at time `clock` until it ends or waits. */
export async function run(
  definition: { StartAt: string; States: Record<string, State> },
  start: { input: unknown; name: string } | Resume,
  services: ServiceCall,
  clock: number,
): Promise<ExecutionState> {
  let vars: Record<string, unknown> = 'vars' in start ? { ...start.vars } : {};
  let current = 'next' in start ? start.next : definition.StartAt;
  const input = start.input;
  const context = { Execution: { Name: start.name, Input: input } };
  let stateInput: unknown = input;
  for (let steps = 0; steps < 1000; steps++) {
    const state = definition.States[current];
    if (!state) throw new Error(`no state ${current}`);
    const states = { input: stateInput, context };
    const assign = async (a: Record<string, unknown> | undefined, extra: Record<string, unknown>) => {
      if (!a) return;
      const values = (await evaluate(a, { ...vars, states: { ...states, ...extra } }, clock)) as Record<string, unknown>;
      vars = { ...vars, ...values };
    };
    switch (state.Type) {
      case 'Pass':
        await assign(state.Assign, {});
        break;
      case 'Choice': {
        let next = state.Default;
        for (const c of state.Choices ?? []) {
          if ((await evaluate(c.Condition, { ...vars, states }, clock)) === true) {
            next = c.Next;
            break;
          }
        }
        if (!next) return { status: 'failed', error: 'States.NoChoiceMatched', cause: current };
        current = next;
        continue;
      }
      case 'Wait': {
        const ts = (await evaluate(state.Timestamp, { ...vars, states }, clock)) as string;
        return { status: 'waiting', wakeAt: Date.parse(ts), resume: { next: state.Next as string, vars, input, name: start.name } };
      }
      case 'Task': {
        const args = (await evaluate(state.Arguments ?? {}, { ...vars, states }, clock)) as Record<string, unknown>;
        try {
          const result = await services(state.Resource as string, args, clock);
          await assign(state.Assign, { result });
          stateInput = result;
        } catch (err) {
          if (!(err instanceof TaskError)) throw err;
          const catcher = (state.Catch ?? []).find((c) => c.ErrorEquals.includes(err.error) || c.ErrorEquals.includes('States.ALL'));
          if (!catcher) return { status: 'failed', error: err.error, cause: err.message };
          await assign(catcher.Assign, { errorOutput: { Error: err.error, Cause: err.message } });
          current = catcher.Next;
          continue;
        }
        break;
      }
      case 'Succeed':
        return { status: 'succeeded' };
      case 'Fail':
        return { status: 'failed', error: state.Error ?? '', cause: state.Cause ?? '' };
      default:
        throw new Error(`state type ${state.Type} is not supported by the test interpreter`);
    }
    if (state.End) return { status: 'succeeded' };
    current = state.Next as string;
  }
  throw new Error('more than 1000 state transitions');
}

/** DynamoDB of moto in a Python process (test/helpers/moto_dynamodb.py), one request at a time. */
export class MotoDynamoDb {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private buffer = '';
  private queue: Promise<unknown> = Promise.resolve();

  /** Starts the Python of the moto oracle (the interpreter next to KEYWATCH_MOTO_SERVER). */
  constructor(motoServer: string) {
    const python = path.join(path.dirname(motoServer), 'python');
    this.child = spawn(python, [path.join(__dirname, 'moto_dynamodb.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
  }

  /** One DynamoDB call (the body as the JSON protocol carries it); a DynamoDB error becomes a TaskError "DynamoDB.<Code>". */
  public call(action: string, body: Record<string, unknown>): Promise<unknown> {
    const next = this.queue.then(
      () =>
        new Promise<string>((resolve) => {
          this.waiting.push(resolve);
          this.child.stdin.write(`${JSON.stringify({ action, body })}\n`);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next.then((line) => {
      const answer = JSON.parse(line) as { ok?: unknown; error?: string; message?: string };
      if (answer.error !== undefined) throw new TaskError(`DynamoDB.${answer.error}`, answer.message ?? '');
      return answer.ok;
    });
  }

  /** Ends the Python process. */
  public async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}
