import type { AccountsDirectory } from '../accounts/directory';
import type { KeywatchConfig } from '../config/schema';
import { READ_ONLY_EXCEPTIONS } from '../engine/cloudtrail-envelope';
import { KeywatchError } from '../errors';
import { ALL_ADDRESSES, subtractNetworks } from '../net/sets';
import type { NetworkPolicy } from '../policy/resolve';
import { resolvePolicy } from '../policy/resolve';
import { sqlIdentifier, sqlString, sqlStringList } from './sql-text';
import { HUNT_COLUMNS, type HuntPartitions, type HuntQuery, type HuntSource } from './types';

/** Athena's limit on the query string (StartQueryExecution QueryString: at most 262,144 bytes). */
export const ATHENA_MAX_QUERY_BYTES = 262_144;

/** The CloudTrail eventType of API calls: EventBridge delivers them as "AWS API Call via CloudTrail", the only detail-type the rules match. */
const API_CALL_EVENT_TYPE = 'AwsApiCall';

/**
 * The IPv4 and IPv6 literal shapes event-ruler tries as IP addresses (engine/ip.ts); anything else (service names,
 * "AWS Internal/3", IPv6 with a dotted IPv4 tail or a zone ID) never matches a cidr pattern, so it never alerts here either.
 */
const IPV4_LIKE = '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$';
const IPV6_LIKE = '^[0-9a-fA-F:]*:[0-9a-fA-F:]*$';

/** What to hunt for; the policy comes from the configuration. */
export interface HuntOptions {
  /** Where CloudTrail is read from. */
  readonly source: HuntSource;
  /** Earliest eventTime reported (inclusive). */
  readonly since: Date;
  /** Latest eventTime reported (inclusive). */
  readonly until: Date;
  /** Only these account IDs. @default - every account */
  readonly accounts?: readonly string[];
  /** Only these regions; each must be a deployed region (deployment.regions). @default - every deployed region */
  readonly regions?: readonly string[];
}

/**
 * Compiles the policy keywatch deploys into one SELECT for Athena engine v3 (Trino) or CloudTrail Lake: the API
 * calls with a watched key from outside the effective allowlist of their account, in the deployed regions, that the
 * EventBridge rules would alert on (same key, read-only, VPC endpoint and account rules; resolvePolicy gives the same
 * allowlists the pattern compiler uses). Partition predicates come first so the scan is bounded by account, region and day.
 *
 * Trino semantics the query guards against: IPv4 values are IPv4-mapped IPv6 to Trino, so `contains('::/0', ip)` is
 * true for every IPv4 address; each allowlist entry therefore applies only to addresses of its own family (the family of
 * the parsed value, so `::ffff:a00:1` counts as IPv4 as event-ruler reads it). A CIDR with host bits set fails the whole
 * query; the networks come normalised from resolvePolicy. A source that is not an IP literal yields NULL, never an error.
 */
