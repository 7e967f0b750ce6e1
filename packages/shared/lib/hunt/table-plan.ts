import type { AccountsDirectory } from '../accounts/directory';
import type { KeywatchConfig } from '../config/schema';
import { KeywatchError } from '../errors';

/** What the hunting table and workgroup are made of, computed from the configuration (HuntStack connects it). */
export interface HuntTablePlan {
  /** The account and region of the table, workgroup and results bucket. */
  readonly account: string;
  readonly region: string;
  readonly database: string;
  readonly table: string;
  readonly workgroup: string;
  /** The table LOCATION: s3://<bucket>/<prefix>/AWSLogs/<org-id>/. */
  readonly location: string;
  /** storage.location.template: the location of one account/region/day partition. */
  readonly locationTemplate: string;
  /** Partition column names: account, region, day. */
  readonly partitionColumns: { readonly account: string; readonly region: string; readonly date: string };
  /** The account enum: every account of the directory (any status: their history stays in the trail), the management and security accounts and the accounts the config names by ID, sorted. */
  readonly accounts: readonly string[];
  /** The region enum: deployment.regions, sorted. */
  readonly regions: readonly string[];
  /** First day of the date projection (yyyy/MM/dd); the range ends at NOW. */
  readonly startDate: string;
  /** Bytes a query may scan before Athena cancels it. */
  readonly bytesScannedCutoff: number;
  readonly resultsRetentionDays: number;
}

/** Athena's smallest BytesScannedCutoffPerQuery (10 MB). */
export const ATHENA_MIN_SCAN_CUTOFF = 10_000_000;

/** The hunting table plan for a config whose hunt section asks keywatch to deploy it; throws when it does not. */
export function huntTablePlan(config: KeywatchConfig, directory?: AccountsDirectory): HuntTablePlan {
  const hunt = config.hunt;
  if (!hunt?.deploy || !hunt.trail) {
    throw new KeywatchError("huntTablePlan needs 'hunt.deploy: true' and 'hunt.trail'; keywatch deploys no hunting table otherwise");
  }
  const prefix = hunt.trail.prefix ? `${hunt.trail.prefix}/` : '';
  const location = `s3://${hunt.trail.bucket}/${prefix}AWSLogs/${config.organization.id}/`;
  const cols = hunt.partitionColumns;
  const ids = new Set<string>([config.organization.managementAccount, config.central.account]);
  for (const a of directory?.accounts ?? []) ids.add(a.id);
  for (const s of [...config.allow.accounts, ...config.notify.accounts]) if (/^\d{12}$/.test(s.account)) ids.add(s.account);
  return {
    account: hunt.account ?? config.central.account,
    region: hunt.region ?? config.central.region,
    database: hunt.database,
    table: hunt.table,
    workgroup: hunt.workgroup,
    location,
    locationTemplate: `${location}\${${cols.account}}/CloudTrail/\${${cols.region}}/\${${cols.date}}`,
    partitionColumns: cols,
    accounts: [...ids].sort(),
    regions: [...new Set(config.deployment.regions)].sort(),
    startDate: hunt.trail.startDate,
    bytesScannedCutoff: Math.max(ATHENA_MIN_SCAN_CUTOFF, hunt.maxScanGigabytes * 1_000_000_000),
    resultsRetentionDays: hunt.resultsRetentionDays,
  };
}
