import * as fs from 'fs';
import type { Readable } from 'stream';
import { z } from 'zod';
import { KeywatchError, type ObservedCall } from '@keywatch/shared';
import type { ItemSink } from '../simulate/input/classify';
import { recordProjection } from '../simulate/input/projection';
import { readSource } from '../simulate/input/read-source';
import { expandInputs, STDIN } from '../simulate/input/sources';
import type { InputKind, InputProblem } from '../simulate/types';

/** What reading the inputs came to. */
export interface ReadCallsResult {
  /** Files (and stdin) read. */
  readonly inputs: number;
  /** Records and events read. */
  readonly records: number;
  /** Records outside --since/--until. */
  readonly outsideWindow: number;
  /** Inputs, records and lines that could not be used. */
  readonly problems: readonly InputProblem[];
}

/** Options of readCloudTrailCalls. */
export interface ReadCallsOptions {
  /** Only calls at or after this time. @default - no lower bound */
  readonly since?: Date;
  /** Only calls at or before this time. @default - no upper bound */
  readonly until?: Date;
  /** The stream read for "-". @default process.stdin */
  readonly stdin?: Readable;
  /** Called after each input with (inputs done, inputs in total). @default - no progress */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The record fields a call is made of (see callOfRecord); the readers build only these of each record. */
const CALL_FIELDS = [
  'detail.userIdentity.accessKeyId',
  'detail.userIdentity.userName',
  'detail.userIdentity.arn',
  'detail.sourceIPAddress',
  'detail.eventName',
  'detail.vpcEndpointId',
];

/**
 * Reads CloudTrail logs exactly as `keywatch simulate` does (files, directories, "-"; S3 deliveries, JSON arrays,
 * NDJSON, EventBridge events) and hands every API call to `onCall`; Insights records are skipped and bad inputs are
 * reported in the result, never thrown.
 */
export async function readCloudTrailCalls(
  inputs: readonly string[],
  onCall: (call: ObservedCall) => void,
  options: ReadCallsOptions = {},
): Promise<ReadCallsResult> {
  const { files, problems: listed } = expandInputs(inputs);
  const problems: InputProblem[] = [...listed];
  const since = options.since?.getTime() ?? -Infinity;
  const until = options.until?.getTime() ?? Infinity;
  let records = 0;
  let outsideWindow = 0;
  let source = '';
  const evaluate = (kind: InputKind, value: Record<string, unknown>): ObservedCall | 'outside' | undefined => {
    const call = kind === 'record' ? callOfRecord(value, undefined) : callOfEvent(value);
    if (call !== undefined && (call.time < since || call.time > until)) return 'outside';
    return call;
  };
  const apply = (outcome: ObservedCall | 'outside' | undefined): void => {
    records++;
    if (outcome === 'outside') outsideWindow++;
    else if (outcome !== undefined) onCall(outcome);
  };
  const sink: ItemSink = {
    problem: (position, message) => problems.push({ source, position, message }),
    item: (kind, value) => apply(evaluate(kind, value)),
    staged: {
      evaluate: (record) => evaluate('record', record),
      apply: (outcome) => apply(outcome as ObservedCall | 'outside' | undefined),
    },
  };
  const projection = recordProjection(CALL_FIELDS, false);
  for (let i = 0; i < files.length; i++) {
    source = files[i];
    await readSource(source, sink, { stdin: options.stdin, projection });
    options.onProgress?.(i + 1, files.length);
  }
  return { inputs: files.length, records, outsideWindow, problems };
}

/** The call of one CloudTrail record; undefined for Insights records and records without an account, time or source. */
export function callOfRecord(r: Record<string, unknown>, account: string | undefined): ObservedCall | undefined {
  if (r.eventType === 'AwsCloudTrailInsight') return undefined;
  const ui = (r.userIdentity ?? {}) as Record<string, unknown>;
  const acct = typeof r.recipientAccountId === 'string' && r.recipientAccountId !== '' ? r.recipientAccountId : account;
  const time = typeof r.eventTime === 'string' ? Date.parse(r.eventTime) : NaN;
  if (acct === undefined || typeof r.sourceIPAddress !== 'string' || Number.isNaN(time)) return undefined;
  const user = typeof ui.userName === 'string' ? ui.userName : typeof ui.arn === 'string' ? ui.arn : undefined;
  return {
    account: acct,
    accessKeyId: typeof ui.accessKeyId === 'string' ? ui.accessKeyId : '',
    sourceIp: r.sourceIPAddress,
    time,
    eventName: typeof r.eventName === 'string' ? r.eventName : '',
    user,
    vpcEndpointId: typeof r.vpcEndpointId === 'string' ? r.vpcEndpointId : undefined,
  };
}

function callOfEvent(e: Record<string, unknown>): ObservedCall | undefined {
  const detail = e.detail;
  if (detail === null || typeof detail !== 'object') return undefined;
  return callOfRecord(detail as Record<string, unknown>, typeof e.account === 'string' ? e.account : undefined);
}

/** One finding of `keywatch hunt --json`, the fields the suggestion reads (others are ignored). */
const HuntFinding = z.looseObject({
  eventId: z.string().optional(),
  eventTime: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO 8601 time'),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account ID'),
  accessKeyId: z.string(),
  sourceIpAddress: z.string(),
  eventName: z.string(),
  userName: z.string().nullish(),
  principal: z.string().nullish(),
});
const HuntDocument = z.looseObject({ findings: z.array(HuntFinding) });

/** Reads the JSON document of `keywatch hunt --json` ({ findings: [...], summary }) from `file` ("-": stdin) and hands each finding to `onCall` as a call. */
export async function readHuntCalls(file: string, onCall: (call: ObservedCall) => void, stdin: Readable = process.stdin): Promise<ReadCallsResult> {
  let text: string;
  try {
    text = file === STDIN ? await readAll(stdin) : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeywatchError(`cannot read ${file} (${(e as Error).message}); check the path given to --from-hunt`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KeywatchError(`${file} is not JSON (${(e as Error).message}); --from-hunt takes the output of \`keywatch hunt --json\``);
  }
  const r = HuntDocument.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new KeywatchError(
      `${file} is not the output of \`keywatch hunt --json\` ({ "findings": [ … ], "summary": … }): ${where || '(top level)'} ${issue.message}; run \`keywatch hunt --json > ${file}\` again`,
    );
  }
  for (const f of r.data.findings) {
    onCall({
      account: f.account,
      accessKeyId: f.accessKeyId,
      sourceIp: f.sourceIpAddress,
      time: Date.parse(f.eventTime),
      eventName: f.eventName,
      user: f.userName ?? f.principal ?? undefined,
    });
  }
  return { inputs: 1, records: r.data.findings.length, outsideWindow: 0, problems: [] };
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
