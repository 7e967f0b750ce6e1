import { createHash } from 'crypto';

/**
 * The logical ID aws-cdk-lib gives a CfnElement at `components` (two or more) below its stack (core/lib/private/uniqueid
 * makeUniqueId, not exported): "Default" dropped, the alphanumerics of the components without one that the component before it ends
 * with and without "Resource", then the first 8 hex digits (upper case) of the MD5 of the components joined by "/".
 */
export function cdkLogicalId(components: readonly string[]): string {
  const path = components.filter((c) => c !== 'Default');
  const hash = createHash('md5').update(path.join('/')).digest('hex').slice(0, 8).toUpperCase();
  // removeDupes: a component the kept one before it ends with is dropped (…/EmailDeadLetterQueue/Queue → EmailDeadLetterQueue).
  const kept: string[] = [];
  for (const c of path) {
    if (kept.length === 0 || !kept[kept.length - 1].endsWith(c)) kept.push(c);
  }
  const human = kept
    .filter((c) => c !== 'Resource')
    .map((c) => c.replace(/[^A-Za-z0-9]/g, ''))
    .join('')
    .slice(0, 240);
  return human + hash;
}
