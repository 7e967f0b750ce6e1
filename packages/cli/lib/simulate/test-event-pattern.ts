import * as fs from 'fs';
import { KeywatchError } from '@keywatch/shared';
import { compileEventPattern, EventPatternError, IP_SEMANTICS, type IpSemantics } from './engine';

/** Fields TestEventPattern requires in the event (EventBridge API reference, TestEventPattern "Event"). */
export const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'] as const;

/**
 * Reads an AWS CLI style argument: "file://<path>" is the file's text (relative to the working directory), anything
 * else the text itself. Throws KeywatchError naming `option` when the file cannot be read.
 */
export function readCliArgument(value: string, option: string): string {
  if (!value.startsWith('file://')) return value;
  const file = value.slice('file://'.length);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeywatchError(`'${option}' must name a readable file; cannot read '${file}': ${(e as Error).message}`);
  }
}

/**
 * Local `aws events test-event-pattern`: true when the event (JSON text with the fields TestEventPattern requires)
 * matches the pattern (JSON text). Throws KeywatchError with the EventPatternError message for an invalid pattern,
 * and for event text that is not a JSON object with the required fields.
 */
export function testEventPattern(patternText: string, eventText: string, ipSemantics: IpSemantics = 'event-ruler'): boolean {
  let compiled;
  try {
    compiled = compileEventPattern(patternText, { ipSemantics });
  } catch (e) {
    if (e instanceof EventPatternError) throw new KeywatchError(`'--event-pattern' is not a valid event pattern: ${e.message}`);
    throw e;
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (e) {
    throw new KeywatchError(`'--event' must be JSON; ${(e as Error).message}`);
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new KeywatchError(`'--event' must be a JSON object; got ${Array.isArray(event) ? 'an array' : JSON.stringify(event)}`);
  }
  const missing = REQUIRED_EVENT_FIELDS.filter((f) => !(f in event));
  if (missing.length > 0) {
    throw new KeywatchError(
      `'--event' must have the fields ${REQUIRED_EVENT_FIELDS.join(', ')} (as TestEventPattern requires); missing: ${missing.join(', ')}`,
    );
  }
  // the text, not the parsed object: the engine then keeps numbers exact where the pattern compares numbers
  return compiled.matches(eventText);
}

/** Parses an `--ip-semantics` value; throws KeywatchError naming the choices otherwise. */
export function parseIpSemantics(value: string): IpSemantics {
  if ((IP_SEMANTICS as readonly string[]).includes(value)) return value as IpSemantics;
  throw new KeywatchError(`'--ip-semantics' must be one of ${IP_SEMANTICS.join(', ')}; got '${value}'`);
}

/** The AWS CLI's output for a TestEventPattern response (its default JSON output: 4-space indent, trailing newline). */
export function formatTestResult(result: boolean): string {
  return `${JSON.stringify({ Result: result }, null, 4)}\n`;
}
