import * as fs from 'fs';
import * as path from 'path';
import { KeywatchError } from '@keywatch/shared';
import {
  RULE_STATES,
  compileEventPattern,
  EventPatternError,
  gateDirectoryOf,
  type CompiledEventPattern,
  type GateDirectoryEntry,
  type IpSemantics,
  type RuleState,
} from '../engine';
import { CfnResource, CfnTemplate, PseudoParameters, referencedId, resolveText, resourcesOfType } from './cfn';
import type { SenderScope, SimRule, SimTarget, SimulationRules, TargetKind } from './types';

/** One stack of a cloud assembly: its artifact ID, stack name, template and the pseudo parameters of its environment. */
export interface AssemblyStack {
  readonly id: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly pseudo: PseudoParameters;
}

/**
 * Loads the rules exactly as synthesized in a cloud assembly (default layout of `keywatch synth`): every stack in
 * manifest.json, and the template of every AWS::CloudFormation::StackSet (found through its TemplateURL in the
 * asset manifests, or its TemplateBody). Rules on the default bus become sender rules scoped to the stack's account and
 * region, or to the StackSet's regions; rules on an AWS::Events::EventBus of a stack are the alert rules.
 * Throws KeywatchError when the directory is not a cloud assembly or holds no sender or no alert rules.
 */
export function loadSimulationRules(cdkOut: string, options: { readonly ipSemantics?: IpSemantics } = {}): SimulationRules {
  const artifacts = readArtifacts(cdkOut);
  const assetFiles = new Map<string, string>();
  for (const [, a] of artifacts) {
    if (a.type === 'cdk:asset-manifest' && typeof a.properties?.file === 'string') {
      const assets = readJson(path.join(cdkOut, a.properties.file), cdkOut) as { files?: Record<string, { source?: { path?: string } }> };
      for (const [hash, f] of Object.entries(assets.files ?? {})) {
        if (typeof f.source?.path === 'string') assetFiles.set(hash, f.source.path);
      }
    }
  }
  const stacks = stacksOf(artifacts, cdkOut);
  const matcherCache = new MatcherCache(options.ipSemantics ?? 'event-ruler');
  const accountScopes: SenderScope[] = [];
  const stackSetScopes: SenderScope[] = [];
  const central: SimRule[] = [];
  let bus: SimulationRules['bus'] | undefined;
  for (const stack of stacks) {
    const busNames = receiverBuses(stack.template, stack.pseudo);
    const senderRules: SimRule[] = [];
    for (const [id, rule] of resourcesOfType(stack.template, 'AWS::Events::Rule')) {
      const props = rule.Properties ?? {};
      const onBus = busOf(props.EventBusName, busNames, stack.pseudo);
      if (onBus === 'default') senderRules.push(matcherCache.rule(id, rule, stack.template, stack.stackName, stack.pseudo));
      else if (onBus !== undefined) {
        central.push(matcherCache.rule(id, rule, stack.template, stack.stackName, stack.pseudo));
        bus ??= { name: onBus, account: stack.pseudo.account, region: stack.pseudo.region };
      }
    }
    const forwarding = dedupe(senderRules.filter(forwardsToBus));
    if (forwarding.length > 0) {
      accountScopes.push({
        origin: `stack ${stack.stackName}`,
        account: stack.pseudo.account,
        regions: stack.pseudo.region ? new Set([stack.pseudo.region]) : undefined,
        rules: forwarding,
      });
    }
    for (const [id, stackSet] of resourcesOfType(stack.template, 'AWS::CloudFormation::StackSet')) {
      const props = stackSet.Properties ?? {};
      const name = typeof props.StackSetName === 'string' ? props.StackSetName : id;
      const template = stackSetTemplate(props, assetFiles, cdkOut, name);
      const origin = `StackSet ${name}`;
      const rules = resourcesOfType(template, 'AWS::Events::Rule')
        .filter(([, r]) => busOf(r.Properties?.EventBusName, new Map(), {}) === 'default')
        .map(([rid, r]) => matcherCache.rule(rid, r, template, origin, {}));
      stackSetScopes.push({ origin, regions: stackSetRegions(props), rules: dedupe(rules.filter(forwardsToBus)) });
    }
  }
  const senders = [...accountScopes, ...stackSetScopes];
  if (senders.every((s) => s.rules.length === 0)) {
    throw new KeywatchError(`${cdkOut} holds no sender rules (rules on a default event bus that forward to an event bus); run \`keywatch synth\` again`);
  }
  if (central.length === 0 || bus === undefined) {
    throw new KeywatchError(`${cdkOut} holds no alert rules (rules on a custom AWS::Events::EventBus); run \`keywatch synth\` again`);
  }
  return { senders, central, bus };
}

/**
 * The stacks of the cloud assembly in `cdkOut` (manifest.json order), each with its template and the account and region
 * of its environment. Throws KeywatchError when the directory is not a cloud assembly.
 */
