import type { IpSemantics } from '@keywatch/shared';
import type { SemanticsAnswer } from './types';

/** One synthetic pattern/address pair whose answer differs between (or, for a control, agrees across) the IP semantics. */
export interface SemanticsProbe {
  /** Short name. */
  readonly id: string;
  /** The `detail.sourceIPAddress` matcher. */
  readonly matcher: string | { readonly cidr: string };
  /** The event's `detail.sourceIPAddress`. */
  readonly value: string;
  /** aws/event-ruler 2.0.1: addresses are hex digit strings compared on their common digits, so the families leak. */
  readonly eventRuler: boolean;
  /** Family-strict: a matcher matches only addresses of its own family, by containment. */
  readonly strict: boolean;
}

/**
 * The semantics probes: three pairs that only event-ruler's digit-wise comparison matches, and controls that both
 * models answer alike (a service failing those is neither). The event-ruler column is pinned against event-ruler
 * 2.0.1 itself in the tests.
 */
export const SEMANTICS_PROBES: readonly SemanticsProbe[] = [
  { id: 'ipv4-value-in-short-ipv6-range', matcher: { cidr: '::/1' }, value: '1.1.1.1', eventRuler: true, strict: false },
  { id: 'ipv6-value-in-ipv4-range', matcher: { cidr: '10.0.0.0/8' }, value: 'a00::1', eventRuler: true, strict: false },
  { id: 'ipv6-value-equal-to-bare-ipv4', matcher: '10.0.0.1', value: 'a00:1::', eventRuler: true, strict: false },
  { id: 'control-ipv4-inside', matcher: { cidr: '10.0.0.0/8' }, value: '10.1.2.3', eventRuler: true, strict: true },
  { id: 'control-ipv4-outside', matcher: { cidr: '10.0.0.0/8' }, value: '11.0.0.1', eventRuler: false, strict: false },
  { id: 'control-ipv6-inside', matcher: { cidr: '2001:db8::/32' }, value: '2001:db8::1', eventRuler: true, strict: true },
  { id: 'control-ipv6-outside', matcher: { cidr: '2001:db8::/32' }, value: '2001:db9::1', eventRuler: false, strict: false },
  { id: 'control-bare-ipv4', matcher: '10.0.0.1', value: '10.0.0.1', eventRuler: true, strict: true },
];

/** The pattern text of a semantics probe. */
export function semanticsProbePattern(p: SemanticsProbe): string {
  return JSON.stringify({ detail: { sourceIPAddress: [p.matcher] } });
}

/** The semantics probes' answers as the report shows them, in SEMANTICS_PROBES order. */
export function semanticsAnswers(answers: readonly boolean[]): SemanticsAnswer[] {
  return SEMANTICS_PROBES.map((p, i) => ({
    probe: p.id,
    pattern: JSON.stringify(p.matcher),
    value: p.value,
    answer: answers[i],
    eventRuler: p.eventRuler,
    strict: p.strict,
  }));
}

/** Which model the answers (in SEMANTICS_PROBES order) fit: 'event-ruler', 'strict', or 'unknown' when neither. */
export function classifySemantics(answers: readonly boolean[]): IpSemantics | 'unknown' {
  if (answers.length !== SEMANTICS_PROBES.length) return 'unknown';
  if (SEMANTICS_PROBES.every((p, i) => answers[i] === p.eventRuler)) return 'event-ruler';
  if (SEMANTICS_PROBES.every((p, i) => answers[i] === p.strict)) return 'strict';
  return 'unknown';
}
