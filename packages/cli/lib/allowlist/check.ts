import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { PrefixIndex, parseSourceAddress, type AllowlistSuggestion, type LoadedConfig } from '@keywatch/shared';
import { ensureCdkOut } from '../synth/ensure-cdk-out';
import { loadSimulationRules } from '../simulate/rules/load-cdk-out';
import { runSimulation } from '../simulate/run-simulation';

/** What `simulate` says about the training logs once the patched configuration is deployed. */
export interface SuggestionCheck {
  /** Notifications the patched rules still send. */
  readonly alerts: number;
  /** Of them, alerts from a network the suggestion proposed (above the thresholds): 0 unless an account was skipped. */
  readonly aboveThresholds: number;
  /** Of them, alerts from addresses left out (below the thresholds, AWS service or private networks). */
  readonly leftOut: number;
}

/**
 * Synthesizes the patched configuration into a temporary cloud assembly and replays the same CloudTrail inputs through
 * it with `simulate`'s engine: every alert is counted as coming from a proposed network or from one left out. The
 * patched file is written to a temporary folder (its `accounts:` path pointed back at the real directory file) and
 * removed afterwards, with the assembly.
 */
export async function checkWithSimulate(
  patchedText: string,
  loaded: LoadedConfig,
  suggestion: AllowlistSuggestion,
  inputs: readonly string[],
): Promise<SuggestionCheck> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-suggest-'));
  try {
    const doc = parseDocument(patchedText);
    if (loaded.directoryFile !== undefined) doc.set('accounts', path.relative(tmp, path.resolve(loaded.directoryFile)));
    const configFile = path.join(tmp, 'keywatch.yml');
    fs.writeFileSync(configFile, doc.toString());
    const { cdkOut } = await ensureCdkOut({ configFile, cdkOut: path.join(tmp, 'cdk.out'), log: () => undefined });
    const rules = loadSimulationRules(cdkOut);
    const proposed = new Map<string, PrefixIndex<true>>();
    const org = suggestion.organization.map((n) => n.network);
    for (const account of suggestion.observedAccounts) {
      const index = new PrefixIndex<true>();
      const own = suggestion.accounts.find((a) => a.account === account)?.networks ?? [];
      const ous = suggestion.organizationalUnits.filter((o) => o.accounts.includes(account)).flatMap((o) => o.networks);
      for (const n of [...org, ...[...ous, ...own].map((x) => x.network)]) index.add(n, true);
      proposed.set(account, index);
    }
    let alerts = 0;
    let aboveThresholds = 0;
    await runSimulation({
      inputs,
      rules,
      onNotification: (n) => {
        alerts++;
        const address = parseSourceAddress(n.sourceIPAddress);
        if (address !== undefined && proposed.get(n.account)?.contains(address)) aboveThresholds++;
      },
    });
    return { alerts, aboveThresholds, leftOut: alerts - aboveThresholds };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
