import { Document, isScalar } from 'yaml';
import type { AccountsDirectory } from '@keywatch/shared';

/** Header comment of every directory file written by `keywatch accounts sync`. */
export const DIRECTORY_HEADER = [
  ' keywatch accounts directory: written by `keywatch accounts sync` from AWS Organizations.',
  ' Commit it to review changes; edit names and tags in AWS Organizations (the next sync overwrites edits here).',
].join('\n');

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Renders the directory as diff-friendly YAML: header comment, fixed key order, accounts sorted by id, tags by key, no line folding. */
export function renderDirectoryYaml(dir: AccountsDirectory): string {
  const body: Record<string, unknown> = {};
  if (dir.syncedAt !== undefined) body.syncedAt = dir.syncedAt;
  if (dir.organizationId !== undefined) body.organizationId = dir.organizationId;
  body.accounts = [...dir.accounts]
    .sort((a, b) => byCodePoint(a.id, b.id))
    .map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      status: a.status,
      organizationalUnit: a.organizationalUnit,
      tags: Object.fromEntries(Object.entries(a.tags).sort(([x], [y]) => byCodePoint(x, y))),
    }));
  const doc = new Document(body);
  doc.commentBefore = DIRECTORY_HEADER;
  // quoted, so that YAML 1.1 readers do not take it for a timestamp (README: "ISO 8601 date-time, quoted")
  const syncedAt = doc.get('syncedAt', true);
  if (isScalar(syncedAt)) syncedAt.type = 'QUOTE_DOUBLE';
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}
