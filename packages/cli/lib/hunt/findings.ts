import type { AccountsDirectory, HuntColumn } from '@keywatch/shared';

/**
 * One API call hunt found: a watched key used from outside its account's allowed networks. This is the `--json`
 * contract (README, "keywatch hunt"): `allowlist suggest` and other tools read these fields.
 */
export interface HuntFinding {
  /** CloudTrail eventID. */
  readonly eventId: string;
  /** eventTime as ISO 8601 (UTC, milliseconds). */
  readonly eventTime: string;
  /** The account the call was made in (recipientAccountId). */
  readonly account: string;
  /** Its name from the accounts directory, or "" when it is not there. */
  readonly accountName: string;
  readonly region: string;
  readonly accessKeyId: string;
  /** userIdentity.userName ("" when the identity has none, e.g. an assumed role). */
  readonly userName: string;
  /** userIdentity.arn. */
  readonly principal: string;
  /** userIdentity.type (IAMUser, AssumedRole, Root, …). */
  readonly identityType: string;
  readonly sourceIpAddress: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly readOnly: boolean;
  /** The VPC endpoint the call went through, or "". */
  readonly vpcEndpointId: string;
  readonly userAgent: string;
  /** CloudTrail errorCode ("" for a call that succeeded). */
  readonly errorCode: string;
}

/** A count of findings for one value, with first and last time seen. */
export interface HuntCount {
  readonly key: string;
  /** For accounts: the directory name; for keys: the account and user. @default - nothing */
  readonly label?: string;
  readonly findings: number;
  /** Distinct source IP addresses among them (by account and by access key only). @default - not counted */
  readonly sourceIps?: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** What a hunt found, counted by account, key, source IP and day (most findings first; days in date order). */
export interface HuntSummary {
  readonly since: string;
  readonly until: string;
  readonly findings: number;
  readonly accounts: number;
  readonly accessKeys: number;
  readonly sourceIps: number;
  readonly byAccount: readonly HuntCount[];
  readonly byAccessKey: readonly HuntCount[];
  readonly bySourceIp: readonly HuntCount[];
  readonly byDay: readonly HuntCount[];
  /** Bytes Athena scanned ($5 per TB), and the query's ID; absent for other engines. */
  readonly bytesScanned?: number;
  readonly queryExecutionId?: string;
}

/** Reads one result row (HUNT_COLUMNS) into a finding; the account name comes from `directory` (default: none). */
export function toFinding(row: Readonly<Partial<Record<HuntColumn, string | null>>>, directory?: AccountsDirectory): HuntFinding {
  const s = (k: HuntColumn) => row[k] ?? '';
  const time = Date.parse(s('event_time'));
  const account = s('account_id');
  return {
    eventId: s('event_id'),
    eventTime: Number.isNaN(time) ? s('event_time') : new Date(time).toISOString(),
    account,
    accountName: directory?.accounts.find((a) => a.id === account)?.name ?? '',
    region: s('region'),
    accessKeyId: s('access_key_id'),
    userName: s('user_name'),
    principal: s('principal_arn'),
    identityType: s('identity_type'),
    sourceIpAddress: s('source_ip'),
    eventSource: s('event_source'),
    eventName: s('event_name'),
    readOnly: s('read_only') === 'true',
    vpcEndpointId: s('vpc_endpoint_id'),
    userAgent: s('user_agent'),
    errorCode: s('error_code'),
  };
}

/** Counts findings by account, key, source IP and day. */
export function summarizeFindings(
  findings: readonly HuntFinding[],
  since: Date,
  until: Date,
  extra: Pick<HuntSummary, 'bytesScanned' | 'queryExecutionId'> = {},
): HuntSummary {
  const count = (keyOf: (f: HuntFinding) => string, labelOf?: (f: HuntFinding) => string, countIps = false): HuntCount[] => {
    const map = new Map<string, { key: string; label?: string; findings: number; ips: Set<string>; firstSeen: string; lastSeen: string }>();
    for (const f of findings) {
      const key = keyOf(f);
      const c = map.get(key);
      if (c) {
        c.findings++;
        c.ips.add(f.sourceIpAddress);
        if (f.eventTime < c.firstSeen) c.firstSeen = f.eventTime;
        if (f.eventTime > c.lastSeen) c.lastSeen = f.eventTime;
      } else {
        map.set(key, {
          key,
          ...(labelOf ? { label: labelOf(f) } : {}),
          findings: 1,
          ips: new Set([f.sourceIpAddress]),
          firstSeen: f.eventTime,
          lastSeen: f.eventTime,
        });
      }
    }
    return [...map.values()]
      .map(({ ips, ...c }) => ({ ...c, ...(countIps ? { sourceIps: ips.size } : {}) }))
      .sort((a, b) => b.findings - a.findings || a.key.localeCompare(b.key));
  };
  const byDay = count((f) => f.eventTime.slice(0, 10)).sort((a, b) => a.key.localeCompare(b.key));
  const byAccount = count(
    (f) => f.account,
    (f) => f.accountName,
    true,
  );
  const byAccessKey = count(
    (f) => f.accessKeyId,
    (f) => `${f.account}${f.userName ? ` ${f.userName}` : ''}`,
    true,
  );
  const bySourceIp = count((f) => f.sourceIpAddress);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    findings: findings.length,
    accounts: byAccount.length,
    accessKeys: byAccessKey.length,
    sourceIps: bySourceIp.length,
    byAccount,
    byAccessKey,
    bySourceIp,
    byDay,
    ...extra,
  };
}
