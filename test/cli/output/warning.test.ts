import { WARNING_PREFIX, warningLine, writeWarning } from '../../../packages/cli/lib/output/warning';

describe('warningLine', () => {
  test('prefixes the text with the one warning prefix', () => {
    expect(WARNING_PREFIX).toBe('warning: ');
    expect(warningLine('calls from 32.1.13.184 cannot alert')).toBe('warning: calls from 32.1.13.184 cannot alert');
  });
});

describe('writeWarning', () => {
  test('writes one line as every command prints warnings on stderr: keywatch: warning: <text>', () => {
    let written = '';
    writeWarning('the accounts directory was synced 32 days ago', { write: (t: string) => (written += t) });
    expect(written).toBe('keywatch: warning: the accounts directory was synced 32 days ago\n');
  });
});
