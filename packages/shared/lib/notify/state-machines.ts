import type { Locale } from '../templates/types';
import type { GateDirectoryEntry } from './gate-input';
import type { NotifyMode } from './model';

/**
 * Amazon States Language definitions (QueryLanguage JSONata) of the notify gate (EXPRESS, one execution per alert) and
 * of its window summary (STANDARD, one execution per window), as plain JSON with `${…}` DefinitionSubstitutions for
 * the ARNs. Pure: the CDK construct (central NotifyGate) only substitutes and deploys them, and the tests run these
 * exact definitions (JSONata by the `jsonata` package, DynamoDB calls against moto).
 *
 * DynamoDB items (one table, partition key `pk`, TTL attribute `expiresAt` in epoch seconds):
 * - window item `pk = <account>|<accessKeyId>|<sourceIPAddress>`: `windowStart`, `windowEnd` (epoch ms) of the open window;
 * - count item `pk = <window pk>#<windowStart>`: `suppressed` (ADDed per alert inside the window), `closed` (set by the summary).
 */

/** Name of a DefinitionSubstitutions key: the table, the topics and the summary state machine. */
export const NOTIFY_SUBSTITUTIONS = {
  table: 'TableName',
  email: 'EmailTopicArn',
  chat: 'ChatTopicArn',
  summary: 'SummaryStateMachineArn',
} as const;

/** The DefinitionSubstitutions key of the extra-recipient topic of `accountId`. */
export function recipientsSubstitution(accountId: string): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`'accountId' must be 12 digits; got '${accountId}'`);
  return `RecipientsTopic${accountId}`;
}

/**
 * Error name Step Functions gives a failed DynamoDB condition in the optimized integration (`arn:aws:states:::dynamodb:*`):
 * prefix "DynamoDB" (the AWS SDK integration's is "DynamoDb"; Step Functions Developer Guide, connect-ddb, "Exception prefix differences").
 */
export const CONDITION_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/** What the gate and the summary do; every field is fixed at synth time. */
export interface NotifyStateMachineOptions {
  /** deduplicated or digest (every needs no gate). */
  readonly mode: Exclude<NotifyMode, 'every'>;
  /** Window length in minutes. */
  readonly windowMinutes: number;
  /** Language of the summary text. */
  readonly locale: Locale;
  /**
   * Whether a chat topic gets the notifications too.
   * @default false
   */
  readonly chat?: boolean;
  /**
   * Accounts with an extra-recipient topic.
   * @default - none
   */
  readonly recipientAccounts?: readonly string[];
  /**
   * The gate's directory: account ID → what the gate fills into the texts of a grouped rule (gateDirectoryEntry). The
   * gate looks the alert's account up and replaces the GROUP_MARKERS of `email` and of the chat's title, description
   * and next steps before anything reads them; accounts not in it (their own rules) pass unchanged.
   * @default - none (no grouped rules)
   */
  readonly directory?: Readonly<Record<string, GateDirectoryEntry>>;
}

/**
 * Most bytes of directory data one Pass state assigns: Step Functions takes up to 256 KiB of variables per state
 * [doc: docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html]; a larger directory is spread over
 * Directory1 … DirectoryN (variables $directory1 …).
 */
export const DIRECTORY_CHUNK_BYTES = 200_000;

/** An ASL document (JSON). */
export type StateMachineDefinition = Record<string, unknown>;

/** Items live one day past their window's end, so TTL never removes an open window (DynamoDB deletes expired items within days). */
const TTL_GRACE_SECONDS = 86_400;

