import { InvalidArgumentError, Option, type Command } from 'commander';
import { synthOrganization } from '../../synth/synth-organization';
import { renderSynthSummary } from '../../synth/render-summary';
import { writeWarning } from '../../output/warning';
import { checkNoNul, CONFIG_HELP, configFile } from '../options';

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`must be a whole number of events such as 2000000; got '${value}'`);
  }
  return Number(value);
}

/** Adds `keywatch synth`: synthesizes the whole organization deployment offline and prints a summary (default config: the bundled example; default output: cdk.out). */
export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('Synthesize the organization deployment (central stack, sender StackSet, management stacks) offline and summarize it')
    .option('-c, --config <file>', `${CONFIG_HELP}; the bundled example is examples/keywatch.yml`)
    .option('--cdk-out <dir>', 'cloud assembly directory to write (default: cdk.out)')
    // the name of earlier releases, kept working
    .addOption(new Option('-o, --output <dir>').hideHelp())
    .option('--events-per-month <n>', 'forwarded events per month, for the cost estimate', parseCount)
    .option('--json', 'print the summary as JSON')
    .action((opts: { config?: string; cdkOut?: string; output?: string; eventsPerMonth?: number; json?: boolean }) => {
      const outdir = opts.cdkOut ?? opts.output ?? 'cdk.out';
      checkNoNul(outdir);
      const summary = synthOrganization({
        configFile: configFile(opts.config),
        outdir,
        eventsPerMonth: opts.eventsPerMonth,
      });
      for (const warning of summary.warnings) {
        writeWarning(warning);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSynthSummary(summary));
    });
}
