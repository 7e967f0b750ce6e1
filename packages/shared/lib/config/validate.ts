import type { AccountsDirectory, DirectoryAccount } from '../accounts/directory';
import { ouChain } from '../accounts/directory';
import type { ConfigIssue } from '../errors';
import type { KeywatchConfig } from './schema';
import { regionPartition } from './regions';
import { closest } from './suggest';

/** What validateConfig found: errors stop the deployment, warnings ("<path>: <message>") are printed. */
export interface ConfigValidation {
  /** Problems that must be fixed, in config order. */
  readonly errors: ConfigIssue[];
  /** Non-fatal problems. */
  readonly warnings: string[];
}

/** Options of validateConfig. */
export interface ValidateConfigOptions {
  /** The current time, for the directory age warning. @default new Date() */
  readonly now?: Date;
  /** Age in days above which the directory is reported stale. @default 30 */
  readonly maxDirectoryAgeDays?: number;
}

const NEEDS_DIRECTORY = 'needs an accounts directory: set `accounts:` to the file written by `keywatch accounts sync`';
const INACTIVE = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

/** Checks what the schema cannot: references, duplicates, conflicts, empty allowlists (LZA-style, every problem at once); the directory is optional, `now` defaults to the current time. */
export function validateConfig(config: KeywatchConfig, directory?: AccountsDirectory, options: ValidateConfigOptions = {}): ConfigValidation {
  const errors: ConfigIssue[] = [];
  const warnings: string[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });
  const warn = (path: string, message: string) => warnings.push(`${path}: ${message}`);

  checkAllowlists(config, error, warn);
  checkDuplicates(config, error);
  checkWatch(config, error);
  checkDeployment(config, error, warn);
  if (directory) {
    checkDirectory(config, directory, error, warn, options);
  } else {
    checkWithoutDirectory(config, error);
  }
  return { errors, warnings };
}

type Report = (path: string, message: string) => void;

function checkAllowlists(config: KeywatchConfig, error: Report, warn: Report): void {
  if (config.allow.networks.length === 0) {
    error(
      'allow.networks',
      'must list at least one network: every account inherits this default allowlist; list your office, VPN and NAT egress networks (e.g. "203.0.113.0/24")',
    );
  }
  const sections = [
    ...config.allow.organizationalUnits.map((s, i) => ({ s, path: `allow.organizationalUnits[${i}]`, who: `the accounts in OU '${s.path}'` })),
    ...config.allow.accounts.map((s, i) => ({ s, path: `allow.accounts[${i}]`, who: `account '${s.account}'` })),
  ];
  for (const { s, path, who } of sections) {
    if (s.networks.length > 0 || s.vpcEndpoints.length > 0) {
      continue;
    }
    if (s.mode === 'replace') {
      error(
        path,
        `mode "replace" with no networks and no vpcEndpoints leaves ${who} with an empty allowlist, so every call would alert; list their networks, or remove the section to inherit`,
      );
    } else {
      warn(path, `adds no networks and no vpcEndpoints; remove the section or list what ${who} may use`);
    }
  }
}

function checkDuplicates(config: KeywatchConfig, error: Report): void {
  const lists: [string, readonly string[], string][] = [
    ['deployment.regions', config.deployment.regions, 'region'],
    ['deployment.organizationalUnits', config.deployment.organizationalUnits, 'target'],
    ['allow.networks', config.allow.networks, 'network'],
    ['allow.vpcEndpoints', config.allow.vpcEndpoints, 'VPC endpoint'],
    ['allow.organizationalUnits', config.allow.organizationalUnits.map((s) => s.path), 'OU section'],
    ['notify.email', config.notify.email, 'e-mail address'],
    ['watch.excludeAccessKeys', config.watch.excludeAccessKeys, 'key'],
  ];
  if (Array.isArray(config.watch.accessKeys)) {
    lists.push(['watch.accessKeys', config.watch.accessKeys, 'key']);
  }
  config.notify.accounts.forEach((n, i) => lists.push([`notify.accounts[${i}].email`, n.email, 'e-mail address']));
  for (const [path, values, what] of lists) {
    forEachDuplicate(values, (value, first, index) => {
      const suffix = path === 'allow.organizationalUnits' ? '.path' : '';
      error(
        `${path}[${index}]${suffix}`,
        `duplicate ${what} '${value}' (first at ${path}[${first}]${suffix}); remove one${what === 'OU section' ? ' or merge the two sections' : ''}`,
      );
    });
  }
}