const DYNAMODB_RETRY = [
  {
    ErrorEquals: [
      'DynamoDB.ProvisionedThroughputExceededException',
      'DynamoDB.ThrottlingException',
      'DynamoDB.RequestLimitExceeded',
      'DynamoDB.InternalServerErrorException',
      'DynamoDB.AmazonDynamoDBException',
      'States.Timeout',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 5,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

/** Publish retries: within an EXPRESS execution's 5 minutes (about 1+2+4+8+16+30 s), longer in the STANDARD summary. */
function publishRetry(maxAttempts: number, maxDelaySeconds: number) {
  return [
    { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: maxAttempts, BackoffRate: 2, MaxDelaySeconds: maxDelaySeconds, JitterStrategy: 'FULL' },
  ];
}

/** A JSONata string literal. */
function str(text: string): string {
  return JSON.stringify(text);
}

/** A JSONata string concatenation of literal text and expressions ({ x: 'expr' }). */
function concat(...parts: Array<string | { x: string }>): string {
  return parts.map((p) => (typeof p === 'string' ? str(p) : `$string(${p.x})`)).join(' & ');
}

/** A JSONata expression wrapped for an ASL field. */
function jx(expr: string): string {
  if (expr.includes('%}')) throw new Error(`a JSONata expression must not contain '%}'; got '${expr}'`);
  return `{% ${expr} %}`;
}

/** An SNS subject from a JSONata string expression: printable ASCII only (SNS rejects others) and under 100 characters. */
function subject(expr: string): string {
  return `$substring($replace(${expr}, /[^ -~]/, "?"), 0, 99)`;
}

interface Texts {
  /** Subject, e-mail text and chat (title, description) of a message, as JSONata expressions. */
  readonly subject: string;
  readonly email: string;
  readonly chatTitle: string;
  readonly chatDescription: string;
  readonly eventType: string;
}

const key = { x: '$alert.accessKeyId' };
const ip = { x: '$alert.sourceIPAddress' };
const account = { x: '$alert.account' };
const start = { x: '$fromMillis($windowStart)' };

/** The immediate notification: the alert's own texts. */
function fullTexts(): Texts {
  return {
    subject: subject(concat('keywatch: access key ', key, ' used from ', ip, ' in ', account)),
    email: '$alert.email',
    chatTitle: '$alert.chat.content.title',
    chatDescription: '$alert.chat.content.description',
    eventType: '$alert.chat.metadata.eventType',
  };
}

/** The end-of-window texts of `mode`, in `locale`; `$suppressed` holds the count of calls after the first. */
function summaryTexts(mode: NotifyStateMachineOptions['mode'], locale: Locale, windowMinutes: number): Texts {
  const more = { x: '$suppressed' };
  const all = { x: '$suppressed + 1' };
  if (mode === 'deduplicated') {
    const line =
      locale === 'ja'
        ? concat(
            '【keywatch】…ほか ',
            more,
            ' 件の呼び出しが、送信元 ',
            ip,
            '、アクセスキー ',
            key,
            '、アカウント ',
            account,
            ` で直近 ${windowMinutes} 分間（`,
            start,
            ' から）にありました。',
          )
        : concat(
            'keywatch: …and ',
            more,
            ' more calls from ',
            ip,
            ' with key ',
            key,
            ' in account ',
            account,
            ` in the last ${windowMinutes} minutes (since `,
            start,
            ').',
          );
    const rest =
      locale === 'ja'
        ? str('最初の呼び出しはその時点で通知済みです。すべての呼び出しはアラートログにあります。keywatch report で確認してください。')
        : str('The first call of the window was alerted in full at the time. Every call is in the alert log; see: keywatch report');
    return {
      subject: subject(concat('keywatch: ', more, ' more calls from ', ip, ' with key ', key)),
      email: `${line} & "\\n" & ${rest}`,
      chatTitle: concat(locale === 'ja' ? '【keywatch】ほか ' : 'keywatch: ', more, locale === 'ja' ? ' 件の呼び出し: ' : ' more calls from ', ip),
      chatDescription: `${line} & "\\n" & ${rest}`,
      eventType: str('KeywatchAlertSummary'),
    };
  }
  const line =
    locale === 'ja'
      ? concat(
          '【keywatch】ダイジェスト: 送信元 ',
          ip,
          '、アクセスキー ',
          key,
          '、アカウント ',
          account,
          ` の呼び出しが ${windowMinutes} 分間（`,
          start,
          ' から）に ',
          all,
          ' 件ありました。最初の呼び出し:',
        )
      : concat(
          'keywatch digest: ',
          all,
          ' calls from ',
          ip,
          ' with key ',
          key,
          ' in account ',
          account,
          ` in the ${windowMinutes} minutes from `,
          start,
          '. The first of them:',
        );
  return {
    subject: subject(concat('keywatch digest: ', all, ' calls from ', ip, ' with key ', key)),
    email: `${line} & "\\n\\n" & $alert.email`,
    chatTitle: concat(locale === 'ja' ? '【keywatch】ダイジェスト ' : 'keywatch digest: ', all, locale === 'ja' ? ' 件: ' : ' calls: ', {
      x: '$alert.chat.content.title',
    }),
    chatDescription: `${line} & "\\n\\n" & $alert.chat.content.description`,
    eventType: str('KeywatchAlertDigest'),
  };
}

/** The Publish states (e-mail, chat, extra recipients) from `first`, ending at `end`; every message carries `texts`. */
function publishStates(prefix: string, texts: Texts, options: NotifyStateMachineOptions, retry: unknown[], end: string): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  const names = { email: `${prefix}Email`, chat: `${prefix}Chat`, has: `${prefix}HasRecipients`, recipients: `${prefix}Recipients` };
  const publish = (topicArn: string, message: string, withSubject: boolean, next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::sns:publish',
    Arguments: { TopicArn: topicArn, Message: jx(message), ...(withSubject ? { Subject: jx(texts.subject) } : {}) },
    Retry: retry,
    Next: next,
  });
  const recipientsStart = (options.recipientAccounts ?? []).length > 0 ? names.has : end;
  states[names.email] = publish(`\${${NOTIFY_SUBSTITUTIONS.email}}`, texts.email, true, options.chat ? names.chat : recipientsStart);
  if (options.chat) {
    // A Chatbot custom notification: the alert's own (full, digest with a new title and description) or a new one (summary).
    const chat =
      texts.chatTitle === '$alert.chat.content.title'
        ? '$string($alert.chat)'
        : `$string($merge([$alert.chat, {"content": $merge([$alert.chat.content, {"title": ${texts.chatTitle}, "description": ${texts.chatDescription}, ` +
          `"nextSteps": []}]), "metadata": $merge([$alert.chat.metadata, {"eventType": ${texts.eventType}}])}]))`;
    states[names.chat] = publish(`\${${NOTIFY_SUBSTITUTIONS.chat}}`, chat, false, recipientsStart);
  }
  if ((options.recipientAccounts ?? []).length > 0) {
    states[names.has] = { Type: 'Choice', Choices: [{ Condition: jx('$alert.recipients != ""'), Next: names.recipients }], Default: end };
    states[names.recipients] = publish(jx('$lookup($topics, $alert.recipients)'), texts.email, true, end);
  }
  return states;
}

/** The Assign of the extra-recipient topics: account ID → `${RecipientsTopic<id>}`. */
function topicsMap(options: NotifyStateMachineOptions): Record<string, string> {
  return Object.fromEntries((options.recipientAccounts ?? []).map((id) => [id, `\${${recipientsSubstitution(id)}}`]));
}

function checkOptions(options: NotifyStateMachineOptions): void {
  if (!Number.isInteger(options.windowMinutes) || options.windowMinutes < 1) {
    throw new Error(`'windowMinutes' must be a whole number of at least 1; got '${options.windowMinutes}'`);
  }
}

/**
 * The gate (EXPRESS): opens the window of the alert's dedup key with a conditional UpdateItem
 * (`attribute_not_exists(pk) OR windowEnd <= :start`); when it opens, starts the window summary (named after this
 * execution, so a retried StartExecution is idempotent) and, in deduplicated mode, publishes the alert in full. When
 * the window is already open, it ADDs 1 to the window's count item unless the summary has closed it (then it starts
 * over, and the alert opens the next window). Loops at most 10 times, then fails (ExecutionsFailed alarm).
 */
export function notifyGateDefinition(options: NotifyStateMachineOptions): StateMachineDefinition {
  checkOptions(options);
  const windowMs = options.windowMinutes * 60_000;
  const table = `\${${NOTIFY_SUBSTITUTIONS.table}}`;
  const directory = directoryStates(options);
  const states: Record<string, unknown> = {
    ...directory.states,
    Init: {
      Type: 'Pass',
      Assign: { alert: jx(directory.alert), loops: 0, topics: options.mode === 'deduplicated' ? topicsMap(options) : {} },
      Next: 'Clock',
    },
    Clock: { Type: 'Pass', Assign: { at: jx('$millis()'), loops: jx('$loops + 1') }, Next: 'Looping' },
    Looping: { Type: 'Choice', Choices: [{ Condition: jx('$loops > 10'), Next: 'GateLooping' }], Default: 'OpenWindow' },
    GateLooping: { Type: 'Fail', Error: 'Keywatch.NotifyGateLooping', Cause: 'The window kept closing between reads; the alert is in the alert log.' },
    OpenWindow: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Arguments: {
        TableName: table,
        Key: { pk: { S: jx('$alert.gate') } },
        UpdateExpression: 'SET windowStart = :start, windowEnd = :end, expiresAt = :ttl',
        ConditionExpression: 'attribute_not_exists(pk) OR windowEnd <= :start',
        ExpressionAttributeValues: {
          ':start': { N: jx('$string($at)') },
          ':end': { N: jx(`$string($at + ${windowMs})`) },
          ':ttl': { N: jx(`$string($floor(($at + ${windowMs}) / 1000) + ${TTL_GRACE_SECONDS})`) },
        },
      },
      Retry: DYNAMODB_RETRY,
      Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: 'ReadWindow' }],
      Assign: { windowStart: jx('$at'), windowEnd: jx(`$at + ${windowMs}`) },
      Next: 'StartSummary',
    },
    ReadWindow: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Arguments: { TableName: table, Key: { pk: { S: jx('$alert.gate') } }, ConsistentRead: true },
      Retry: DYNAMODB_RETRY,
      Assign: {
        windowStart: jx('$exists($states.result.Item) ? $number($states.result.Item.windowStart.N) : 0'),
        windowEnd: jx('$exists($states.result.Item) ? $number($states.result.Item.windowEnd.N) : 0'),
      },
      Next: 'WindowOpen',
    },
    WindowOpen: { Type: 'Choice', Choices: [{ Condition: jx('$windowEnd > $millis()'), Next: 'CountSuppressed' }], Default: 'Clock' },
    CountSuppressed: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Arguments: {
        TableName: table,
        Key: { pk: { S: jx('$alert.gate & "#" & $string($windowStart)') } },
        UpdateExpression: 'ADD suppressed :one SET expiresAt = :ttl',
        ConditionExpression: 'attribute_not_exists(closed)',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':ttl': { N: jx(`$string($floor($windowEnd / 1000) + ${TTL_GRACE_SECONDS})`) } },
      },
      Retry: DYNAMODB_RETRY,
      Catch: [{ ErrorEquals: [CONDITION_FAILED], Next: 'Clock' }],
      Next: 'Counted',
    },
    Counted: { Type: 'Succeed' },
    StartSummary: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Arguments: {
        StateMachineArn: `\${${NOTIFY_SUBSTITUTIONS.summary}}`,
        Name: jx('$states.context.Execution.Name'),
        Input: jx('{"alert": $alert, "windowStart": $windowStart, "windowEnd": $windowEnd}'),
      },
      Retry: [
        {
          ErrorEquals: ['StepFunctions.ExecutionLimitExceededException', 'StepFunctions.SdkClientException', 'States.Timeout'],
          IntervalSeconds: 1,
          MaxAttempts: 4,
          BackoffRate: 2,
        },
      ],
      Catch: [
        // Same name and input while the first is running count as success; this only catches a name reused for another input.
        {
          ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException', 'StepFunctions.ExecutionAlreadyExists'],
          Next: options.mode === 'deduplicated' ? 'FullEmail' : 'Sent',
        },
        // Without a summary the window would swallow alerts until it ends: close it again, and fail loudly (ExecutionsFailed alarm).
        { ErrorEquals: ['States.ALL'], Next: 'ReleaseWindow' },
      ],
      Next: options.mode === 'deduplicated' ? 'FullEmail' : 'Sent',
    },
    ReleaseWindow: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:deleteItem',
      Arguments: {
        TableName: table,
        Key: { pk: { S: jx('$alert.gate') } },
        ConditionExpression: 'windowStart = :start',
        ExpressionAttributeValues: { ':start': { N: jx('$string($windowStart)') } },
      },
      Retry: DYNAMODB_RETRY,
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'SummaryNotStarted' }],
      Next: 'SummaryNotStarted',
    },
    SummaryNotStarted: { Type: 'Fail', Error: 'Keywatch.SummaryNotStarted', Cause: 'The window summary could not be started; the alert is in the alert log.' },
    Sent: { Type: 'Succeed' },
  };
  if (options.mode === 'deduplicated') {
    Object.assign(states, publishStates('Full', fullTexts(), options, publishRetry(6, 30), 'Sent'));
  }
  return {
    Comment: `keywatch notify gate (${options.mode}, ${options.windowMinutes}-minute window per account, access key and source IP)`,
    QueryLanguage: 'JSONata',
    StartAt: directory.startAt,
    States: states,
  };
}