export function readAssemblyStacks(cdkOut: string): AssemblyStack[] {
  return stacksOf(readArtifacts(cdkOut), cdkOut);
}

/** The bus an AWS::Events::Rule of `stack` is on: 'default', the name of a custom bus of the same stack, or undefined for any other bus. */
export function ruleBusOf(stack: AssemblyStack, rule: CfnResource): string | undefined {
  return busOf(rule.Properties?.EventBusName, receiverBuses(stack.template, stack.pseudo), stack.pseudo);
}

function readArtifacts(cdkOut: string): Array<[string, ArtifactJson]> {
  const manifest = readJson(path.join(cdkOut, 'manifest.json'), cdkOut) as { artifacts?: Record<string, ArtifactJson> };
  return Object.entries(manifest.artifacts ?? {});
}

function stacksOf(artifacts: ReadonlyArray<[string, ArtifactJson]>, cdkOut: string): AssemblyStack[] {
  return artifacts
    .filter(([, a]) => a.type === 'aws:cloudformation:stack' && typeof a.properties?.templateFile === 'string')
    .map(([id, a]) => ({
      id,
      stackName: a.properties?.stackName ?? id,
      template: readJson(path.join(cdkOut, a.properties!.templateFile!), cdkOut) as CfnTemplate,
      pseudo: parseEnvironment(a.environment),
    }));
}

interface ArtifactJson {
  readonly type?: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly file?: string };
}

function readJson(file: string, cdkOut: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeywatchError(`'--cdk-out' must be a cloud assembly written by \`keywatch synth\`; cannot read ${file} (in ${cdkOut})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new KeywatchError(`${file} is not valid JSON (${(e as Error).message}); run \`keywatch synth\` again`);
  }
}

function parseEnvironment(env: string | undefined): PseudoParameters {
  const m = /^aws:\/\/([^/]+)\/(.+)$/.exec(env ?? '');
  if (!m) return {};
  return { account: /^\d{12}$/.test(m[1]) ? m[1] : undefined, region: m[2].startsWith('unknown') ? undefined : m[2] };
}

/** Logical ID → Name of every custom event bus in the template. */
function receiverBuses(template: CfnTemplate, pseudo: PseudoParameters): Map<string, string> {
  const buses = new Map<string, string>();
  for (const [id, r] of resourcesOfType(template, 'AWS::Events::EventBus')) {
    buses.set(id, resolveText(r.Properties?.Name, pseudo) ?? id);
  }
  return buses;
}

/** "default" for the default bus; the receiver bus's name for a rule on it; undefined for any other bus. */
function busOf(eventBusName: unknown, buses: Map<string, string>, pseudo: PseudoParameters): string | undefined {
  if (eventBusName === undefined) return 'default';
  const ref = referencedId(eventBusName);
  if (ref !== undefined) return buses.get(ref);
  const text = resolveText(eventBusName, pseudo);
  if (text === undefined) return undefined;
  const name = text.includes(':event-bus/') ? text.slice(text.lastIndexOf('/') + 1) : text;
  if (name === 'default') return 'default';
  return [...buses.values()].includes(name) ? name : undefined;
}

function forwardsToBus(rule: SimRule): boolean {
  return rule.targets.some((t) => t.kind === 'event-bus');
}