function checkWatch(config: KeywatchConfig, error: Report): void {
  const { accessKeys, excludeAccessKeys } = config.watch;
  excludeAccessKeys.forEach((key, i) => {
    if (Array.isArray(accessKeys) && accessKeys.includes(key)) {
      error(
        `watch.excludeAccessKeys[${i}]`,
        `'${key}' is also listed in watch.accessKeys; a key cannot be both watched and excluded, remove it from one of the lists`,
      );
    }
    if (accessKeys === 'long-term' && key.startsWith('ASIA')) {
      error(
        `watch.excludeAccessKeys[${i}]`,
        `'${key}' is a temporary (ASIA…) key, which watch.accessKeys "long-term" never watches; remove it, or set watch.accessKeys to "all"`,
      );
    }
  });
}

function checkDeployment(config: KeywatchConfig, error: Report, warn: Report): void {
  if (config.deployment.delegatedAdmin && config.central.account === config.organization.managementAccount) {
    error(
      'deployment.delegatedAdmin',
      `is true but central.account is the management account ${config.organization.managementAccount}, which cannot be a delegated administrator; set delegatedAdmin: false, or use a separate security account as central.account`,
    );
  }
  const centralPartition = regionPartition(config.central.region);
  config.deployment.regions.forEach((region, i) => {
    const partition = regionPartition(region);
    if (partition !== undefined && centralPartition !== undefined && partition !== centralPartition) {
      error(
        `deployment.regions[${i}]`,
        `${region} is in partition ${partition}, central.region ${config.central.region} in ${centralPartition}; events cannot be forwarded across partitions, so deploy a separate keywatch per partition`,
      );
    }
  });
  if (!config.deployment.regions.includes('us-east-1')) {
    warn(
      'deployment.regions',
      'does not include us-east-1, where IAM, global STS and console sign-in events are recorded; add us-east-1 or those calls are never seen',
    );
  }
  if (!config.deployment.regions.includes(config.central.region)) {
    warn(
      'central.region',
      `${config.central.region} is not in deployment.regions, so calls made in ${config.central.region} are not watched; add it to deployment.regions`,
    );
  }
}

function checkWithoutDirectory(config: KeywatchConfig, error: Report): void {
  config.allow.organizationalUnits.forEach((s, i) => error(`allow.organizationalUnits[${i}].path`, `OU section '${s.path}' ${NEEDS_DIRECTORY}`));
  for (const [path, ref] of accountRefs(config)) {
    if (!/^\d{12}$/.test(ref)) {
      error(path, `'${ref}' is not a 12-digit account ID; referring to accounts by name ${NEEDS_DIRECTORY}`);
    }
  }
  forEachDuplicate(
    config.allow.accounts.map((s) => s.account),
    (ref, first, i) =>
      error(`allow.accounts[${i}].account`, `duplicate account section for '${ref}' (first at allow.accounts[${first}]); merge the two sections`),
  );
  forEachDuplicate(
    config.notify.accounts.map((s) => s.account),
    (ref, first, i) =>
      error(`notify.accounts[${i}].account`, `duplicate entry for account '${ref}' (first at notify.accounts[${first}]); merge the e-mail lists`),
  );
}

