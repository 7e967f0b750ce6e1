import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ALERT_LOG_GROUP_NAME, EXAMPLE_CONFIG_FILE, SENDER_STACKSET_NAME, buildKeywatchApp, loadConfig, recommendedContext } from '@keywatch/central';
import { cloudFormationLimitProblems, eventBridgeLimitProblems, KeywatchError, PROTECTION_SCP_FILE, QuotaError } from '@keywatch/shared';
import { countStackTrees } from './assembly-counts';
import type { StackTreeCounts } from './assembly-counts';
import { configFingerprint, writeAssemblySource } from './assembly-source';
import { SynthSummary, TemplateFigures, summarize } from './summary';
import { AssemblyTemplate, assemblyTemplateFiles, templateFigures, validateOncePerKind } from './validate-templates';

/** Options of synthOrganization. */
export interface SynthOrganizationOptions {
  /**
   * keywatch.yml to deploy.
   * @default EXAMPLE_CONFIG_FILE (the bundled example)
   */
  readonly configFile?: string;
  /**
   * Cloud assembly directory.
   * @default 'cdk.out'
   */
  readonly outdir?: string;
  /**
   * Forwarded events per month for the cost estimate.
   * @default - the price per million only
   */
  readonly eventsPerMonth?: number;
}

/**
 * Loads the configuration and synthesizes the whole organization deployment offline (central stack, sender
 * StackSet template, management stacks) into `outdir` (default cdk.out), then summarizes it. The assembly is written to
 * a temporary sibling directory and swapped in only when complete, with a record of what it was synthesized from
 * (keywatch-source.json), so a failed synth leaves the previous `outdir` as it was. Throws ConfigError/QuotaError
 * before anything is written; throws when cdk-nag or another validation fails.
 */