/** Keeps the first of rules with the same pattern, state and targets (the same rule synthesized in several stacks). */
function dedupe(rules: SimRule[]): SimRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify([r.matcher.source, r.state, r.targets.map((t) => [t.kind, t.arn])]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stackSetTemplate(props: Readonly<Record<string, unknown>>, assetFiles: Map<string, string>, cdkOut: string, name: string): CfnTemplate {
  if (props.TemplateBody !== undefined) {
    return (typeof props.TemplateBody === 'string' ? JSON.parse(props.TemplateBody) : props.TemplateBody) as CfnTemplate;
  }
  const url = resolveText(props.TemplateURL) ?? '';
  const base = url.slice(url.lastIndexOf('/') + 1);
  const file = assetFiles.get(base.replace(/\.json$/, '')) ?? (fs.existsSync(path.join(cdkOut, base)) ? base : undefined);
  if (file === undefined) {
    throw new KeywatchError(`cannot find the template of StackSet ${name} (TemplateURL '${url}') in ${cdkOut}; run \`keywatch synth\` again`);
  }
  return readJson(path.join(cdkOut, file), cdkOut) as CfnTemplate;
}

function stackSetRegions(props: Readonly<Record<string, unknown>>): ReadonlySet<string> | undefined {
  const groups = props.StackInstancesGroup;
  if (!Array.isArray(groups)) return undefined;
  const regions = new Set<string>();
  for (const g of groups as Array<{ Regions?: unknown }>) {
    if (!Array.isArray(g.Regions) || !g.Regions.every((r) => typeof r === 'string')) return undefined;
    for (const r of g.Regions as string[]) regions.add(r);
  }
  return regions;
}

/** The compiled matchers of the rules read, one per distinct pattern (rules with the same pattern share it); builds each SimRule. */
class MatcherCache {
  private readonly matchers = new Map<string, CompiledEventPattern>();

  constructor(private readonly ipSemantics: IpSemantics) {}

  rule(id: string, resource: CfnResource, template: CfnTemplate, stack: string, pseudo: PseudoParameters): SimRule {
    const props = resource.Properties ?? {};
    const state = (props.State ?? 'ENABLED') as RuleState;
    if (!(RULE_STATES as readonly string[]).includes(state)) {
      throw new KeywatchError(`rule ${id} of ${stack} has State '${String(props.State)}'; expected one of ${RULE_STATES.join(', ')}`);
    }
    const text = typeof props.EventPattern === 'string' ? props.EventPattern : JSON.stringify(props.EventPattern ?? {});
    let matcher = this.matchers.get(text);
    if (matcher === undefined) {
      try {
        matcher = compileEventPattern(text, { ipSemantics: this.ipSemantics });
      } catch (e) {
        if (e instanceof EventPatternError) throw new KeywatchError(`rule ${id} of ${stack} has an invalid EventPattern: ${e.message}`);
        throw e;
      }
      this.matchers.set(text, matcher);
    }
    const name = typeof props.Name === 'string' ? props.Name : id;
    const targets = Array.isArray(props.Targets) ? (props.Targets as Array<Record<string, unknown>>).map((t) => target(t, template, pseudo)) : [];
    return { name, stack, state, matcher, targets };
  }
}

function target(t: Record<string, unknown>, template: CfnTemplate, pseudo: PseudoParameters): SimTarget {
  const arn = resolveText(t.Arn, pseudo) ?? JSON.stringify(t.Arn);
  const transformer = t.InputTransformer as { InputPathsMap?: Record<string, unknown>; InputTemplate?: unknown } | undefined;
  let inputTransformer: SimTarget['inputTransformer'];
  if (transformer !== undefined) {
    const inputTemplate = resolveText(transformer.InputTemplate, pseudo);
    if (inputTemplate === undefined)
      throw new KeywatchError(`target ${String(t.Id)} has an InputTemplate keywatch cannot resolve: ${JSON.stringify(transformer.InputTemplate)}`);
    const inputPathsMap: Record<string, string> = {};
    for (const [k, v] of Object.entries(transformer.InputPathsMap ?? {})) inputPathsMap[k] = resolveText(v, pseudo) ?? JSON.stringify(v);
    inputTransformer = { inputPathsMap, inputTemplate };
  }
  const kind = targetKind(t.Arn, arn, template);
  const gateDirectory = kind === 'notify-gate' ? directoryOf(referencedId(t.Arn), template, pseudo) : undefined;
  return { id: String(t.Id), kind, arn, inputTransformer, ...(gateDirectory ? { gateDirectory } : {}) };
}

/** The directory of the notify gate state machine `id` of `template` (its Directory<n> states); undefined when it has none. */
function directoryOf(id: string | undefined, template: CfnTemplate, pseudo: PseudoParameters): Record<string, GateDirectoryEntry> | undefined {
  const text = resolveText(template.Resources?.[id ?? '']?.Properties?.DefinitionString, pseudo);
  if (text === undefined) return undefined;
  let definition: { States?: Record<string, unknown> };
  try {
    definition = JSON.parse(text) as { States?: Record<string, unknown> };
  } catch (e) {
    throw new KeywatchError(`the notify gate ${id} has a DefinitionString that is not JSON (${(e as Error).message}); run \`keywatch synth\` again`);
  }
  const directory = gateDirectoryOf(definition);
  return Object.keys(directory).length > 0 ? directory : undefined;
}

function targetKind(raw: unknown, arn: string, template: CfnTemplate): TargetKind {
  const ref = referencedId(raw);
  const resources = template.Resources ?? {};
  if (ref !== undefined && resources[ref]?.Type === 'AWS::SNS::Topic') {
    const subscribed = (protocols: string[]): boolean =>
      resourcesOfType(template, 'AWS::SNS::Subscription').some(
        ([, s]) => referencedId(s.Properties?.TopicArn) === ref && protocols.includes(String(s.Properties?.Protocol)),
      );
    if (subscribed(['email', 'email-json'])) return 'email';
    const chat = Object.values(resources).some(
      (r) => r.Type.startsWith('AWS::Chatbot::') && JSON.stringify(r.Properties?.SnsTopicArns ?? []).includes(`"${ref}"`),
    );
    return chat ? 'chat' : 'other';
  }
  if (ref !== undefined && resources[ref]?.Type === 'AWS::Events::EventBus') return 'event-bus';
  if (ref !== undefined && resources[ref]?.Type === 'AWS::StepFunctions::StateMachine') return 'notify-gate';
  if (arn.includes(':event-bus/')) return 'event-bus';
  if (/^arn:[^:]+:logs:/.test(arn)) return 'log';
  return 'other';
}
