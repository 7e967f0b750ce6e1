// The large-organization generator lives in scripts/bench/scale-org.js so `npm run bench` (plain Node) uses the same one; these are its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/bench/scale-org') as {
  writeScaleOrg: (
    dir: string,
    accounts: number,
    options?: { shards?: number; seed?: number },
  ) => { configFile: string; directoryFile: string; accountIds: string[] };
  accountIds: (n: number, seed?: number) => string[];
};

/** Writes keywatch.yml and accounts.yml of a deterministic organization of `accounts` accounts × 17 regions into `dir` (default: one bus). */
export const writeScaleOrg = generator.writeScaleOrg;

/** `n` distinct 12-digit account IDs from seed `seed` (default 7), never 111111111111 or 222222222222. */
export const accountIds = generator.accountIds;
