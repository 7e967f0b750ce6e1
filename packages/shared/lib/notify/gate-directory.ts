import { GROUP_MARKERS } from '../templates/account-text';
import type { GateDirectoryEntry } from './gate-input';

/** The parts of a notify gate input the directory fills: the e-mail text and the chat notification (when chat is on). */
export interface FillableGateInput {
  readonly account?: unknown;
  readonly email?: unknown;
  readonly chat?: { readonly content?: { readonly title?: unknown; readonly description?: unknown; readonly nextSteps?: unknown } };
  readonly [field: string]: unknown;
}

const MARKER = new RegExp(`[${GROUP_MARKERS.name}${GROUP_MARKERS.ou}${GROUP_MARKERS.owner}]`, 'g');

/** Replaces the GROUP_MARKERS of `text` in one pass with `values` ([name, OU, owner]); text filled in is not scanned again (no default). */
export function fillMarkers(text: string, values: readonly [string, string, string]): string {
  return text.replace(MARKER, (m) => (m === GROUP_MARKERS.name ? values[0] : m === GROUP_MARKERS.ou ? values[1] : values[2]));
}

/**
 * What the notify gate's first state makes of a (parsed) gate input, as the local engine models it (the gate's JSONata
 * in notifyGateDefinition does the same): when the input's account is in `directory`, the e-mail text gets the account's
 * e-mail entry and the chat title, description and next steps its chat entry; otherwise the input is returned unchanged.
 */
export function fillGateInput<T extends FillableGateInput>(input: T, directory: Readonly<Record<string, GateDirectoryEntry>>): T {
  const entry = typeof input.account === 'string' && Object.prototype.hasOwnProperty.call(directory, input.account) ? directory[input.account] : undefined;
  if (entry === undefined) return input;
  const out: Record<string, unknown> = { ...input };
  if (typeof input.email === 'string') out.email = fillMarkers(input.email, entry.email ?? entry.chat);
  const content = input.chat?.content;
  if (content !== undefined) {
    const fill = (v: unknown) => (typeof v === 'string' ? fillMarkers(v, entry.chat) : v);
    out.chat = {
      ...input.chat,
      content: {
        ...content,
        title: fill(content.title),
        description: fill(content.description),
        nextSteps: Array.isArray(content.nextSteps) ? content.nextSteps.map(fill) : content.nextSteps,
      },
    };
  }
  return out as T;
}

/**
 * The directory a synthesized notify gate definition carries (its Directory<n> states, see notifyGateDefinition), with
 * the stored "=" prefixes removed; {} for a gate without one. Throws when a Directory state holds something else.
 */
export function gateDirectoryOf(definition: { readonly States?: Readonly<Record<string, unknown>> }): Record<string, GateDirectoryEntry> {
  const out: Record<string, GateDirectoryEntry> = {};
  const unprefix = (v: unknown, where: string): [string, string, string] => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((t) => typeof t === 'string' && t.startsWith('='))) {
      throw new Error(`the notify gate's ${where} must be three strings starting with "="; got ${JSON.stringify(v)}`);
    }
    return v.map((t: string) => t.slice(1)) as [string, string, string];
  };
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    const m = /^Directory(\d+)$/.exec(name);
    if (!m) continue;
    const chunk = (state as { Assign?: Record<string, unknown> }).Assign?.[`directory${m[1]}`] as Record<string, { c?: unknown; e?: unknown }> | undefined;
    for (const [id, stored] of Object.entries(chunk ?? {})) {
      out[id] = {
        chat: unprefix(stored.c, `entry of ${id}`),
        ...(stored.e === undefined ? {} : { email: unprefix(stored.e, `e-mail entry of ${id}`) }),
      };
    }
  }
  return out;
}
