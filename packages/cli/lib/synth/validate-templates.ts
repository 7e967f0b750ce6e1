import * as fs from 'fs';
import * as path from 'path';
import { App, CloudFormationValidatePlugin } from 'aws-cdk-lib';
import type { TemplateFigures } from './summary';

/** One synthesized template file of the assembly and what kind of stack it is. */
export interface AssemblyTemplate {
  /** Path relative to the assembly directory. */
  readonly file: string;
  /** Kind of stack: templates of one kind come from the same constructs and differ only in data (accounts, rules, region). */
  readonly kind: string;
  /** Account and region the template deploys to, when known. */
  readonly account?: string;
  readonly region?: string;
}

/** Every `*.template.json` of the assembly directory `dir` (stacks, nested stacks, StackSet templates), sorted. */
export function assemblyTemplateFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .sort();
}

/** Size and section counts of each template file (relative to `dir`), for the summary and the limit checks. */
export function templateFigures(dir: string, files: readonly string[]): TemplateFigures[] {
  return files.map((file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const t = JSON.parse(text) as Record<string, object | undefined>;
    const count = (section: string) => Object.keys(t[section] ?? {}).length;
    return { file, bytes: Buffer.byteLength(text, 'utf8'), resources: count('Resources'), outputs: count('Outputs'), parameters: count('Parameters') };
  });
}

/** The largest template of each kind: the ones `validateOncePerKind` checks. */
export function representatives(templates: readonly AssemblyTemplate[], dir: string): AssemblyTemplate[] {
  const byKind = new Map<string, { t: AssemblyTemplate; bytes: number }>();
  for (const t of templates) {
    const bytes = fs.statSync(path.join(dir, t.file)).size;
    const best = byKind.get(t.kind);
    if (!best || bytes > best.bytes) byKind.set(t.kind, { t, bytes });
  }
  return [...byKind.values()].map((v) => v.t);
}

/** Resources of one type the validated sample of a template keeps (the others of that type differ only in data). */
export const SAMPLE_RESOURCES_PER_TYPE = 3;

type Template = { Resources?: Record<string, { Type?: string; DependsOn?: unknown }>; Outputs?: Record<string, unknown> } & Record<string, unknown>;

/** Logical IDs `value` refers to (Ref, Fn::GetAtt, ${…} in Fn::Sub strings, DependsOn). */
function references(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) references(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') into.add(v);
      else if (k === 'Fn::GetAtt') into.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'DependsOn') (Array.isArray(v) ? v : [v]).forEach((d) => into.add(String(d)));
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) into.add(m[1]);
        references(v, into);
      } else references(v, into);
    }
  }
}

/**
 * A sample of `template` for validation (pure): the first SAMPLE_RESOURCES_PER_TYPE resources of each type, every
 * resource they refer to (transitively), every parameter, condition and mapping, and the outputs whose references were
 * all kept. The resources left out are more of the same types built by the same constructs with other data (accounts,
 * rules, alarms); the limits keywatch checks itself (sizes, counts) are checked on the whole templates.
 */
export function sampleTemplate(template: Template): Template {
  const resources = template.Resources ?? {};
  const perType = new Map<string, number>();
  const keep = new Set<string>();
  for (const [id, r] of Object.entries(resources)) {
    const n = perType.get(r.Type ?? '') ?? 0;
    if (n < SAMPLE_RESOURCES_PER_TYPE) keep.add(id);
    perType.set(r.Type ?? '', n + 1);
  }
  const queue = [...keep];
  while (queue.length > 0) {
    const refs = new Set<string>();
    references(resources[queue.pop() as string], refs);
    for (const ref of refs) {
      if (resources[ref] !== undefined && !keep.has(ref)) {
        keep.add(ref);
        queue.push(ref);
      }
    }
  }
  const outputs = Object.entries(template.Outputs ?? {}).filter(([, o]) => {
    const refs = new Set<string>();
    references(o, refs);
    return [...refs].every((r) => keep.has(r) || resources[r] === undefined);
  });
  return {
    ...template,
    Resources: Object.fromEntries(Object.entries(resources).filter(([id]) => keep.has(id))),
    ...(template.Outputs === undefined ? {} : { Outputs: Object.fromEntries(outputs) }),
  };
}

/**
 * aws-cdk-lib's built-in CloudFormation validation (the `@aws/cloudformation-validate` engine behind
 * `App.builtinCloudFormationValidation`: resource schemas and the default rules), run once per kind of template instead
 * of on every template. At 5,000 accounts × 17 regions the assembly holds ~300 templates of six kinds (central, shard,
 * nested alarms, StackSet, management, hunt) that differ only in data; the engine's time grows faster than a template's
 * size, and checking each would cost minutes. So synth checks a sample (sampleTemplate) of the largest template of each
 * kind — every construct and property shape keywatch emits — and the test suite runs cfn-lint on every template of a
 * 5,000-account assembly (`test/e2e/scale.test.ts`). The samples are written to `sampleDir`. Returns the errors
 * (severity error or fatal), each naming the template, the resource and the rule; empty when there are none.
 */
export function validateOncePerKind(templates: readonly AssemblyTemplate[], dir: string, sampleDir: string): string[] {
  const chosen = representatives(templates, dir).map((t) => {
    const sample = path.join(sampleDir, t.file);
    fs.writeFileSync(sample, JSON.stringify(sampleTemplate(JSON.parse(fs.readFileSync(path.join(dir, t.file), 'utf8')) as Template), undefined, 1));
    return { ...t, sample };
  });
  const plugin = new CloudFormationValidatePlugin();
  const report = plugin.validate({
    templatePaths: chosen.map((t) => t.sample),
    stackTemplates: chosen.map((t) => ({ stackConstructPath: t.kind, templatePath: t.sample, accountId: t.account, region: t.region })),
    appConstruct: new App(),
  });
  return report.violations
    .filter((v) => v.severity === 'error' || v.severity === 'fatal')
    .flatMap((v) =>
      v.violatingResources.map(
        (r) =>
          `${path.basename(r.templatePath ?? '')}: ${r.resourceLogicalId ?? r.constructPath ?? ''} ${v.ruleName}: ${v.description}${v.fix ? ` (${v.fix})` : ''}`,
      ),
    );
}
