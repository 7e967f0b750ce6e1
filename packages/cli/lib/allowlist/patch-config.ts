import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { createTwoFilesPatch, diffArrays } from 'diff';
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
 * everything already there are kept: organization networks at the end of `allow.networks`, OU networks in the OU's
 * last `allow.organizationalUnits` section, account networks in the account's last `allow.accounts` section (by ID or
 * directory name); a new section at the end when there is none,
 * each new entry with its evidence as a comment. Nothing is removed; a network already listed in the same list is
 * not added again. Organization and OU networks that an account would not inherit (a `replace` section on its way) are
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

  for (const ou of suggestion.organizationalUnits) {
    const section = listSection(doc, allow, 'organizationalUnits', 'path', [ou.path], { path: ou.path });
    for (const n of ou.networks) {
      if (addNetwork(doc, section, ['networks'], n.network, comment(n))) added.push({ section: `allow.organizationalUnits[${ou.path}]`, network: n.network });
    }
  }

  // organization and OU networks an observed account would not inherit (a replace section on its way) go to its own section
  if (suggestion.organization.length > 0 || suggestion.organizationalUnits.length > 0) {
    const policy = resolvePolicy(loadPatched(current, render(doc)).config, directory);
    for (const account of suggestion.observedAccounts) {
      const networks = policy.accounts.find((a) => a.identity.id === account)?.networks ?? policy.default.networks;
      const expected = [...suggestion.organization, ...suggestion.organizationalUnits.filter((o) => o.accounts.includes(account)).flatMap((o) => o.networks)];
      const missing = expected.filter((n) => subtractNetworks([n.network], networks).length > 0);
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
    const section = listSection(doc, allow, 'accounts', 'account', [account, entry?.name], { account: ref });
    for (const n of networks) {
      if (addNetwork(doc, section, ['networks'], n.network, comment(n))) added.push({ section: `allow.accounts[${ref}]`, network: n.network });
    }
  }
  const patched = keepUntouchedLines(text, render(parseDocument(text, { uniqueKeys: true })), render(doc));
  return { text: patched, added, skipped, loaded: loadPatched(current, patched) };
}

/** The document as text in the style it was read in: no padding inside `[a, b]`, no folding of long lines. */
function render(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0, minContentWidth: 0 });
}

/**
 * The original text with only the patch's changes: `rendered` is the unmodified document as the yaml package renders
 * it, `patched` the modified one rendered the same way, so their line diff is exactly the patch; lines outside it are
 * taken from the original, byte for byte (the renderer may restyle what it did not change, e.g. `{ a: 1 }` as
 * `{a: 1}`). A line of `rendered` maps to the original line at its place when the two texts differ only line by line.
 */
function keepUntouchedLines(original: string, rendered: string, patched: string): string {
  const a = original.split('\n');
  const b = rendered.split('\n');
  const originalOf: Array<string | undefined> = new Array(b.length);
  let i = 0;
  let j = 0;
  const changes = diffArrays(a, b);
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k];
    const n = c.count ?? c.value.length;
    if (!c.added && !c.removed) {
      for (let x = 0; x < n; x++) originalOf[j + x] = a[i + x];
      i += n;
      j += n;
    } else if (c.removed && changes[k + 1]?.added && (changes[k + 1].count ?? changes[k + 1].value.length) === n) {
      for (let x = 0; x < n; x++) originalOf[j + x] = a[i + x]; // restyled lines: keep the original's
      i += n;
      j += n;
      k++;
    } else if (c.removed) {
      i += n;
    } else {
      j += n;
    }
  }
  const out: string[] = [];
  j = 0;
  for (const c of diffArrays(b, patched.split('\n'))) {
    const n = c.count ?? c.value.length;
    if (c.added) {
      out.push(...c.value);
      continue;
    }
    if (!c.removed) for (let x = 0; x < n; x++) out.push(originalOf[j + x] ?? b[j + x]);
    j += n;
  }
  return out.join('\n');
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
  if (list.flow) {
    // an inline [a, b] list cannot carry a comment per entry: it becomes a block list, its comment on its first entry
    list.flow = false;
    if (list.comment && list.items.length > 0 && isScalar(list.items[0]) && !list.items[0].comment) {
      list.items[0].comment = list.comment;
      list.comment = undefined;
    }
  }
  const node = doc.createNode(network);
  node.comment = comment;
  list.items.push(node);
  return true;
}

/** The last section of `allow.<list>` whose `<key>` is one of `refs`, or a new one (`fresh`, with a comment) at the end. */
function listSection(
  doc: Document,
  allow: YAMLMap,
  list: string,
  key: string,
  refs: ReadonlyArray<string | undefined>,
  fresh: Record<string, string>,
): YAMLMap {
  const found: unknown = allow.get(list, true);
  let seq: YAMLSeq;
  if (isSeq(found)) {
    seq = found;
  } else {
    seq = doc.createNode([]) as YAMLSeq;
    allow.set(list, seq);
  }
  const existing = seq.items.filter((s): s is YAMLMap => isMap(s) && refs.includes(String(s.get(key))));
  if (existing.length > 0) return existing[existing.length - 1];
  const section = doc.createNode({ ...fresh, networks: [] }) as YAMLMap;
  section.commentBefore = ' added by keywatch allowlist suggest';
  if (seq.flow) seq.flow = false;
  seq.items.push(section);
  return section;
}
