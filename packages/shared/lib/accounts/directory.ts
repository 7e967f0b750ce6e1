import { z } from 'zod';
import { AccountId, OrganizationalUnitPath, OrganizationId } from '../config/schema';

/** Tag keys read from account tags to route alerts to an account's owner. */
export const OWNER_TAGS = { email: 'keywatch:owner-email', name: 'keywatch:owner' } as const;

/** Every account State AWS Organizations reports, in the order the directory schema lists them. */
export const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION'] as const;

const ACCOUNT_EMAIL_RULE = 'must be an e-mail address such as "secops@example.com"';

/** One account of the accounts directory file. */
export const DirectoryAccountSchema = z.strictObject({
  id: AccountId,
  name: z
    .string({ error: 'must be the account name as a string' })
    .min(1, { error: 'must be the account name (1-50 characters)' })
    .max(50, { error: 'must be the account name (1-50 characters)' })
    .meta({ description: 'The account name; config sections may refer to the account by it.' }),
  // what AWS Organizations accepts (its Account.Email pattern), not the stricter e-mail check of notify.email
  email: z
    .string({ error: ACCOUNT_EMAIL_RULE })
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: ACCOUNT_EMAIL_RULE })
    .meta({ description: "The account's root e-mail address, as AWS Organizations has it." }),
  /** The account State as AWS Organizations reports it (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION); default ACTIVE. */
  status: z
    .enum(ACCOUNT_STATUSES, {
      error: `must be ${ACCOUNT_STATUSES.slice(0, -1)
        .map((s) => `"${s}"`)
        .join(', ')} or "${ACCOUNT_STATUSES[ACCOUNT_STATUSES.length - 1]}" (the account State in AWS Organizations)`,
    })
    .default('ACTIVE')
    .meta({ description: 'The account State in AWS Organizations; default ACTIVE.' }),
  /** OU path by names below the root ("Workloads/Prod"); "" for an account directly under the root. */
  organizationalUnit: z
    .union([z.literal(''), OrganizationalUnitPath], {
      error: 'must be an OU path of names such as "Workloads/Prod", or "" for an account directly under the root',
    })
    .meta({ description: 'OU path by names below the root ("Workloads/Prod"); "" for an account directly under the root.' }),
  /** Account tags; keywatch:owner and keywatch:owner-email route alerts to the account's owner. */
  tags: z
    .record(z.string(), z.string({ error: 'must be a string (quote numbers and booleans)' }))
    .default({})
    .meta({ description: "Account tags; keywatch:owner and keywatch:owner-email route alerts to the account's owner." }),
});

/** The accounts directory file written by `keywatch accounts sync`. */
export const AccountsDirectorySchema = z.strictObject({
  /** When the directory was last synchronized from AWS Organizations (ISO 8601). */
  syncedAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time in quotes such as "2026-11-01T09:00:00Z"' })
    .optional()
    .meta({ description: 'When the directory was last synchronized from AWS Organizations (ISO 8601).' }),
  /** The organization the directory was synchronized from; must equal organization.id of keywatch.yml. */
  organizationId: OrganizationId.optional().meta({
    description: 'The organization the directory was synchronized from; must equal organization.id of keywatch.yml.',
  }),
  accounts: z.array(DirectoryAccountSchema, { error: 'must be a list of accounts' }).meta({ description: 'Every account of the organization.' }),
});

/** One account of the directory. */
export type DirectoryAccount = z.infer<typeof DirectoryAccountSchema>;
/** The whole directory. */
export type AccountsDirectory = z.infer<typeof AccountsDirectorySchema>;

/** The owner shown in alerts: the keywatch:owner tag, else the owner e-mail tag, else the account's root e-mail. */
export function accountOwner(account: DirectoryAccount): string {
  return account.tags[OWNER_TAGS.name] ?? account.tags[OWNER_TAGS.email] ?? account.email;
}

/** Every OU path on the way to `path`, outermost first: "A/B/C" → ["A", "A/B", "A/B/C"]; [] for the root. */
export function ouChain(path: string): string[] {
  if (path === '') {
    return [];
  }
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