/**
 * The gate's directory states (Pass states assigning $directory1 … in chunks of DIRECTORY_CHUNK_BYTES) and the
 * expression of the alert: the input itself, or with a directory the input whose texts carry the account's entry.
 * Every stored string starts with "=" (dropped when filled), so a directory text such as "{% … %}" can never read as
 * a JSONata expression.
 */
function directoryStates(options: NotifyStateMachineOptions): { states: Record<string, unknown>; startAt: string; alert: string } {
  const ids = Object.keys(options.directory ?? {}).sort();
  if (ids.length === 0) return { states: {}, startAt: 'Init', alert: '$states.input' };
  const chunks: Record<string, unknown>[] = [{}];
  let bytes = 0;
  for (const id of ids) {
    const entry = options.directory![id];
    const stored = { c: entry.chat.map((t) => `=${t}`), ...(entry.email ? { e: entry.email.map((t) => `=${t}`) } : {}) };
    const size = Buffer.byteLength(JSON.stringify(stored)) + 20;
    if (bytes + size > DIRECTORY_CHUNK_BYTES && Object.keys(chunks[chunks.length - 1]).length > 0) {
      chunks.push({});
      bytes = 0;
    }
    chunks[chunks.length - 1][id] = stored;
    bytes += size;
  }
  const states: Record<string, unknown> = {};
  chunks.forEach((chunk, i) => {
    states[`Directory${i + 1}`] = { Type: 'Pass', Assign: { [`directory${i + 1}`]: chunk }, Next: i + 1 < chunks.length ? `Directory${i + 2}` : 'Init' };
  });
  const lookup = chunks.map((_, i) => (i === 0 ? '$a := ' : '$a := $a ? $a : ') + `$lookup($directory${i + 1}, $i.account);`).join(' ');
  // One pass over the markers (a function replacement), so text filled in is never scanned again.
  const fill =
    '$fill := function($s, $v) { $replace($s, /[\\uE002-\\uE004]/, function($m) ' +
    '{ $substring($v[$m.match = "\\uE002" ? 0 : ($m.match = "\\uE003" ? 1 : 2)], 1) }) };';
  const chat = options.chat
    ? ', {"chat": $merge([$i.chat, {"content": $merge([$i.chat.content, {"title": $fill($i.chat.content.title, $a.c), ' +
      '"description": $fill($i.chat.content.description, $a.c), "nextSteps": [$map($i.chat.content.nextSteps, function($t) { $fill($t, $a.c) })]}])}])}'
    : '';
  const alert = `($i := $states.input; ${lookup} ${fill} ` + `$a ? $merge([$i, {"email": $fill($i.email, $exists($a.e) ? $a.e : $a.c)}${chat}]) : $i)`;
  return { states, startAt: 'Directory1', alert };
}