export function compileHunt(config: KeywatchConfig, directory: AccountsDirectory | undefined, options: HuntOptions): HuntQuery {
  if (!(options.since.getTime() <= options.until.getTime())) {
    throw new KeywatchError(`the hunt window is empty: since (${iso(options.since)}) is after until (${iso(options.until)})`);
  }
  const regions = huntRegions(config, options.regions);
  const policy = resolvePolicy(config, directory);
  const partitions = huntPartitions(options, regions);
  const lake = options.source.dialect === 'cloudtrail-lake';

  // Group the accounts by identical policy so the query names each allowlist once.
  const groups = new Map<string, { policy: NetworkPolicy; accounts: string[] }>();
  for (const account of policy.accounts) {
    const key = JSON.stringify([account.networks, account.vpcEndpoints]);
    const group = groups.get(key) ?? { policy: account, accounts: [] };
    group.accounts.push(account.identity.id);
    groups.set(key, group);
  }
  const known = policy.accounts.map((a) => a.identity.id);
  const branches: string[] = [];
  for (const { policy: p, accounts } of groups.values()) {
    const outside = outsideCondition(p);
    if (outside !== undefined) branches.push(`(account_id IN ${sqlStringList(accounts)}${outside})`);
  }
  const fallback = outsideCondition(policy.default);
  if (fallback !== undefined) {
    branches.push(known.length > 0 ? `(account_id NOT IN ${sqlStringList(known)}${fallback})` : `(TRUE${fallback})`);
  }

  const where = [...partitionPredicates(options, partitions), ...recordPredicates(config, options, regions)];
  const sql = [
    `-- keywatch hunt: API calls with a watched access key from outside the allowed networks, ${iso(options.since)} to ${iso(options.until)}`,
    'WITH calls AS (',
    '  SELECT',
    `    eventid AS event_id,`,
    lake ? `    date_format(eventtime, '%Y-%m-%dT%H:%i:%sZ') AS event_time,` : '    eventtime AS event_time,',
    '    recipientaccountid AS account_id,',
    '    awsregion AS region,',
    '    useridentity.accesskeyid AS access_key_id,',
    '    useridentity.username AS user_name,',
    '    useridentity.arn AS principal_arn,',
    '    useridentity.type AS identity_type,',
    '    sourceipaddress AS source_ip,',
    '    eventsource AS event_source,',
    '    eventname AS event_name,',
    lake ? '    CAST(readonly AS VARCHAR) AS read_only,' : '    readonly AS read_only,',
    '    vpcendpointid AS vpc_endpoint_id,',
    '    useragent AS user_agent,',
    '    errorcode AS error_code,',
    '    CASE',
    `      WHEN length(sourceipaddress) <= 15 AND regexp_like(sourceipaddress, ${sqlString(IPV4_LIKE)})`,
    // event-ruler reads leading zeros as decimal (010.0.0.1 is 10.0.0.1); Trino rejects them, so strip them first.
    `        THEN try_cast(regexp_replace(sourceipaddress, '(^|\\.)0+([0-9])', '$1$2') AS IPADDRESS)`,
    `      WHEN regexp_like(sourceipaddress, ${sqlString(IPV6_LIKE)}) THEN try_cast(sourceipaddress AS IPADDRESS)`,
    '    END AS ip',
    `  FROM ${from(options.source)}`,
    `  WHERE ${where.join('\n    AND ')}`,
    '), located AS (',
    // Trino renders an IPv4 (or IPv4-mapped) value in dotted form and every other IPv6 value in hex: the family of the value.
    "  SELECT *, strpos(CAST(ip AS VARCHAR), ':') = 0 AS ipv4 FROM calls WHERE ip IS NOT NULL",
    ')',
    `SELECT ${HUNT_COLUMNS.join(', ')}`,
    'FROM located',
    `WHERE ${branches.length > 0 ? branches.join('\n   OR ') : 'FALSE'}`,
    'ORDER BY event_time, event_id',
  ].join('\n');
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (!lake && bytes > ATHENA_MAX_QUERY_BYTES) {
    throw new KeywatchError(
      `the hunt query is ${bytes} bytes, over Athena's limit of ${ATHENA_MAX_QUERY_BYTES}: hunt fewer accounts at a time (--accounts) or merge allowlist entries`,
    );
  }
  return { dialect: options.source.dialect, sql, partitions, policies: branches.length };
}

/** The regions a hunt reads: the deployed regions (where rules exist), or the asked subset; throws for a region that is not deployed. */
function huntRegions(config: KeywatchConfig, asked: readonly string[] | undefined): string[] {
  const deployed = [...new Set(config.deployment.regions)].sort();
  if (asked === undefined) return deployed;
  const outside = asked.filter((r) => !deployed.includes(r));
  if (outside.length > 0) {
    throw new KeywatchError(
      `--regions names ${outside.map((r) => `'${r}'`).join(', ')}, not in deployment.regions (${deployed.join(', ')}): keywatch has no rules there, so nothing would alert; choose from deployment.regions`,
    );
  }
  return [...new Set(asked)].sort();
}

/** The day partitions: from the day of `since` to the day after `until` (CloudTrail files land in the folder of their delivery day, minutes after the call). */
function huntPartitions(options: HuntOptions, regions: readonly string[]): HuntPartitions {
  const first = startOfDay(options.since);
  const last = startOfDay(options.until) + DAY_MS;
  return {
    accounts: options.accounts === undefined ? undefined : [...new Set(options.accounts)].sort(),
    regions,
    firstDay: dayText(first),
    lastDay: dayText(last),
    days: Math.round((last - first) / DAY_MS) + 1,
  };
}

function partitionPredicates(options: HuntOptions, partitions: HuntPartitions): string[] {
  const source = options.source;
  if (source.dialect === 'cloudtrail-lake') return [];
  const cols = source.partitionColumns;
  const out = [
    `${sqlIdentifier(cols.date)} BETWEEN ${sqlString(partitions.firstDay)} AND ${sqlString(partitions.lastDay)}`,
    `${sqlIdentifier(cols.region)} IN ${sqlStringList(partitions.regions)}`,
  ];
  if (partitions.accounts !== undefined) out.push(`${sqlIdentifier(cols.account)} IN ${sqlStringList(partitions.accounts)}`);
  return out;
}

