import { fillGateInput, fillMarkers, gateDirectoryEntry, gateDirectoryOf, GROUP_MARKERS, notifyGateDefinition, notifyGateTemplate } from '@keywatch/shared';
import { lit } from '../../../packages/shared/lib/templates/render';

const M = GROUP_MARKERS;

describe('the notify gate directory (local model of the gate)', () => {
  test('fillMarkers replaces each marker once: text filled in is not scanned again', () => {
    expect(fillMarkers(`A ${M.name} B ${M.ou} C ${M.owner} ${M.name}`, [M.ou, 'x', 'y'])).toBe(`A ${M.ou} B x C y ${M.ou}`);
  });

  test('directory text cannot carry a marker: lit() turns U+E000–U+E004 into U+FFFD', () => {
    expect(lit(`a${M.name}b\uE000\uE004`)).toBe('a\uFFFDb\uFFFD\uFFFD');
    expect(gateDirectoryEntry('en', { id: '123456789012', name: `x${M.owner}`, ouPath: '', owner: 'o' }).chat[0]).toBe('x\uFFFD');
  });

  test('the e-mail entry is kept only where it differs (JSON escapes, ‹ › for < >); the OU of the root is the root wording', () => {
    expect(gateDirectoryEntry('en', { id: '123456789012', name: 'plain', ouPath: '', owner: 'Team' })).toEqual({
      chat: ['plain', '(organization root)', 'Team'],
    });
    expect(gateDirectoryEntry('ja', { id: '123456789012', name: 'a"<b>', ouPath: 'X\\Y', owner: 'T' })).toEqual({
      chat: ['a"<b>', 'X\\Y', 'T'],
      email: ['a\\"‹b›', 'X\\\\Y', 'T'],
    });
  });

  test('an input whose account is not in the directory is returned as it is', () => {
    const input = { account: '210987654321', email: `x ${M.name}` };
    expect(fillGateInput(input, {})).toBe(input);
  });

  test('gateDirectoryOf reads back what notifyGateDefinition stores, and rejects a malformed entry', () => {
    const directory = { '123456789012': gateDirectoryEntry('en', { id: '123456789012', name: '{% $x %}', ouPath: 'A/B', owner: '${X}' }) };
    const def = notifyGateDefinition({ mode: 'digest', windowMinutes: 5, locale: 'en', directory });
    expect(gateDirectoryOf(def)).toEqual(directory);
    expect(gateDirectoryOf(notifyGateDefinition({ mode: 'digest', windowMinutes: 5, locale: 'en' }))).toEqual({});
    expect(() => gateDirectoryOf({ States: { Directory1: { Assign: { directory1: { '123456789012': { c: ['no-prefix', '=a', '=b'] } } } } } })).toThrow(
      /the notify gate's entry of 123456789012 must be three strings starting with "="/,
    );
  });

  test('a grouped gate input never names a recipients topic', () => {
    expect(() => notifyGateTemplate({ locale: 'en', group: true, recipients: true })).toThrow(
      "'recipients' must be false for a grouped rule's gate input; got true",
    );
  });
});
