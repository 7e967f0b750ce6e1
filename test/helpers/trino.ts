// The Trino harness lives in scripts/oracles/lib/trino-server.js so `npm run bench` (plain Node) uses the same one; these are its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require('../../scripts/oracles/lib/trino-server') as TrinoHarness;

/** The answer to one statement. */
export interface TrinoResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** A running Trino 476 server on 127.0.0.1 with the `hive` catalog over `dataDir`. */
export interface TrinoServer {
  /** http://127.0.0.1:<port>. */
  readonly url: string;
  /** Seconds from spawn to the first answered query. */
  readonly startSeconds: number;
  /** The directory the hive catalog's `local:///` URIs point to. */
  readonly dataDir: string;
  /** Runs one statement; throws with Trino's message on failure. */
  query(sql: string, session?: Readonly<Record<string, string>>): Promise<TrinoResult>;
  /** Stops the server and removes its temporary files. */
  stop(): Promise<void>;
}

/** The CloudTrail table of the hunting construct, as createHuntTable makes it. */
export interface HuntTableSpec {
  readonly schema: string;
  readonly table: string;
  /** Folder under the server's data directory that holds AWSLogs/. */
  readonly folder: string;
  readonly orgId: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

interface TrinoHarness {
  trinoInstall(): { home: string; javaHome: string } | undefined;
  startTrino(install: { home: string; javaHome: string }, dataDir?: string, timeoutMs?: number): Promise<TrinoServer>;
  createHuntTable(trino: TrinoServer, spec: HuntTableSpec, lakeView?: string): Promise<void>;
  HUNT_SESSION: Readonly<Record<string, string>>;
}

/** The installed server and Java (scripts/oracles/trino.sh); undefined when not installed. */
export const trinoInstall = harness.trinoInstall;
/** Starts Trino over `dataDir` (default: a temporary directory); resolves once it answers SELECT 1. */
export const startTrino = harness.startTrino;
/** Creates the partition-projected CloudTrail table (and a CloudTrail Lake-typed view when `lakeView` is given). */
export const createHuntTable = harness.createHuntTable;
/** Session properties of every hunt query (hive.ignore_absent_partitions, Athena's "no folder, no rows"). */
export const HUNT_SESSION = harness.HUNT_SESSION;
