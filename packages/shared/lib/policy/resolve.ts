import type { AccountsDirectory, DirectoryAccount } from '../accounts/directory';
import { accountOwner, ouChain } from '../accounts/directory';
import type { KeywatchConfig } from '../config/schema';
import type { AccountIdentity } from '../compiler/types';
import { intersectNetworks, unionNetworks } from '../net/sets';

/** Where calls of one account may come from. */
export interface NetworkPolicy {
  /** Allowed IPv4/IPv6 networks, merged. */
  readonly networks: readonly string[];
  /** VPC endpoint IDs through which calls are allowed whatever their source IP, sorted. */
  readonly vpcEndpoints: readonly string[];
}

/** The effective policy of one known account. */
export interface AccountPolicy extends NetworkPolicy {
  readonly identity: AccountIdentity;
  /** Extra e-mail recipients for this account's alerts (notify.accounts). */
  readonly extraRecipients: readonly string[];
}

/** Every account's effective allowlist, the default for accounts not in the directory, and what all of them share. */
export interface ResolvedPolicy {
  /** The organization default (allow.networks / allow.vpcEndpoints): the policy of accounts not in the directory. */
  readonly default: NetworkPolicy;
  /** Known accounts (ACTIVE directory accounts, plus accounts referenced by ID when there is no directory), sorted by ID. */
  readonly accounts: readonly AccountPolicy[];
  /** The intersection of the default and every account's policy: what the shared sender rule can filter on. */
  readonly common: NetworkPolicy;
}

type Section = { readonly mode: 'extend' | 'replace'; readonly networks: readonly string[]; readonly vpcEndpoints: readonly string[] };

/** Resolves each account's allowlist: org default → OU sections outermost first → account section (extend adds, replace discards the inherited). */
export function resolvePolicy(config: KeywatchConfig, directory?: AccountsDirectory): ResolvedPolicy {
  const defaults: NetworkPolicy = normalize(config.allow.networks, config.allow.vpcEndpoints);
  const byRef = accountLookup(directory);
  const known = knownAccounts(config, directory);

  const accounts = known.map((account): AccountPolicy => {
    let networks = [...defaults.networks];
    let vpcEndpoints = [...defaults.vpcEndpoints];
    const apply = (section: Section) => {
      if (section.mode === 'replace') {
        networks = [];
        vpcEndpoints = [];
      }
      networks.push(...section.networks);
      vpcEndpoints.push(...section.vpcEndpoints);
    };
    for (const path of ouChain(account.organizationalUnit)) {
      config.allow.organizationalUnits.filter((s) => s.path === path).forEach(apply);
    }
    config.allow.accounts.filter((s) => byRef(s.account)?.id === account.id).forEach(apply);
    const extraRecipients = config.notify.accounts.filter((n) => byRef(n.account)?.id === account.id).flatMap((n) => n.email);
    return {
      identity: { id: account.id, name: account.name, ouPath: account.organizationalUnit, owner: accountOwner(account) },
      ...normalize(networks, vpcEndpoints),
      extraRecipients: [...new Set(extraRecipients)].sort(),
    };
  });

  let common: NetworkPolicy = defaults;
  for (const account of accounts) {
    common = {
      networks: intersectNetworks(common.networks, account.networks),
      vpcEndpoints: common.vpcEndpoints.filter((v) => account.vpcEndpoints.includes(v)),
    };
  }
  return { default: defaults, accounts, common };
}

function normalize(networks: readonly string[], vpcEndpoints: readonly string[]): NetworkPolicy {
  return { networks: unionNetworks(networks), vpcEndpoints: [...new Set(vpcEndpoints)].sort() };
}

/** Directory accounts that get their own alert rule: ACTIVE ones; without a directory, the accounts the config names by ID. */
function knownAccounts(config: KeywatchConfig, directory?: AccountsDirectory): DirectoryAccount[] {
  if (directory) {
    return directory.accounts.filter((a) => a.status === 'ACTIVE').sort((a, b) => a.id.localeCompare(b.id));
  }
  const ids = new Set([...config.allow.accounts, ...config.notify.accounts].map((s) => s.account).filter((ref) => /^\d{12}$/.test(ref)));
  return [...ids].sort().map((id) => ({ id, name: id, email: '', status: 'ACTIVE', organizationalUnit: '', tags: {} }));
}

/** Finds a directory account by ID or by name. */
function accountLookup(directory?: AccountsDirectory): (ref: string) => { id: string } | undefined {
  // One map of IDs and names, the first account in directory order winning (what a find() over the list returned): a
  // linear scan per lookup made resolving 5,000 accounts with a few hundred sections take minutes.
  const byIdOrName = new Map<string, DirectoryAccount>();
  for (const a of directory?.accounts ?? []) {
    if (!byIdOrName.has(a.id)) byIdOrName.set(a.id, a);
    if (!byIdOrName.has(a.name)) byIdOrName.set(a.name, a);
  }
  return (ref) => {
    const found = byIdOrName.get(ref);
    if (found) {
      return found;
    }
    return !directory && /^\d{12}$/.test(ref) ? { id: ref } : undefined;
  };
}