/**
 * The ASL text of `definition` (JSON) for DefinitionString. CloudFormation replaces "\${name}" for every name of
 * DefinitionSubstitutions, and its handling of other names is not documented; directory text (account names, OU paths,
 * owners) may hold either. So every "$" of the Directory<n> states is written "\u0024", and any other "\${" that does
 * not start one of keywatch's substitutions too; the JSON escape reads back as the same character.
 */
export function definitionText(definition: StateMachineDefinition): string {
  const states = { ...((definition.States as Record<string, { Assign?: Record<string, unknown> }>) ?? {}) };
  const chunks: string[] = [];
  for (const name of Object.keys(states).filter((n) => /^Directory\d+$/.test(n))) {
    chunks.push(JSON.stringify(states[name].Assign).replace(/\$/g, '\\u0024'));
    states[name] = { ...states[name], Assign: `\uE00F${chunks.length - 1}\uE00F` as never };
  }
  const known = new RegExp(`^\\$\\{(${Object.values(NOTIFY_SUBSTITUTIONS).join('|')}|RecipientsTopic\\d{12})\\}`);
  return JSON.stringify({ ...definition, States: states })
    .replace(/\$\{/g, (match, offset: number, text: string) => (known.test(text.slice(offset, offset + 64)) ? match : '\\u0024{'))
    .replace(/"\uE00F(\d+)\uE00F"/g, (_, n: string) => chunks[Number(n)]);
}

/**
 * The window summary (STANDARD): waits until the window ends, closes its count item (UpdateItem SET closed, ReturnValues
 * ALL_NEW, so no later ADD can land in it) and reads the count; deduplicated mode publishes "…and N more calls" when N > 0,
 * digest mode always publishes the first call's text with the count N + 1.
 */
export function notifySummaryDefinition(options: NotifyStateMachineOptions): StateMachineDefinition {
  checkOptions(options);
  const table = `\${${NOTIFY_SUBSTITUTIONS.table}}`;
  const texts = summaryTexts(options.mode, options.locale, options.windowMinutes);
  const states: Record<string, unknown> = {
    Init: {
      Type: 'Pass',
      Assign: {
        alert: jx('$states.input.alert'),
        windowStart: jx('$states.input.windowStart'),
        windowEnd: jx('$states.input.windowEnd'),
        topics: topicsMap(options),
      },
      Next: 'WaitForWindowEnd',
    },
    WaitForWindowEnd: { Type: 'Wait', Timestamp: jx('$fromMillis($windowEnd)'), Next: 'CloseWindow' },
    CloseWindow: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Arguments: {
        TableName: table,
        Key: { pk: { S: jx('$alert.gate & "#" & $string($windowStart)') } },
        UpdateExpression: 'SET closed = :closed, expiresAt = :ttl',
        ExpressionAttributeValues: { ':closed': { BOOL: true }, ':ttl': { N: jx(`$string($floor($windowEnd / 1000) + ${TTL_GRACE_SECONDS})`) } },
        ReturnValues: 'ALL_NEW',
      },
      Retry: [{ ...DYNAMODB_RETRY[0], MaxAttempts: 10, MaxDelaySeconds: 60 }],
      Assign: { suppressed: jx('$exists($states.result.Attributes.suppressed) ? $number($states.result.Attributes.suppressed.N) : 0') },
      Next: options.mode === 'deduplicated' ? 'AnythingToSay' : 'SummaryEmail',
    },
    Done: { Type: 'Succeed' },
  };
  if (options.mode === 'deduplicated') {
    states.AnythingToSay = { Type: 'Choice', Choices: [{ Condition: jx('$suppressed > 0'), Next: 'SummaryEmail' }], Default: 'Done' };
  }
  Object.assign(states, publishStates('Summary', texts, options, publishRetry(10, 300), 'Done'));
  return {
    Comment: `keywatch notify window summary (${options.mode}, ${options.windowMinutes} minutes)`,
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: states,
  };
}