function checkDirectory(config: KeywatchConfig, directory: AccountsDirectory, error: Report, warn: Report, options: ValidateConfigOptions): void {
  const accounts = directory.accounts;
  forEachDuplicate(
    accounts.map((a) => a.id),
    (id, first, i) =>
      error(
        'accounts',
        `the accounts directory lists account ID ${id} twice (accounts[${first}] and accounts[${i}]); run \`keywatch accounts sync\` again or remove one`,
      ),
  );
  forEachDuplicate(
    accounts.map((a) => a.name),
    (name, first, i) =>
      error(
        'accounts',
        `the accounts directory has two accounts named '${name}' (accounts[${first}] and accounts[${i}]); names must be unique to be referenced, rename one`,
      ),
  );
  if (directory.organizationId !== undefined && directory.organizationId !== config.organization.id) {
    error(
      'organization.id',
      `is '${config.organization.id}' but the accounts directory was synced from '${directory.organizationId}'; fix organization.id or run \`keywatch accounts sync\` in the right organization`,
    );
  }

  const find = (ref: string): DirectoryAccount | undefined => accounts.find((a) => a.id === ref) ?? accounts.find((a) => a.name === ref);
  const mustExist = (path: string, ref: string, role: string): DirectoryAccount | undefined => {
    const account = find(ref);
    if (!account) {
      const hint = closest(ref, [...accounts.map((a) => a.name), ...accounts.map((a) => a.id)]);
      error(
        path,
        `${role}'${ref}' is not an account ID or name in the accounts directory${hint ? ` (did you mean '${hint}'?)` : ''}; fix the reference, or run \`keywatch accounts sync\` if the account is new`,
      );
    } else if (INACTIVE.has(account.status)) {
      warn(path, `account '${ref}' (${account.id}) is ${account.status} in the accounts directory; remove the reference once it is closed`);
    }
    return account;
  };
  mustExist('organization.managementAccount', config.organization.managementAccount, 'the management account ');
  mustExist('central.account', config.central.account, 'the central account ');

  const resolvedIds = (list: readonly { account: string }[], prefix: string) =>
    list.map((s, i) => mustExist(`${prefix}[${i}].account`, s.account, '')?.id ?? `?${i}`);
  forEachDuplicate(resolvedIds(config.allow.accounts, 'allow.accounts'), (id, first, i) =>
    error(`allow.accounts[${i}].account`, `duplicate account section for account ${id} (first at allow.accounts[${first}]); merge the two sections`),
  );
  forEachDuplicate(resolvedIds(config.notify.accounts, 'notify.accounts'), (id, first, i) =>
    error(`notify.accounts[${i}].account`, `duplicate entry for account ${id} (first at notify.accounts[${first}]); merge the e-mail lists`),
  );

  const ouPaths = new Set(accounts.flatMap((a) => ouChain(a.organizationalUnit)));
  config.allow.organizationalUnits.forEach((s, i) => {
    if (!ouPaths.has(s.path)) {
      const hint = closest(s.path, ouPaths);
      error(
        `allow.organizationalUnits[${i}].path`,
        `'${s.path}' is not an OU path in the accounts directory${hint ? ` (did you mean '${hint}'?)` : ''}; known OU paths: ${[...ouPaths].sort().join(', ') || '(none)'}`,
      );
    }
  });

  checkDirectoryAge(directory, warn, options);
}

function checkDirectoryAge(directory: AccountsDirectory, warn: Report, options: ValidateConfigOptions): void {
  const maxDays = options.maxDirectoryAgeDays ?? 30;
  if (directory.syncedAt === undefined) {
    warn('accounts', 'the accounts directory has no syncedAt, so its age is unknown; run `keywatch accounts sync` to refresh it');
    return;
  }
  const now = options.now ?? new Date();
  const days = Math.floor((now.getTime() - Date.parse(directory.syncedAt)) / 86_400_000);
  if (days > maxDays) {
    warn(
      'accounts',
      `the accounts directory was synced ${days} days ago (${directory.syncedAt}); run \`keywatch accounts sync\` so new accounts get their names and owners`,
    );
  }
}

function accountRefs(config: KeywatchConfig): [string, string][] {
  return [
    ...config.allow.accounts.map((s, i): [string, string] => [`allow.accounts[${i}].account`, s.account]),
    ...config.notify.accounts.map((s, i): [string, string] => [`notify.accounts[${i}].account`, s.account]),
  ];
}

function forEachDuplicate(values: readonly string[], report: (value: string, first: number, index: number) => void): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
    } else if (!value.startsWith('?')) {
      report(value, first, index);
    }
  });
}