export function synthOrganization(options: SynthOrganizationOptions = {}): SynthSummary {
  const configFile = options.configFile ?? EXAMPLE_CONFIG_FILE;
  const loaded = loadConfig(configFile);
  const outdir = path.resolve(options.outdir ?? 'cdk.out');
  if (fs.existsSync(outdir) && !fs.statSync(outdir).isDirectory()) {
    throw new KeywatchError(`the cloud assembly directory ${outdir} is a file: remove it or name another directory`);
  }
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}.synth-`));
  let built: ReturnType<typeof buildKeywatchApp>;
  let assembly: ReturnType<App['synth']>;
  let figures: TemplateFigures[] = [];
  let centralStackTrees: StackTreeCounts | undefined;
  try {
    // Creation stack traces and tree.json are debugging aids that cost a third of synth at 5,000 accounts and change no template;
    // aws-cdk-lib's own CloudFormation validation runs below, once per kind of template (validateOncePerKind).
    const app = new App({
      outdir: staging,
      context: { ...recommendedContext(), 'aws:cdk:disable-stack-trace': true },
      builtinCloudFormationValidation: false,
      treeMetadata: false,
    });
    built = buildKeywatchApp(loaded, app, { nagScope: 'one-stack-per-kind' });
    assembly = synthesizeWithinLimits(app);
    const files = assemblyTemplateFiles(staging);
    figures = templateFigures(staging, files);
    centralStackTrees = countStackTrees(staging, [built.central.templateFile, ...built.shards.map((s) => s.templateFile)]);
    const problems = files.flatMap((f) => {
      const text = fs.readFileSync(path.join(staging, f), 'utf8');
      return [...cloudFormationLimitProblems(f, text), ...eventBridgeLimitProblems(f, text, loaded.config.quotas)];
    });
    if (problems.length > 0) {
      throw new QuotaError(`the synthesized templates cannot be deployed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    const samples = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-validate-'));
    let invalid: string[];
    try {
      invalid = validateOncePerKind(templateKinds(built, files), staging, samples);
    } finally {
      fs.rmSync(samples, { recursive: true, force: true });
    }
    if (invalid.length > 0) {
      // A keywatch defect, not bad input: a plain Error exits 3 (unexpected).
      throw new Error(
        `CloudFormation validation found errors in the synthesized templates (a keywatch defect; please report it):\n${invalid.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    writeAssemblySource(staging, { configFile, fingerprint: configFingerprint(loaded) });
    fs.writeFileSync(path.join(staging, PROTECTION_SCP_FILE), `${JSON.stringify(built.plan.protectionScp, null, 2)}\n`);
    swapInto(staging, outdir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const templates = [
    ...assembly.stacks.map((s) => path.join(path.relative(process.cwd(), outdir) || '.', s.templateFile)),
    path.join(path.relative(process.cwd(), outdir) || '.', built.stackSet.template.templateFile),
  ];
  const busStacks = [built.central.stackName, ...built.shards.map((s) => s.stackName)];
  return summarize(loaded.config, built.plan, {
    configFile,
    outdir: path.relative(process.cwd(), outdir) || '.',
    directory: loaded.directory,
    stackSetHost: Stack.of(built.stackSet).stackName,
    centralStackName: built.central.stackName,
    managementStacks: built.management.map((m) => m.stackName),
    alertLogGroup: ALERT_LOG_GROUP_NAME,
    stackSetName: SENDER_STACKSET_NAME,
    templates,
    warnings: [...loaded.warnings, ...built.plan.warnings, ...(built.onboardingWarning === undefined ? [] : [built.onboardingWarning])],
    eventsPerMonth: options.eventsPerMonth,
    onboardingStack: built.onboardingStack?.stackName,
    protectionScpFile: path.join(path.relative(process.cwd(), outdir) || '.', PROTECTION_SCP_FILE),
    busStacks,
    templateFigures: figures,
    centralStackTrees,
    stackSets: centralStackTrees?.types.get('AWS::CloudFormation::StackSet') ?? 1,
  });
}

/** Replaces `outdir` with the complete assembly in `staging` (renames on one file system; the old one is removed after). */
function swapInto(staging: string, outdir: string): void {
  const old = `${staging}.old`;
  const hadOld = fs.existsSync(outdir);
  if (hadOld) fs.renameSync(outdir, old);
  try {
    fs.renameSync(staging, outdir);
  } catch (e) {
    if (hadOld) fs.renameSync(old, outdir);
    throw e;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

/** app.synth(), with aws-cdk-lib's own 500-resources-per-stack check turned into a QuotaError naming the stack and the fix. */
function synthesizeWithinLimits(app: App): ReturnType<App['synth']> {
  try {
    return app.synth();
  } catch (e) {
    const m = /Number of resources in stack '([^']+)': (\d+) is greater than allowed maximum of (\d+)/.exec(e instanceof Error ? e.message : '');
    if (m === null) throw e;
    throw new QuotaError(
      `stack ${m[1]} would have ${m[2]} resources, over CloudFormation's limit of ${m[3]} per stack; every account with its own alert rule adds resources to the central stack: ` +
        "give fewer accounts their own networks, or raise the EventBridge quota 'Event pattern size' and quotas.eventPatternMaxChars so fewer rules are needed",
    );
  }
}

/** What kind of stack each template file is (see validateOncePerKind), with its account and region. */
function templateKinds(built: ReturnType<typeof buildKeywatchApp>, files: readonly string[]): AssemblyTemplate[] {
  const kinds = new Map<string, AssemblyTemplate>();
  const central = { account: built.central.account, region: built.central.region };
  kinds.set(built.central.templateFile, { file: built.central.templateFile, kind: 'central', ...central });
  for (const s of built.shards) kinds.set(s.templateFile, { file: s.templateFile, kind: 'shard', ...central });
  for (const m of built.management) kinds.set(m.templateFile, { file: m.templateFile, kind: 'management', account: m.account, region: m.region });
  if (built.hunt) kinds.set(built.hunt.templateFile, { file: built.hunt.templateFile, kind: 'hunt', account: built.hunt.account, region: built.hunt.region });
  return files.map((file) => kinds.get(file) ?? { file, kind: file.endsWith('.nested.template.json') ? 'nested' : 'stackset' });
}
