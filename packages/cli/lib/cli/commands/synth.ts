import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { synthOrganization } from '../../synth/synth-organization';
import { formatSummary } from '../../synth/format-summary';
import { warningLine } from '../../output/warning';

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
    .option('-c, --config <file>', 'keywatch.yml to deploy (default: the bundled example)')
    .option('-o, --output <dir>', 'cloud assembly directory', 'cdk.out')
    .option('--events-per-month <n>', 'forwarded events per month, for the cost estimate', parseCount)
    .option('--json', 'print the summary as JSON')
    .action((opts: { config?: string; output: string; eventsPerMonth?: number; json?: boolean }) => {
      const summary = synthOrganization({ configFile: opts.config, outdir: opts.output, eventsPerMonth: opts.eventsPerMonth });
      for (const warning of summary.warnings) {
        process.stderr.write(`keywatch: ${warningLine(warning)}\n`);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    });
}