/** The conditions every reported record meets besides its allowlist: time, API call, region, account, key and read-only. */
function recordPredicates(config: KeywatchConfig, options: HuntOptions, regions: readonly string[]): string[] {
  const lake = options.source.dialect === 'cloudtrail-lake';
  const out = [
    lake
      ? `eventtime BETWEEN ${lakeTimestamp(options.since)} AND ${lakeTimestamp(options.until)}`
      : `try(from_iso8601_timestamp(eventtime)) BETWEEN from_iso8601_timestamp(${sqlString(iso(options.since))}) AND from_iso8601_timestamp(${sqlString(iso(options.until))})`,
    `eventtype = ${sqlString(API_CALL_EVENT_TYPE)}`,
    // EventBridge needs these to build the event (simulate skips records without them).
    "eventid <> ''",
    "eventsource <> ''",
    `awsregion IN ${sqlStringList(regions)}`,
  ];
  if (options.accounts !== undefined) out.push(`recipientaccountid IN ${sqlStringList([...new Set(options.accounts)].sort())}`);
  else out.push("recipientaccountid <> ''");
  out.push(...keyPredicates(config.watch));
  if (!config.watch.readOnlyEvents) {
    // Rules in state ENABLED do not receive read-only management events (deliversTo in the engine).
    const exceptions = READ_ONLY_EXCEPTIONS.map((e) => {
      const [src, name] = e.split(':');
      return `(eventsource = ${sqlString(src)} AND eventname = ${sqlString(name)})`;
    });
    const readOnly = lake ? 'coalesce(readonly, false)' : "coalesce(readonly, '') = 'true'";
    out.push(`NOT (${readOnly} AND coalesce(eventcategory, '') <> 'Data' AND NOT (${exceptions.join(' OR ')}))`);
  }
  return out;
}

/** watch.accessKeys minus watch.excludeAccessKeys, as keyConditions compiles them for EventBridge. */
function keyPredicates(watch: KeywatchConfig['watch']): string[] {
  const key = 'useridentity.accesskeyid';
  const excluded = [...new Set(watch.excludeAccessKeys)].sort();
  if (Array.isArray(watch.accessKeys)) {
    const keys = [...new Set(watch.accessKeys)].filter((k) => !excluded.includes(k)).sort();
    if (keys.length === 0) {
      throw new KeywatchError(
        "'watch.accessKeys' lists only keys that 'watch.excludeAccessKeys' excludes: nothing would be watched; remove them from excludeAccessKeys",
      );
    }
    return [`${key} IN ${sqlStringList(keys)}`];
  }
  // "all": any key but "" (how CloudTrail hides a key); "long-term": AKIA… keys.
  const out = [watch.accessKeys === 'all' ? `${key} <> ''` : `${key} LIKE 'AKIA%'`];
  if (excluded.length > 0) out.push(`${key} NOT IN ${sqlStringList(excluded)}`);
  return out;
}

/**
 * " AND <not through an allowed VPC endpoint> AND <outside the networks>" for one policy, or undefined when the policy
 * allows every address (nothing can alert). Each network only applies to addresses of its own family (see compileHunt).
 */
function outsideCondition(p: NetworkPolicy): string | undefined {
  if (subtractNetworks(ALL_ADDRESSES, p.networks).length === 0) return undefined;
  let out = '';
  if (p.vpcEndpoints.length > 0) out += ` AND (vpc_endpoint_id IS NULL OR vpc_endpoint_id NOT IN ${sqlStringList(p.vpcEndpoints)})`;
  const v4 = p.networks.filter((n) => !n.includes(':')).map((n) => withPrefix(n, 32));
  const v6 = p.networks.filter((n) => n.includes(':')).map((n) => withPrefix(n, 128));
  const contains = (nets: string[]) => nets.map((n) => `contains(${sqlString(n)}, ip)`).join(' OR ');
  if (v4.length > 0) out += ` AND NOT (ipv4 AND (${contains(v4)}))`;
  if (v6.length > 0) out += ` AND NOT (NOT ipv4 AND (${contains(v6)}))`;
  return out;
}

function from(source: HuntSource): string {
  if (source.dialect === 'cloudtrail-lake') {
    if (!/^[A-Za-z0-9-]{1,128}$/.test(source.eventDataStore)) {
      throw new KeywatchError(
        `the CloudTrail Lake event data store ID must be the last part of its ARN (letters, digits and "-"); got '${source.eventDataStore}'`,
      );
    }
    return source.eventDataStore; // Lake takes the ID unquoted
  }
  return `${sqlIdentifier(source.database)}.${sqlIdentifier(source.table)}`;
}

function withPrefix(network: string, bits: number): string {
  return network.includes('/') ? network : `${network}/${bits}`;
}

const DAY_MS = 86_400_000;

function startOfDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** yyyy/MM/dd of a UTC day start, the format of the trail's date folders. */
function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}

function iso(d: Date): string {
  return d.toISOString();
}

/** A Trino TIMESTAMP literal (UTC, millisecond precision), the type of CloudTrail Lake's eventtime. */
function lakeTimestamp(d: Date): string {
  return `TIMESTAMP ${sqlString(d.toISOString().replace('T', ' ').replace('Z', ''))}`;
}
