import type { Command } from 'commander';
import { formatTestResult, parseIpSemantics, readCliArgument, testEventPattern } from '../../simulate/test-event-pattern';
import type { RegisterCommand } from './index';

/** Help text of every `--ip-semantics` flag. */
export const IP_SEMANTICS_HELP =
  'how IP matchers compare IPv4 and IPv6: event-ruler (digit-wise, as aws/event-ruler 2.0.1; IPv6 ranges can match IPv4 values and back) or strict (each family only its own); `keywatch verify` tells which one your account has';

/** Registers `keywatch test-event-pattern`: `aws events test-event-pattern`, offline, with the local engine. */
export const registerTestEventPattern: RegisterCommand = (program: Command) => {
  program
    .command('test-event-pattern')
    .description('Test whether an event matches an event pattern, offline (output as `aws events test-event-pattern`)')
    .requiredOption('--event-pattern <json>', 'the event pattern: JSON text or file://<path>')
    .requiredOption('--event <json>', 'the event: JSON text or file://<path>, with id, account, source, time, region, resources, detail-type')
    .option('--ip-semantics <semantics>', IP_SEMANTICS_HELP, 'event-ruler')
    .action((opts: { eventPattern: string; event: string; ipSemantics: string }) => {
      const semantics = parseIpSemantics(opts.ipSemantics);
      const pattern = readCliArgument(opts.eventPattern, '--event-pattern');
      const event = readCliArgument(opts.event, '--event');
      process.stdout.write(formatTestResult(testEventPattern(pattern, event, semantics)));
    });
};
