import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ALERT_LOG_GROUP_NAME, EXAMPLE_CONFIG_FILE, SENDER_STACKSET_NAME, buildKeywatchApp, loadConfig, recommendedContext } from '@keywatch/central';
import { SynthSummary, summarize } from './summary';

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
 * StackSet template, management stacks) into `outdir` (default cdk.out), then summarizes it. Throws
 * ConfigError/QuotaError before anything is written; throws when cdk-nag or another validation fails.
 */
export function synthOrganization(options: SynthOrganizationOptions = {}): SynthSummary {
  const configFile = options.configFile ?? EXAMPLE_CONFIG_FILE;
  const loaded = loadConfig(configFile);
  const outdir = path.resolve(options.outdir ?? 'cdk.out');
  const app = new App({ outdir, context: recommendedContext() });
  const built = buildKeywatchApp(loaded, app);
  const assembly = app.synth();
  const templates = [
    ...assembly.stacks.map((s) => path.join(path.relative(process.cwd(), outdir) || '.', s.templateFile)),
    path.join(path.relative(process.cwd(), outdir) || '.', built.stackSet.template.templateFile),
  ];
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
  });
}
