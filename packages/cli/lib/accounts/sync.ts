import {
  DescribeOrganizationCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
  type Account,
} from '@aws-sdk/client-organizations';
import {
  ACCOUNT_STATUSES,
  AccountsDirectorySchema,
  DirectoryAccountSchema,
  KeywatchError,
  type AccountsDirectory,
  type DirectoryAccount,
} from '@keywatch/shared';
import { z } from 'zod';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { withAwsErrors } from '../aws/errors';

/** Options of syncAccountsDirectory. */
export interface SyncAccountsOptions {
  /**
   * Organization the credentials must belong to; a different one is an error.
   * @default - any organization
   */
  readonly expectedOrganizationId?: string;
  /**
   * Organizations calls in flight at once (its API quotas are low; the SDK retries throttled calls).
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Clock for syncedAt.
   * @default - the current time
   */
  readonly now?: () => Date;
  /**
   * Profile name, for error messages only.
   * @default - the default credential chain
   */
  readonly profile?: string;
  /**
   * Called for each account left out of the directory (its data cannot be written), with a sentence naming its ID.
   * @default - ignored
   */
  readonly onWarning?: (message: string) => void;
}

type Status = DirectoryAccount['status'];
const STATUSES: readonly Status[] = ACCOUNT_STATUSES;

/** The directory status of an Organizations account: its State (Status was retired on 2026-09-09), else Status; unknown values count as SUSPENDED. */
export function accountStatus(account: Pick<Account, 'State' | 'Status'>): Status {
  const raw = (account.State ?? account.Status ?? 'ACTIVE') as string;
  return (STATUSES as readonly string[]).includes(raw) ? (raw as Status) : 'SUSPENDED';
}

interface Parent {
  readonly id: string;
  readonly path: string;
}

/**
 * Reads the whole organization into an accounts directory (sorted by id, tags sorted by key, syncedAt now).
 * Walks the OU tree from the root with ListOrganizationalUnitsForParent and lists each parent's accounts with
 * ListAccountsForParent: the walk is needed anyway for OU names, and costs 2 calls per OU instead of one
 * ListParents call per account; then one ListTagsForResource per account. Every listing is paginated.
 */
export async function syncAccountsDirectory(clients: AwsClients, options: SyncAccountsOptions = {}): Promise<AccountsDirectory> {
  const org = clients.organizations();
  const concurrency = options.concurrency ?? 4;
  const call = <T>(operation: string, fn: () => Promise<T>) => withAwsErrors({ operation: `organizations:${operation}`, profile: options.profile }, fn);

  const description = await call('DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})));
  const organizationId = description.Organization?.Id;
  if (!organizationId) {
    throw new KeywatchError('AWS Organizations returned no organization ID; run from the management account of an organization.');
  }
  if (options.expectedOrganizationId && organizationId !== options.expectedOrganizationId) {
    throw new KeywatchError(
      `The credentials belong to organization ${organizationId}, but organization.id is '${options.expectedOrganizationId}'; use a profile of the right organization or fix organization.id.`,
    );
  }

  const roots = await call('ListRoots', async () => {
    const ids: string[] = [];
    for await (const page of paginateListRoots({ client: org }, {})) {
      for (const r of page.Roots ?? []) if (r.Id) ids.push(r.Id);
    }
    return ids;
  });

  const found: { account: Account; path: string }[] = [];
  let level: Parent[] = roots.map((id) => ({ id, path: '' }));
  while (level.length > 0) {
    const children = await mapWithConcurrency(
      level,
      async (parent) => {
        const ous: Parent[] = [];
        await call('ListOrganizationalUnitsForParent', async () => {
          for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id })) {
            for (const ou of page.OrganizationalUnits ?? []) {
              if (ou.Id && ou.Name) ous.push({ id: ou.Id, path: parent.path === '' ? ou.Name : `${parent.path}/${ou.Name}` });
            }
          }
        });
        await call('ListAccountsForParent', async () => {
          for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parent.id })) {
            for (const account of page.Accounts ?? []) found.push({ account, path: parent.path });
          }
        });
        return ous;
      },
      concurrency,
    );
    level = children.flat();
  }

  found.sort((a, b) => (a.account.Id ?? '').localeCompare(b.account.Id ?? ''));
  const accounts = await mapWithConcurrency(
    found,
    async ({ account, path }): Promise<DirectoryAccount> => ({
      id: account.Id ?? '',
      name: account.Name ?? '',
      email: account.Email ?? '',
      status: accountStatus(account),
      organizationalUnit: path,
      tags: await listTags(clients, account.Id ?? '', call),
    }),
    concurrency,
  );

  // one account AWS returns with data the directory cannot hold must not cost the whole organization its names
  const writable = accounts.filter((a) => {
    const check = DirectoryAccountSchema.safeParse(a);
    if (check.success) return true;
    const fields = [...new Set(check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))].join('; ');
    options.onWarning?.(
      `account ${a.id || '(no ID)'} is left out of the directory (${fields}); its alerts use the generic text until it is fixed in AWS Organizations`,
    );
    return false;
  });
  const directory = { syncedAt: (options.now ?? (() => new Date()))().toISOString(), organizationId, accounts: writable };
  const parsed = AccountsDirectorySchema.safeParse(directory);
  if (!parsed.success) {
    throw new KeywatchError(`The organization cannot be written as an accounts directory:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

async function listTags(
  clients: AwsClients,
  accountId: string,
  call: <T>(operation: string, fn: () => Promise<T>) => Promise<T>,
): Promise<Record<string, string>> {
  const tags: [string, string][] = [];
  await call('ListTagsForResource', async () => {
    for await (const page of paginateListTagsForResource({ client: clients.organizations() }, { ResourceId: accountId })) {
      for (const t of page.Tags ?? []) if (t.Key !== undefined) tags.push([t.Key, t.Value ?? '']);
    }
  });
  tags.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(tags);
}
