import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { createTwoFilesPatch } from 'diff';
import { loadConfigWith, resolvePolicy, subtractNetworks, type AllowlistSuggestion, type LoadedConfig, type SuggestedNetwork } from '@keywatch/shared';
import { readTextFile } from '@keywatch/central';
import { evidenceComment } from './evidence-text';

/** One entry the patch adds. */
export interface AddedEntry {
  /** Where: "allow.networks" or "allow.accounts[<ref>]". */
  readonly section: string;
  readonly network: string;
}

/** A configuration patched with a suggestion. */
export interface ConfigPatch {
  /** The new text of keywatch.yml. */
  readonly text: string;
  /** Every entry added, in order. */
  readonly added: readonly AddedEntry[];
  /** Accounts whose networks could not be added, and why. */
  readonly skipped: ReadonlyArray<{ readonly account: string; readonly reason: string }>;
  /** The patched file loaded and validated by the configuration loader. */
  readonly loaded: LoadedConfig;
}

/**
 * Adds a suggestion to keywatch.yml text through the `yaml` package's document API, so comments, order and style of
 * everything already there are kept: organization networks at the end of `allow.networks`, account networks in the
 * account's last `allow.accounts` section (by ID or directory name; a new section at the end when there is none),
 * each new entry with its evidence as a comment. Nothing is removed; a network already listed in the same list is
 * not added again. Organization networks that an account would not inherit (a `replace` section on its way) are
 * added to that account's section too. The result is validated by the configuration loader (ConfigError otherwise).
 */
export function patchConfig(current: LoadedConfig, text: string, suggestion: AllowlistSuggestion, date: string): ConfigPatch {
  const doc = parseDocument(text, { uniqueKeys: true });
  const added: AddedEntry[] = [];
  const skipped: Array<{ account: string; reason: string }> = [];
  const allow = doc.get('allow', true) as YAMLMap;
  const comment = (n: SuggestedNetwork): string => ` ${evidenceComment(n, date)}`;

  for (const n of suggestion.organization) {
    if (addNetwork(doc, allow, ['networks'], n.network, comment(n))) added.push({ section: 'allow.networks', network: n.network });
  }
  const directory = current.directory;
  const perAccount = new Map<string, SuggestedNetwork[]>(suggestion.accounts.map((a) => [a.account, [...a.networks]]));

  // organization networks an observed account would not inherit (replace sections) go to its own section
  if (suggestion.organization.length > 0) {
    const policy = resolvePolicy(loadPatched(current, render(doc)).config, directory);
    for (const account of suggestion.observedAccounts) {
      const networks = policy.accounts.find((a) => a.identity.id === account)?.networks ?? policy.default.networks;
      const missing = suggestion.organization.filter((n) => subtractNetworks([n.network], networks).length > 0);
      if (missing.length > 0) perAccount.set(account, [...(perAccount.get(account) ?? []), ...missing]);
    }
  }

  for (const [account, networks] of perAccount) {
    const entry = directory?.accounts.find((a) => a.id === account);
    if (directory !== undefined && entry === undefined) {
      skipped.push({
        account,
        reason: `not in the accounts directory ${current.directoryFile}, so no allow.accounts section can name it; run \`keywatch accounts sync\` and suggest again`,
      });
      continue;
    }
    const ref = entry?.name ?? account;
    const section = accountSection(doc, allow, account, entry?.name);
    for (const n of networks) {
      if (addNetwork(doc, section, ['networks'], n.network, comment(n))) added.push({ section: `allow.accounts[${ref}]`, network: n.network });
    }
  }
  const patched = render(doc);
  return { text: patched, added, skipped, loaded: loadPatched(current, patched) };
}

/** The document as text in the style it was read in: no padding inside `[a, b]`, no folding of long lines. */
function render(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0, minContentWidth: 0 });
}

/** A unified diff of keywatch.yml before and after (jsdiff). */
export function configDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(file, file, before, after, 'current', 'suggested', { context: 3 });
}

/** Loads patched text as `current.file` (its accounts directory from disk) through the configuration loader. */
function loadPatched(current: LoadedConfig, text: string): LoadedConfig {
  return loadConfigWith(current.file, (f, fix) => (f === current.file ? text : readTextFile(f, fix)));
}

/** Appends `network` to the sequence at `path` under `map` (created when absent) unless it is listed; true when added. */
function addNetwork(doc: Document, map: YAMLMap, path: readonly string[], network: string, comment: string): boolean {
  const found: unknown = map.getIn(path, true);
  let list: YAMLSeq;
  if (isSeq(found)) {
    list = found;
  } else {
    list = doc.createNode([]) as YAMLSeq;
    map.setIn(path, list);
  }
  if (list.items.some((i) => isScalar(i) && String(i.value) === network)) return false;
  if (list.flow) list.flow = false; // an inline [a, b] list cannot carry a comment per entry
  const node = doc.createNode(network);
  node.comment = comment;
  list.items.push(node);
  return true;
}

/** The last allow.accounts section for the account (by ID or directory name), or a new one at the end. */
function accountSection(doc: Document, allow: YAMLMap, id: string, name: string | undefined): YAMLMap {
  const found: unknown = allow.get('accounts', true);
  let list: YAMLSeq;
  if (isSeq(found)) {
    list = found;
  } else {
    list = doc.createNode([]) as YAMLSeq;
    allow.set('accounts', list);
  }
  const existing = list.items.filter((s): s is YAMLMap => isMap(s) && [id, name].includes(String(s.get('account'))));
  if (existing.length > 0) return existing[existing.length - 1];
  const section = doc.createNode({ account: name ?? id, networks: [] }) as YAMLMap;
  section.commentBefore = ' added by keywatch allowlist suggest';
  if (list.flow) list.flow = false;
  list.items.push(section);
  return section;
}
