import type { OutputDocument } from '../output/document';
import type { VerifyReport } from './types';

/** Whether the deployment passed: no finding at all. */
export function isVerified(report: Pick<VerifyReport, 'findings'>): boolean {
  return report.findings.length === 0;
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** Turns a verify report into an output document: summary, findings, IP semantics, rules, probe sets, blind spots, resources; JSON is the report. */
export function verifyDocument(report: VerifyReport): OutputDocument {
  const s = report.summary;
  const ok = isVerified(report);
  const semantics = report.semantics.length === 0 ? 'not probed' : [...new Set(report.semantics.map((x) => `${x.verdict} (${x.region})`))].join(', ');
  const findingColumns = [
    { key: 'kind', header: 'Finding' },
    { key: 'where', header: 'Where' },
    { key: 'subject', header: 'What' },
    { key: 'detail', header: 'Detail' },
  ];
  const findingRows = report.findings.map((f) => ({ ...f }));
  return {
    title: `keywatch verify (${report.mode === 'management' ? 'management account' : 'central stack'})`,
    generatedAt: report.generatedAt,
    summary: [
      { label: 'Result', value: ok ? 'verified, no findings' : `${s.findings} finding${s.findings === 1 ? '' : 's'}`, tone: ok ? 'ok' : 'bad' },
      { label: 'Account', value: report.account },
      { label: 'Regions', value: report.regions.join(', ') },
      { label: 'IP semantics', value: semantics, tone: report.semantics.some((x) => x.verdict === 'unknown') ? 'bad' : 'plain' },
      { label: 'Rules (cdk.out / deployed)', value: `${s.rulesExpected} / ${s.rulesDeployed}` },
      { label: 'Rule drift', value: s.drift, tone: s.drift > 0 ? 'bad' : 'ok' },
      { label: 'Probes', value: s.probes },
      { label: 'Probe mismatches', value: s.probeMismatches, tone: s.probeMismatches > 0 ? 'bad' : 'ok' },
      { label: 'Probes in blind spots', value: s.blindSpotProbes, tone: s.blindSpotProbes > 0 ? 'warn' : 'plain' },
      { label: 'Resources checked', value: s.resources },
      { label: 'TestEventPattern calls', value: s.testEventPatternCalls },
      { label: 'API calls', value: report.apiCalls },
    ],
    warnings: report.warnings,
    sections: [
      { title: 'Findings', table: { columns: findingColumns, rows: findingRows } },
      {
        title: 'IP semantics probes',
        note:
          report.semantics.length === 0
            ? 'Skipped (--skip-probes).'
            : 'TestEventPattern answers to patterns that tell event-ruler 2.0.1 (digit-wise: IPv4 and IPv6 can match each other) from family-strict comparison.',
        table: {
          columns: [
            { key: 'region', header: 'Region' },
            { key: 'probe', header: 'Probe' },
            { key: 'pattern', header: 'Matcher' },
            { key: 'value', header: 'sourceIPAddress' },
            { key: 'answer', header: 'Service' },
            { key: 'eventRuler', header: 'event-ruler' },
            { key: 'strict', header: 'strict' },
            { key: 'verdict', header: 'Verdict' },
          ],
          rows: report.semantics.flatMap((r) =>
            r.answers.map((a) => ({
              region: r.region,
              probe: a.probe,
              pattern: a.pattern,
              value: a.value,
              answer: String(a.answer),
              eventRuler: String(a.eventRuler),
              strict: String(a.strict),
              verdict: r.verdict,
            })),
          ),
        },
      },
      {
        title: 'Deployed rules',
        table: {
          columns: [
            { key: 'bus', header: 'Bus' },
            { key: 'name', header: 'Deployed rule' },
            { key: 'logicalId', header: 'cdk.out' },
            { key: 'status', header: 'Status' },
            { key: 'differences', header: 'Differs in' },
          ],
          rows: report.rules.map((r) => ({ bus: r.bus, name: r.name, logicalId: r.logicalId, status: r.status, differences: r.differences.join(', ') })),
        },
      },
      {
        title: 'Rule probes',
        note:
          report.probeSets.length === 0
            ? 'None (--skip-probes, or nothing deployed).'
            : 'Expected answers come from the resolved allowlists (ipaddr.js membership), not from the compiled patterns.',
        table: {
          columns: [
            { key: 'region', header: 'Region' },
            { key: 'set', header: 'Rule set' },
            { key: 'suite', header: 'Suite' },
            { key: 'rules', header: 'Rules', align: 'right' },
            { key: 'probes', header: 'Probes', align: 'right' },
            { key: 'mismatches', header: 'Mismatches', align: 'right' },
            { key: 'note', header: 'Note' },
          ],
          rows: report.probeSets.map((p) => ({ ...p })),
        },
      },
      {
        title: 'Probes not as intended, and probes in blind spots',
        table: {
          columns: [
            { key: 'set', header: 'Rule set' },
            { key: 'probe', header: 'Probe' },
            { key: 'account', header: 'Account' },
            { key: 'want', header: 'Wanted' },
            { key: 'matched', header: 'Matched' },
            { key: 'result', header: 'Result' },
            { key: 'why', header: 'Why' },
          ],
          rows: report.probeOutcomes.map((o) => ({
            set: o.set,
            probe: o.probe,
            account: o.account,
            want: o.want,
            matched: o.matched.join(', ') || '-',
            result: o.ok ? (o.blindSpot ? `blind spot ${o.blindSpot}` : 'ok') : 'MISMATCH',
            why: o.why,
          })),
        },
      },
      {
        title: 'Blind spots of the plan',
        note: 'Addresses no pattern can watch under both IP semantics (README, "Limits"); probes there are expected to match nothing and are not findings.',
        table: {
          columns: [
            { key: 'network', header: 'Network' },
            { key: 'kind', header: 'Kind' },
            { key: 'reachable', header: 'Reachable' },
            { key: 'affects', header: 'Affects' },
            { key: 'probes', header: 'Probes', align: 'right' },
          ],
          rows: report.blindSpots.map((b) => ({
            network: b.network,
            kind: b.kind,
            reachable: yes(b.reachable),
            affects: b.affects.join('; '),
            probes: b.probes,
          })),
        },
      },
      {
        title: 'Resources',
        table: {
          columns: [
            { key: 'kind', header: 'Kind' },
            { key: 'name', header: 'Name' },
            { key: 'region', header: 'Region' },
            { key: 'status', header: 'Status' },
            { key: 'ok', header: 'OK' },
          ],
          rows: report.resources.map((r) => ({ ...r, ok: yes(r.ok) })),
        },
      },
      {
        title: 'API calls by operation',
        table: {
          columns: [
            { key: 'operation', header: 'Operation' },
            { key: 'calls', header: 'Calls', align: 'right' },
          ],
          rows: Object.entries(report.apiCallsByOperation).map(([operation, calls]) => ({ operation, calls })),
        },
      },
    ],
    csv: { columns: findingColumns, rows: findingRows },
    json: report,
  };
}
