/** The SQL dialect a hunt query is written for. */
export type HuntDialect = 'athena' | 'cloudtrail-lake';

/** Where the query reads CloudTrail from: an Athena (Glue) table partitioned by account, region and day, or a CloudTrail Lake event data store. */
export type HuntSource =
  | {
      readonly dialect: 'athena';
      /** Glue database. */
      readonly database: string;
      /** CloudTrail table. */
      readonly table: string;
      /** Partition column names: account ID, region, day (yyyy/MM/dd strings). */
      readonly partitionColumns: { readonly account: string; readonly region: string; readonly date: string };
    }
  | {
      readonly dialect: 'cloudtrail-lake';
      /** The event data store ID (the last part of its ARN). */
      readonly eventDataStore: string;
    };

/** The partitions a hunt query reads: what bounds its scan. */
export interface HuntPartitions {
  /** Account IDs read; undefined = every account of the table. */
  readonly accounts?: readonly string[];
  /** Regions read (the deployed regions, or the subset asked for). */
  readonly regions: readonly string[];
  /** First and last day partition read (yyyy/MM/dd), inclusive, and how many days that is. */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly days: number;
}

/** A compiled hunt: one SELECT and what it reads. */
export interface HuntQuery {
  readonly dialect: HuntDialect;
  /** The query text. */
  readonly sql: string;
  /** The partitions it reads (for Athena; CloudTrail Lake has none, the same values bound its time and account filters). */
  readonly partitions: HuntPartitions;
  /** Distinct allowlists the query checks (accounts sharing a policy share one condition), the default included. */
  readonly policies: number;
}

/**
 * The columns of every hunt result row, in order, all strings (null when the record lacks the field): the contract
 * between the SQL compiler and the code that reads results.
 */
export const HUNT_COLUMNS = [
  'event_id',
  'event_time',
  'account_id',
  'region',
  'access_key_id',
  'user_name',
  'principal_arn',
  'identity_type',
  'source_ip',
  'event_source',
  'event_name',
  'read_only',
  'vpc_endpoint_id',
  'user_agent',
  'error_code',
] as const;

/** One column of HUNT_COLUMNS. */
export type HuntColumn = (typeof HUNT_COLUMNS)[number];
