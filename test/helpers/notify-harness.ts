import * as fs from 'fs';
import * as path from 'path';
import { cloudTrailToEventBridge, renderInputTransformer, type NotifyMode } from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE, buildKeywatchApp, loadConfig } from '@keywatch/central';
import { loadSimulationRules, Router, type SimulationRules } from '../../packages/cli/lib/simulate';
import { MotoDynamoDb, run, TaskError, type Resume } from './asl';
import { newTestApp } from './synth';

/** One SNS Publish the state machines made. */
export interface Published {
  readonly topic: string;
  readonly subject?: string;
  readonly message: string;
  readonly at: number;
}

/** What a stream of CloudTrail records caused, per destination. */
export interface Delivered {
  /** Alert-log records (the log group target of the alert rules). */
  readonly alertLog: number;
  /** Direct deliveries to the security team's e-mail topic target (mode every; extra-recipient topics not counted). */
  readonly directEmails: string[];
  /** Publishes of the state machines (modes deduplicated and digest). */
  readonly published: Published[];
}

/** The example organization synthesized with notify.mode/windowMinutes set: rules for routing, and the central template. */
export function exampleWith(mode: NotifyMode, windowMinutes = 60): { rules: SimulationRules; router: Router; central: Record<string, unknown> } {
  const loaded = loadConfig(EXAMPLE_CONFIG_FILE);
  const config = { ...loaded.config, notify: { ...loaded.config.notify, mode, windowMinutes } };
  const { app } = buildKeywatchApp({ ...loaded, config }, newTestApp(), { nag: false });
  const dir = app.synth().directory;
  const rules = loadSimulationRules(dir);
  const central = JSON.parse(fs.readFileSync(path.join(dir, 'keywatch-central.template.json'), 'utf8'));
  return { rules, router: new Router(rules), central };
}

/** A CloudTrail record of `key` used from `ip` in the example's shop-prod account (444444444444), ListBuckets. */
export function storeRecord(i: number, key = 'AKIAIOSFODNN7EXAMPLE', ip = '198.51.100.77', account = '444444444444'): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEPRINCIPAL1',
      arn: `arn:aws:iam::${account}:user/ci-deployer`,
      accountId: account,
      accessKeyId: key,
      userName: 'ci-deployer',
    },
    eventTime: new Date(Date.UTC(2026, 10, 20, 8, 0, 0) + i).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'eu-central-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1',
    requestParameters: null,
    responseElements: null,
    requestID: `REQ${i}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

/** Execution names as Step Functions requires them (StartExecution: 1-80 characters, none of whitespace, brackets, wildcards, "#%\^|~`$&,;:/ or controls). */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/**
 * Runs alert streams through the synthesized example: the real rule patterns (Router), the real input transformers
 * (the local EventBridge engine), and, for the gate and the summary, the synthesized ASL in the test interpreter with
 * JSONata from the `jsonata` package and DynamoDB on moto (in process). SNS and StartExecution are recorded, and checked
 * against their documented limits (Subject ASCII and under 100 characters; execution names).
 */
export class NotifyHarness {
  public readonly published: Published[] = [];
  private readonly gate?: { StartAt: string; States: Record<string, never> };
  private readonly summary?: { StartAt: string; States: Record<string, never> };
  private readonly timers: { wakeAt: number; resume: Resume }[] = [];
  private readonly names = new Map<string, string>();
  private executions = 0;

