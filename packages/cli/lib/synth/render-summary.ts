import { CLOUDFORMATION_LIMITS } from '@keywatch/shared';
import { renderQuotaCheck } from './deployment-quotas';
import type { SynthSummary } from './summary';

const pct = (n: number, of: number): string => `${Math.round((n / of) * 100)}%`;
const usd = (n: number): string => (n < 0.01 && n > 0 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);
const int = (n: number): string => n.toLocaleString('en-US');

/** Renders the synth summary as aligned plain text for the terminal (no colours, so it reads the same in CI logs). */
export function renderSynthSummary(s: SynthSummary): string {
  const rows: [string, string][] = [];
  const row = (label: string, value: string): void => {
    rows.push([label, value]);
  };
  row('Organization', `${s.organization.id} (management account ${s.organization.managementAccount})`);
  row('Central', `${s.central.stackName} in ${s.central.account} / ${s.central.region}, bus ${s.central.busName}`);
  row(
    'Accounts directory',
    s.directoryAccounts === undefined
      ? 'none (run `keywatch accounts sync` to name accounts in alerts)'
      : `${s.directoryAccounts} accounts, ${s.memberAccounts} active members`,
  );
  const optIn = new Set(s.optInRegions);
  row(
    'Regions',
    `${s.regions.length}: ${s.regions.map((r) => (optIn.has(r) ? `${r} (opt-in)` : r)).join(', ')}` +
      (optIn.size === 0 ? '' : `; opt-in regions must be enabled in every member account, or its stack instance there fails (\`keywatch audit\` shows which)`),
  );
  row(
    'StackSet',
    `${s.stackSet.name} in ${s.stackSet.host} (CallAs ${s.stackSet.callAs}) → ${s.stackSet.organizationalUnits.join(', ')}` +
      (s.stackSet.instances === undefined ? '' : `, ${int(s.stackSet.instances)} stack instances (${s.memberAccounts} accounts × ${s.regions.length} regions)`),
  );
  row('Management stacks', `${s.managementStacks.length}: ${s.managementStacks.join(', ')}`);
  row(
    'Receiver bus rules',
    `${s.receiverRules.total} of ${s.receiverRules.quota} (${pct(s.receiverRules.total, s.receiverRules.quota)}): ${s.receiverRules.alert} alert${s.receiverRules.shared ? ` (${s.receiverRules.shared.rules} shared by ${s.receiverRules.shared.accounts} accounts of the same policy)` : ''} + ${s.receiverRules.onboarding} onboarding + ${s.receiverRules.heartbeat} heartbeat + ${s.receiverRules.tamper} tamper + ${s.receiverRules.senderDelivery} sender delivery + ${s.receiverRules.archive} archive`,
  );
  row(
    'New accounts',
    s.onboarding.forwardedBy === undefined
      ? 'NOT notified: no management stack in the region where AWS Organizations records its events (see the warning)'
      : `AWS Organizations account events forwarded by ${s.onboarding.forwardedBy} (+1 rule on its default bus) → onboarding rule → e-mail${s.targets.chat ? ' and chat' : ''}`,
  );
  if (s.buses.length > 1) {
    const fullest = s.buses.reduce((a, b) => (b.rules > a.rules ? b : a));
    const accounts = s.buses.map((b) => b.accounts);
    row(
      'Receiver buses',
      `${s.buses.length} (central.shards), each in its own stack (${s.buses[0].stackName}, ${s.buses[1].stackName} …): ${Math.min(...accounts)}–${Math.max(...accounts)} accounts per bus; ` +
        `rules per bus up to ${fullest.rules} of ${s.receiverRules.quota} (${pct(fullest.rules, s.receiverRules.quota)}, ${fullest.busName}); senders pick their bus by account ID, accounts not in the directory forward to ${s.buses[0].busName}`,
    );
  }
  if (s.stacks.length > 0) {
    const most = (key: 'bytes' | 'resources' | 'outputs' | 'parameters') => s.stacks.reduce((a, b) => (b[key] > a[key] ? b : a));
    const bytes = most('bytes');
    const resources = most('resources');
    row(
      'Templates',
      `${s.stacks.length} (nested stacks included); largest ${bytes.file}: ${int(bytes.bytes)} of ${int(CLOUDFORMATION_LIMITS.templateBytes)} bytes (${pct(bytes.bytes, CLOUDFORMATION_LIMITS.templateBytes)}); ` +
        `most resources ${resources.file}: ${resources.resources} of ${CLOUDFORMATION_LIMITS.resources}; outputs at most ${most('outputs').outputs} of ${CLOUDFORMATION_LIMITS.outputs}, parameters at most ${most('parameters').parameters} of ${CLOUDFORMATION_LIMITS.parameters}`,
    );
  }
  row('Quota increases', s.quotaIncreases.length === 0 ? 'none needed (every figure above is within the default quotas)' : s.quotaIncreases.join('; '));
  for (const [i, c] of s.deploymentQuotas.entries()) row(i === 0 ? 'Deployment quotas' : '', renderQuotaCheck(c));
  row('Sender rules', `${s.senderRules.perBus} per member default bus (quota ${s.senderRules.quota})`);
  row(
    'Largest pattern',
    `${int(s.largestPattern.chars)} of ${int(s.largestPattern.quota)} characters (${pct(s.largestPattern.chars, s.largestPattern.quota)})`,
  );
  const reachable = s.blindSpots.reachable;
  row('IP matching', 'right under digit-wise (aws/event-ruler) and family-strict comparison of IPv4 and IPv6; `keywatch verify` tells which your account has');
  row(
    'IP blind spots',
    `${reachable.length === 0 ? 'none a caller can come from' : `${reachable.length} a caller can come from (${reachable.join(', ')}; see the warnings)`}` +
      `${s.blindSpots.unreachable > 0 ? `, ${s.blindSpots.unreachable} in IPv6 space outside 2000::/3 (no caller can come from there)` : ''} (README.md, "Limits")`,
  );
  const targets = [
    `e-mail topic (${s.targets.emailAddresses} address${s.targets.emailAddresses === 1 ? '' : 'es'})`,
    ...(s.targets.chat ? [`${s.targets.chat === 'slack' ? 'Slack' : 'Microsoft Teams'} channel`] : []),
    `alert log ${s.targets.alertLog}`,
    ...(s.targets.accountTopics > 0 ? [`${s.targets.accountTopics} account recipient topic${s.targets.accountTopics === 1 ? '' : 's'}`] : []),
  ];
  row('Targets', `${targets.join(', ')}; at most ${s.targets.maxPerRule} of 5 per rule, each with a DLQ`);
  row(
    'Forwarding cost',
    s.estimate.eventsPerMonth === undefined
      ? `estimate: ${usd(s.estimate.pricePerMillionUsd)} per million forwarded events, billed to the sending accounts (--events-per-month N to compute)`
      : `estimate: ${usd(s.estimate.monthlyUsd ?? 0)}/month for ${int(s.estimate.eventsPerMonth)} forwarded events (${usd(s.estimate.pricePerMillionUsd)} per million, billed to the sending accounts)`,
  );
  const l = s.liveness;
  row(
    'Liveness',
    `${int(l.heartbeatsPerInterval)} heartbeat${l.heartbeatsPerInterval === 1 ? '' : 's'} (one per forwarding rule) every ${l.intervalMinutes} minutes from every account × region; ` +
      `${int(l.alarms)} alarm${l.alarms === 1 ? '' : 's'} (one per account × region in the directory), ${l.metricFilters} metric filter${l.metricFilters === 1 ? '' : 's'} on /keywatch/heartbeats${s.buses.length > 1 ? ' and the heartbeat log of each shard bus' : ''}`,
  );
  for (const [i, c] of l.costs.entries()) {
    row(
      i === 0 ? 'Liveness cost' : '',
      `${int(c.accounts)} accounts × ${c.regions} regions: ${usd(c.totalUsd)}/month = ${int(c.cells)} alarms ${usd(c.alarmsUsd)} + ${int(c.cells)} metrics ${usd(c.metricsUsd)} + ` +
        `${int(Math.round(c.heartbeatsPerMonth))} heartbeats ${usd(c.eventsUsd)} (members) + log ${usd(c.logsUsd)}${i === 0 ? ' (this deployment)' : ''}`,
    );
  }
  row(
    'Storm alarm cost',
    `${usd(s.stormAlarm.metricUsd + s.stormAlarm.alarmUsd)}/month = 1 custom metric ${s.stormAlarm.metric} ${usd(s.stormAlarm.metricUsd)} + 1 alarm ${usd(s.stormAlarm.alarmUsd)} (the alert volume alarm)`,
  );
  row(
    'Protection SCP',
    `${s.protection.file || 'not written'} (${int(s.protection.chars)} of ${int(s.protection.maxChars)} characters); ` +
      (s.protection.deployed ? 'deployed and attached to the StackSet targets by the management stack' : 'not deployed (protect.scp: true deploys it)'),
  );
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = [`keywatch synth: ${s.configFile} → ${s.outdir}`, '', ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`), ''];
  lines.push(`  Templates (${s.templates.length}):`, ...s.templates.map((t) => `    ${t}`), '');
  const config = `-c config=${shellWord(s.configFile)}`;
  lines.push(
    `Next: npx cdk deploy ${config} keywatch-central, then with management-account credentials: npx cdk deploy ${config} 'keywatch-management-*' (README.md, "Deploying to a real organization")`,
  );
  return `${lines.join('\n')}\n`;
}

/** `text` as one POSIX shell word: unchanged when it has only safe characters, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
