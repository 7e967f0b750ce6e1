import type { TrinoServer } from './trino';

/** The CloudTrail columns of Athena's documented table (create-cloudtrail-table.html), the ones hunt reads and a few more; every scalar is a string. */
const CLOUDTRAIL_COLUMNS = [
  'eventversion varchar',
  'useridentity ROW(type varchar, principalid varchar, arn varchar, accountid varchar, invokedby varchar, accesskeyid varchar, username varchar)',
  'eventtime varchar',
  'eventsource varchar',
  'eventname varchar',
  'awsregion varchar',
  'sourceipaddress varchar',
  'useragent varchar',
  'errorcode varchar',
  'errormessage varchar',
  'requestparameters varchar',
  'responseelements varchar',
  'requestid varchar',
  'eventid varchar',
  'eventtype varchar',
  'readonly varchar',
  'recipientaccountid varchar',
  'sharedeventid varchar',
  'vpcendpointid varchar',
  'vpcendpointaccountid varchar',
  'eventcategory varchar',
];

/** What the Athena table of the hunting construct looks like, as Trino DDL over `local:///<folder>/AWSLogs/<org>` (JSON Lines, OPENX_JSON, projected account/region/day). */
export interface HuntTableSpec {
  readonly schema: string;
  readonly table: string;
  /** Folder under the server's data directory that holds AWSLogs/. */
  readonly folder: string;
  readonly orgId: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** Creates the schema and the partition-projected CloudTrail table, and a CloudTrail Lake-typed view of it named `lakeView` (eventtime timestamp, readonly boolean). */
export async function createHuntTable(trino: TrinoServer, spec: HuntTableSpec, lakeView?: string): Promise<void> {
  const q = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const base = `local:///${spec.folder}/AWSLogs/${spec.orgId}`;
  await trino.query(`CREATE SCHEMA IF NOT EXISTS hive.${spec.schema}`);
  await trino.query(`DROP TABLE IF EXISTS hive.${spec.schema}.${spec.table}`);
  await trino.query(
    [
      `CREATE TABLE hive.${spec.schema}.${spec.table} (`,
      `  ${CLOUDTRAIL_COLUMNS.join(',\n  ')},`,
      `  account varchar WITH (partition_projection_type = 'enum', partition_projection_values = ${q(spec.accounts)}),`,
      `  region varchar WITH (partition_projection_type = 'enum', partition_projection_values = ${q(spec.regions)}),`,
      `  day varchar WITH (partition_projection_type = 'date', partition_projection_format = 'yyyy/MM/dd', partition_projection_range = ARRAY['2026/10/01', '2026/12/31'], partition_projection_interval = 1, partition_projection_interval_unit = 'DAYS')`,
      ') WITH (',
      `  format = 'OPENX_JSON', external_location = '${base}', partitioned_by = ARRAY['account', 'region', 'day'],`,
      `  partition_projection_enabled = true, partition_projection_location_template = '${base}/\${account}/CloudTrail/\${region}/\${day}'`,
      ')',
    ].join('\n'),
  );
  if (lakeView) {
    await trino.query(
      `CREATE OR REPLACE VIEW hive.${spec.schema}.${lakeView} AS SELECT eventid, CAST(from_iso8601_timestamp(eventtime) AT TIME ZONE 'UTC' AS timestamp(3)) AS eventtime, ` +
        "recipientaccountid, awsregion, useridentity, sourceipaddress, eventsource, eventname, readonly = 'true' AS readonly, vpcendpointid, useragent, errorcode, eventtype, eventcategory " +
        `FROM hive.${spec.schema}.${spec.table}`,
    );
  }
}

/** Session properties every hunt query runs with: Athena returns no rows and no error for a projected partition with no folder. */
export const HUNT_SESSION = { 'hive.ignore_absent_partitions': 'true' } as const;
