import { WARNING_PREFIX, warningLine } from '../../../packages/cli/lib/output/warning';

describe('warningLine', () => {
  test('prefixes the text with the one warning prefix', () => {
    expect(WARNING_PREFIX).toBe('warning: ');
    expect(warningLine('calls from 32.1.13.184 cannot alert')).toBe('warning: calls from 32.1.13.184 cannot alert');
  });
});
