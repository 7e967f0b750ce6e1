import type { Command } from 'commander';
import { formatTestResult, readCliArgument, testEventPattern } from '../../simulate/test-event-pattern';
import type { RegisterCommand } from './index';

/** Registers `keywatch test-event-pattern`: `aws events test-event-pattern`, offline, with the local engine. */
export const registerTestEventPattern: RegisterCommand = (program: Command) => {
  program
    .command('test-event-pattern')
    .description('Test whether an event matches an event pattern, offline (output as `aws events test-event-pattern`)')
    .requiredOption('--event-pattern <json>', 'the event pattern: JSON text or file://<path>')
    .requiredOption('--event <json>', 'the event: JSON text or file://<path>, with id, account, source, time, region, resources, detail-type')
    .action((opts: { eventPattern: string; event: string }) => {
      const pattern = readCliArgument(opts.eventPattern, '--event-pattern');
      const event = readCliArgument(opts.event, '--event');
      process.stdout.write(formatTestResult(testEventPattern(pattern, event)));
    });
};
