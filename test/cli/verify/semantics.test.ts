import { matchesEventPattern } from '@keywatch/shared';
import { semanticsEvent } from '../../../packages/cli/lib/verify/probes';
import { SEMANTICS_PROBES, classifySemantics, semanticsProbePattern } from '../../../packages/cli/lib/verify/semantics';
import { eventRulerAvailability, runEventRuler } from '../../helpers/event-ruler';

const event = (ip: string) => semanticsEvent(ip, '222222222222', 'eu-west-1', '2026-12-01T00:00:00Z');

describe('IP semantics probes', () => {
  test('at least one probe tells the models apart, and the controls agree across them', () => {
    expect(SEMANTICS_PROBES.some((p) => p.eventRuler !== p.strict)).toBe(true);
    expect(SEMANTICS_PROBES.some((p) => p.eventRuler === p.strict && p.strict)).toBe(true);
    expect(SEMANTICS_PROBES.some((p) => p.eventRuler === p.strict && !p.strict)).toBe(true);
  });

  test('classifies each model’s answers as that model, and anything else as unknown', () => {
    // GIVEN the answer columns of the probe table
    const eventRuler = SEMANTICS_PROBES.map((p) => p.eventRuler);
    const strict = SEMANTICS_PROBES.map((p) => p.strict);
    // THEN
    expect(classifySemantics(eventRuler)).toBe('event-ruler');
    expect(classifySemantics(strict)).toBe('strict');
    expect(classifySemantics(SEMANTICS_PROBES.map(() => true))).toBe('unknown');
    expect(classifySemantics(SEMANTICS_PROBES.map(() => false))).toBe('unknown');
    // a service that leaks one way only (IPv6 values into IPv4 ranges, not IPv4 into IPv6 ranges) fits neither
    expect(classifySemantics(SEMANTICS_PROBES.map((p) => (p.id === 'ipv4-value-in-short-ipv6-range' ? false : p.eventRuler)))).toBe('unknown');
    expect(classifySemantics(eventRuler.slice(1))).toBe('unknown');
  });

  test.each(['event-ruler', 'strict'] as const)('the local engine in %s semantics answers the probes as that column says', (semantics) => {
    const answers = SEMANTICS_PROBES.map((p) => matchesEventPattern(semanticsProbePattern(p), event(p.value), { ipSemantics: semantics }));
    expect(answers).toEqual(SEMANTICS_PROBES.map((p) => (semantics === 'strict' ? p.strict : p.eventRuler)));
    expect(classifySemantics(answers)).toBe(semantics);
  });

  const oracle = eventRulerAvailability();
  (oracle === 'skip' ? test.skip : test)('aws/event-ruler 2.0.1 itself answers the probes as the event-ruler column says', async () => {
    if (oracle === 'fail') throw new Error('KEYWATCH_EVENT_RULER_CP is not set under CI');
    const results = await runEventRuler(SEMANTICS_PROBES.map((p) => ({ pattern: semanticsProbePattern(p), event: event(p.value) })));
    expect(results).toEqual(SEMANTICS_PROBES.map((p) => ({ result: p.eventRuler })));
  });
});