  constructor(
    central: Record<string, unknown>,
    private readonly db: MotoDynamoDb,
    private readonly table: string,
  ) {
    const machines = Object.values(central.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    const definition = (type: string) => {
      const m = machines.find((r) => r.Properties.StateMachineType === type);
      if (!m) return undefined;
      const subs = m.Properties.DefinitionSubstitutions as Record<string, unknown>;
      let asl = m.Properties.DefinitionString as string;
      for (const name of Object.keys(subs)) {
        const value = name === 'TableName' ? table : name === 'SummaryStateMachineArn' ? 'arn:aws:states:::summary' : `topic:${name}`;
        asl = asl.split(`\${${name}}`).join(value);
      }
      return JSON.parse(asl);
    };
    this.gate = definition('EXPRESS');
    this.summary = definition('STANDARD');
  }

  /** Creates the window table on moto (partition key pk). */
  public async createTable(): Promise<void> {
    await this.db.call('CreateTable', {
      TableName: this.table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  }

  /** Routes time-ordered records ([arrival ms, record]) and delivers every target; then lets every open window end. */
  public async play(router: Router, rules: SimulationRules, records: ReadonlyArray<readonly [number, Record<string, unknown>]>): Promise<Delivered> {
    let alertLog = 0;
    const directEmails: string[] = [];
    const gateInputs: [number, unknown][] = [];
    for (const [at, record] of records) {
      const event = cloudTrailToEventBridge(record);
      const routed = router.route(event);
      for (const rule of routed.alerts) {
        for (let c = 0; c < routed.copies; c++) {
          const ctx = { ruleName: rule.name, ruleArn: `arn:aws:events:${rules.bus.region}:${rules.bus.account}:rule/${rules.bus.name}/${rule.name}` };
          for (const t of rule.targets) {
            const rendered = t.inputTransformer ? renderInputTransformer(t.inputTransformer, event, ctx) : JSON.stringify(event);
            if (t.kind === 'log') alertLog++;
            if (t.kind === 'email' && /EmailTopic/.test(t.arn)) directEmails.push(rendered);
            if (t.kind === 'notify-gate') gateInputs.push([at, JSON.parse(rendered)]);
          }
        }
      }
    }
    // One gate execution after the other, in arrival order, with the summaries that wake up in between: running them
    // concurrently would let an alert that opens a window race alerts of the same key (the Python process answering the
    // DynamoDB requests is the bottleneck anyway).
    for (const [at, input] of gateInputs) {
      await this.runTimers(at);
      const r = await run(this.gate as never, { input, name: this.newName() }, this.services, at);
      if (r.status !== 'succeeded') throw new Error(`gate execution ${r.status}: ${JSON.stringify(r)}`);
    }
    await this.runTimers(Infinity);
    return { alertLog, directEmails, published: this.published };
  }

  private newName(): string {
    // EventBridge-started executions get generated UUID-like names.
    this.executions++;
    return `00000000-0000-4000-8000-${String(this.executions).padStart(12, '0')}`;
  }

  private async runTimers(until: number): Promise<void> {
    for (;;) {
      this.timers.sort((a, b) => a.wakeAt - b.wakeAt);
      const due = this.timers[0];
      if (!due || due.wakeAt > until) return;
      this.timers.shift();
      const r = await run(this.summary as never, due.resume, this.services, due.wakeAt);
      if (r.status !== 'succeeded') throw new Error(`summary execution ${r.status}: ${JSON.stringify(r)}`);
    }
  }

  private readonly services = async (resource: string, args: Record<string, unknown>, clock: number): Promise<unknown> => {
    const ddb = /^arn:aws:states:::dynamodb:(updateItem|getItem|deleteItem)$/.exec(resource);
    if (ddb) return this.db.call(ddb[1][0].toUpperCase() + ddb[1].slice(1), args);
    if (resource === 'arn:aws:states:::sns:publish') {
      const { TopicArn, Subject, Message } = args as { TopicArn: string; Subject?: string; Message: string };
      if (Subject !== undefined && !/^[ -~]{1,99}$/.test(Subject)) throw new Error(`SNS would reject the subject ${JSON.stringify(Subject)}`);
      if (typeof Message !== 'string' || Buffer.byteLength(Message) > 262_144) throw new Error('SNS would reject the message');
      this.published.push({ topic: TopicArn, subject: Subject, message: Message, at: clock });
      return { MessageId: String(this.published.length) };
    }
    if (resource === 'arn:aws:states:::states:startExecution') {
      const { Name, Input } = args as { Name: string; Input: unknown };
      if (!EXECUTION_NAME.test(Name)) throw new Error(`Step Functions would reject the execution name ${Name}`);
      const input = JSON.stringify(Input);
      if (this.names.has(Name)) {
        if (this.names.get(Name) !== input) throw new TaskError('StepFunctions.ExecutionAlreadyExistsException', Name);
        return { ExecutionArn: `arn:summary:${Name}` };
      }
      this.names.set(Name, input);
      const r = await run(this.summary as never, { input: Input, name: Name }, this.services, clock);
      if (r.status !== 'waiting') throw new Error(`summary did not wait: ${JSON.stringify(r)}`);
      this.timers.push({ wakeAt: r.wakeAt, resume: r.resume });
      return { ExecutionArn: `arn:summary:${Name}`, StartDate: new Date(clock).toISOString() };
    }
    throw new Error(`unexpected resource ${resource}`);
  };
}

/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** When the storms of the storm tests start. */
export const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
/** The e-mail topic as the harness names it in `published`. */
export const EMAIL = 'topic:EmailTopicArn';

/** Records as the storm tests play them: [arrival time in ms, CloudTrail record]. */
export type TimedRecords = [number, Record<string, unknown>][];

/**
 * Registers moto's DynamoDB for the enclosing describe (KEYWATCH_MOTO_SERVER) and returns the storm tests' helpers:
 * `play` runs records through the example in one notify.mode (a fresh windows table each time, default window 60
 * minutes), `emails` picks the e-mail topic's publishes, `storm` is 10,000 calls of one key from one IP within one hour.
 */
export function useStormHarness(): {
  play: (mode: NotifyMode, records: TimedRecords, windowMinutes?: number) => Promise<Delivered>;
  emails: (d: Delivered) => Published[];
  storm: () => TimedRecords;
} {
  let db: MotoDynamoDb;
  let tables = 0;
  beforeAll(() => {
    db = new MotoDynamoDb(process.env.KEYWATCH_MOTO_SERVER as string);
  });
  afterAll(async () => {
    await db?.stop();
  });
  return {
    async play(mode, records, windowMinutes = 60) {
      const { rules, router, central } = exampleWith(mode, windowMinutes);
      const harness = new NotifyHarness(central, db, `windows-${++tables}`);
      await harness.createTable();
      return harness.play(router, rules, records);
    },
    emails: (d) => d.published.filter((p) => p.topic === EMAIL),
    // one call every 360 ms, the last at 59:59.64
    storm: () => Array.from({ length: 10_000 }, (_, i) => [T0 + i * 360, storeRecord(i)]),
  };
}
