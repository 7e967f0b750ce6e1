import { z } from 'zod';
import { AccountsDirectorySchema, KeywatchConfigSchema } from '@keywatch/shared';
import type { AccountsDirectory, DirectoryAccount, KeywatchConfig, KeywatchConfigInput } from '@keywatch/shared';

/** Every field optional, recursively; arrays are replaced whole, never merged. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A small valid configuration (Example Corp): management 111111111111, security 222222222222 in eu-west-1. */
export const BASE_CONFIG: KeywatchConfigInput = {
  organization: { id: 'o-exampleorg1', managementAccount: '111111111111' },
  central: { account: '222222222222', region: 'eu-west-1' },
  deployment: { organizationalUnits: ['r-ab12'], regions: ['us-east-1', 'eu-west-1'], delegatedAdmin: true },
  allow: { networks: ['192.0.2.0/24', '2001:db8:1000::/48'] },
  notify: { email: ['secops@example.com'] },
};

/** A valid KeywatchConfig: BASE_CONFIG deep-merged with `overrides` (objects merge, arrays replace; undefined deletes), parsed through the schema so defaults apply; throws when the result is invalid. */
export function makeConfig(overrides: DeepPartial<KeywatchConfigInput> = {}): KeywatchConfig {
  const merged = deepMerge(BASE_CONFIG, overrides);
  const result = KeywatchConfigSchema.safeParse(merged);
  if (!result.success) {
    throw new Error(`makeConfig produced an invalid config:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The default accounts for makeDirectory: one per OU of the example organization. */
export const BASE_ACCOUNTS: Partial<DirectoryAccount>[] = [
  { id: '111111111111', name: 'management', organizationalUnit: '' },
  { id: '222222222222', name: 'security', organizationalUnit: 'Security' },
  { id: '333333333333', name: 'network', organizationalUnit: 'Infrastructure' },
  { id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod' },
  { id: '555555555555', name: 'shop-dev', organizationalUnit: 'Workloads/Dev' },
  { id: '666666666666', name: 'sandbox-alice', organizationalUnit: 'Sandbox' },
];

/** A valid AccountsDirectory (organization o-exampleorg1, synced 2026-11-01); each partial account gets defaults: id 1000000000NN, name account-NN, email <name>@example.com, OU "", ACTIVE, no tags. Default: BASE_ACCOUNTS. */
export function makeDirectory(accounts: Partial<DirectoryAccount>[] = BASE_ACCOUNTS): AccountsDirectory {
  const full = accounts.map((a, i) => {
    const name = a.name ?? `account-${String(i).padStart(2, '0')}`;
    return {
      id: a.id ?? `1000000000${String(i).padStart(2, '0')}`,
      name,
      email: a.email ?? `${name}@example.com`,
      status: a.status ?? 'ACTIVE',
      organizationalUnit: a.organizationalUnit ?? '',
      tags: a.tags ?? {},
    };
  });
  const result = AccountsDirectorySchema.safeParse({ syncedAt: '2026-11-01T00:00:00Z', organizationId: 'o-exampleorg1', accounts: full });
  if (!result.success) {
    throw new Error(`makeDirectory produced an invalid directory:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) {
    return override === undefined ? base : override;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined && key in override) {
      delete out[key];
    } else {
      out[key] = deepMerge(base[key], value);
    }
  }
  return out;
}
