import type { NetworkEvidence, NetworkInfo, SuggestedNetwork } from '@keywatch/shared';

/** A network's AS as text: "AS16509 Amazon.com, Inc., AWS EC2 [cloud]", "AWS S3 [aws-service]", "unknown AS [other]". */
export function networkText(n: NetworkInfo): string {
  const as = n.asn !== undefined ? `AS${n.asn} ${n.holder ?? ''}`.trim() : undefined;
  const aws = n.awsServices !== undefined ? `AWS ${n.awsServices.filter((s) => s !== 'AMAZON').join('/') || 'AMAZON'}` : undefined;
  return `${[as, aws].filter((x) => x !== undefined).join(', ') || 'unknown AS'} [${n.kind}]`;
}

/** The days a block was seen: "2026-11-20..2026-11-26" or one date. */
export function seenText(e: NetworkEvidence): string {
  const first = e.firstSeen.slice(0, 10);
  const last = e.lastSeen.slice(0, 10);
  return first === last ? first : `${first}..${last}`;
}

/** The comment written after an added entry: date, calls, days, keys, users, AS, event names. */
export function evidenceComment(n: SuggestedNetwork, date: string): string {
  const e = n.evidence;
  const keys = e.keys.length === 1 ? `key ${e.keys[0].accessKeyId}` : `${e.keys.length} keys`;
  const users = e.users.length === 0 ? '' : e.users.length <= 2 ? `, users ${e.users.join(' ')}` : `, ${e.users.length} users`;
  const events = e.eventNames.slice(0, 3).join(' ') + (e.eventNameCount > 3 ? ` +${e.eventNameCount - 3}` : '');
  const as = e.networks.length > 0 ? `; ${networkText(e.networks[0])}` : '';
  return `keywatch allowlist suggest ${date}: ${e.calls} calls on ${e.days} days ${seenText(e)}, ${keys}${users}${as}; ${events}`;
}
