import * as fs from 'fs';
import * as path from 'path';

type Resource = { Type?: string; Properties?: Record<string, unknown> };
type Template = { Resources?: Record<string, Resource> };

/** What the deployment quotas count in the templates of one account and region (deploymentQuotaChecks). */
export interface StackTreeCounts {
  /** Stacks: the top-level ones given and every nested stack under them. */
  readonly stacks: number;
  /** The top-level stack whose tree holds the most resources (its template file) and that count. */
  readonly largestTree: { readonly stack: string; readonly resources: number };
  /** Resources of each type over every stack. */
  readonly types: ReadonlyMap<string, number>;
  /** The most AWS::Logs::MetricFilter resources naming one log group. */
  readonly metricFiltersPerLogGroup: number;
}

/**
 * Counts the stacks, resources and metric filters of the top-level templates `files` of one account and region in the cloud
 * assembly `dir`, following each AWS::CloudFormation::Stack to its nested template through `<stack>.assets.json` (the
 * asset hash in its TemplateURL names the file). No default; throws when a nested template cannot be found.
 */
export function countStackTrees(dir: string, files: readonly string[]): StackTreeCounts {
  const types = new Map<string, number>();
  const filters = new Map<string, number>();
  let stacks = 0;
  let largestTree = { stack: '', resources: -1 };
  for (const top of files) {
    const assetsFile = path.join(dir, top.replace(/\.template\.json$/, '.assets.json'));
    const assets = fs.existsSync(assetsFile)
      ? ((JSON.parse(fs.readFileSync(assetsFile, 'utf8')) as { files?: Record<string, { source?: { path?: string } }> }).files ?? {})
      : {};
    let resources = 0;
    const pending = [top];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      const t = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Template;
      stacks += 1;
      const all = t.Resources ?? {};
      resources += Object.keys(all).length;
      for (const r of Object.values(all)) {
        const type = r.Type ?? '';
        types.set(type, (types.get(type) ?? 0) + 1);
        if (type === 'AWS::CloudFormation::Stack') {
          const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(r.Properties?.TemplateURL))?.[1];
          const nested = hash === undefined ? undefined : assets[hash]?.source?.path;
          if (nested === undefined)
            throw new Error(`the nested stack template of ${file} (${JSON.stringify(r.Properties?.TemplateURL)}) is not in ${assetsFile}`);
          pending.push(nested);
        }
        if (type === 'AWS::Logs::MetricFilter') {
          // A literal name, or a Ref to a log group of the same template (its LogGroupName, else its logical ID).
          const named = r.Properties?.LogGroupName as string | { Ref?: string } | undefined;
          const ref = typeof named === 'object' ? named.Ref : undefined;
          const resolved = typeof named === 'string' || ref === undefined ? named : (all[ref]?.Properties?.LogGroupName ?? `${file}#${ref}`);
          const group = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
          filters.set(group, (filters.get(group) ?? 0) + 1);
        }
      }
    }
    if (resources > largestTree.resources) largestTree = { stack: top, resources };
  }
  return { stacks, largestTree, types, metricFiltersPerLogGroup: Math.max(0, ...filters.values()) };
}
