import type { AllowlistSuggestion, NotSuggestedNetwork, SuggestedNetwork } from '@keywatch/shared';
import { networkText, seenText } from './evidence-text';

/** Column widths follow the longest cell; cells are never cut. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function row(section: string, n: SuggestedNetwork): string[] {
  const e = n.evidence;
  const keys = e.keys.map((k) => k.accessKeyId).join(' ') + (n.onlyKey !== undefined ? ' (only this key)' : '');
  return [
    section,
    n.network,
    String(e.calls),
    String(e.days),
    seenText(e),
    keys,
    e.users.join(' '),
    e.networks.map(networkText).join('; '),
    e.eventNames.slice(0, 3).join(' '),
  ];
}

const HEADER = ['section', 'network', 'calls', 'days', 'seen', 'keys', 'users', 'network owner [kind]', 'events'];

const REASONS: Readonly<Record<NotSuggestedNetwork['reason'], string>> = {
  'below-thresholds': 'below the thresholds',
  'aws-service': 'AWS service network',
  private: 'private address (through a VPC endpoint: allow the endpoint instead)',
};

/** The suggestion as text for people: the proposed networks with their evidence, then what was left out and why. */
export function renderSuggestion(s: AllowlistSuggestion, accountName: (id: string) => string): string {
  const o = s.options;
  const out: string[] = [];
  const st = s.stats;
  out.push(
    `Read ${st.calls} calls: ${st.unwatchedKey} with keys not watched, ${st.nonIpSource} from non-IP sources (service names, AWS Internal), ` +
      `${st.alreadyAllowed} already allowed, ${st.learned} learned from.`,
    `Aggregation: IPv4 /${o.ipv4Prefix}, IPv6 /${o.ipv6Prefix} (cloud and hosting addresses as observed); thresholds: at least ${o.minCalls} calls on at least ${o.minDays} days.`,
    '',
  );
  const rows = [
    ...s.organization.map((n) => row('organization default', n)),
    ...s.organizationalUnits.flatMap((o) => o.networks.map((n) => row(`OU ${o.path}`, n))),
    ...s.accounts.flatMap((a) => a.networks.map((n) => row(`account ${accountName(a.account)}`, n))),
  ];
  if (rows.length === 0) out.push('No network to add: every watched-key call above the thresholds is already allowed.');
  else out.push(`Proposed networks (${rows.length}):`, table(HEADER, rows));
  if (s.notSuggested.length > 0) {
    out.push(
      '',
      `Not proposed (${s.notSuggested.length}):`,
      table(
        ['account', 'network', 'calls', 'days', 'seen', 'reason', 'network owner [kind]'],
        s.notSuggested.map((n) => [
          accountName(n.account),
          n.network,
          String(n.evidence.calls),
          String(n.evidence.days),
          seenText(n.evidence),
          REASONS[n.reason],
          n.evidence.networks.map(networkText).join('; '),
        ]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
