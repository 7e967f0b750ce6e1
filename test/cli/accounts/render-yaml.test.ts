import { parseDirectoryText } from '@keywatch/shared';
import { renderDirectoryYaml } from '../../../packages/cli/lib/accounts/render-yaml';
import { makeDirectory } from '../../helpers/config';

describe('renderDirectoryYaml', () => {
  test('writes a header, quoted IDs, accounts by id, tags by key, fixed key order', () => {
    const dir = makeDirectory([
      { id: '012345678901', name: 'leading-zero', organizationalUnit: 'Workloads/Prod', tags: { zeta: 'z', alpha: 'a' } },
      { id: '000000000001', name: 'first' },
    ]);
    const yaml = renderDirectoryYaml(dir);
    expect(yaml).toBe(
      [
        '# keywatch accounts directory: written by `keywatch accounts sync` from AWS Organizations.',
        '# Commit it to review changes; edit names and tags in AWS Organizations (the next sync overwrites edits here).',
        '',
        'syncedAt: "2026-11-01T00:00:00Z"',
        'organizationId: o-exampleorg1',
        'accounts:',
        '  - id: "000000000001"',
        '    name: first',
        '    email: first@example.com',
        '    status: ACTIVE',
        '    organizationalUnit: ""',
        '    tags: {}',
        '  - id: "012345678901"',
        '    name: leading-zero',
        '    email: leading-zero@example.com',
        '    status: ACTIVE',
        '    organizationalUnit: Workloads/Prod',
        '    tags:',
        '      alpha: a',
        '      zeta: z',
        '',
      ].join('\n'),
    );
    expect(parseDirectoryText(yaml, 'accounts.yml').accounts.map((a) => a.id)).toEqual(['000000000001', '012345678901']);
  });

  test('is independent of input order', () => {
    const a = makeDirectory([
      { id: '222222222222', name: 'b', tags: { y: '1', x: '2' } },
      { id: '111111111111', name: 'a' },
    ]);
    const b = makeDirectory([
      { id: '111111111111', name: 'a' },
      { id: '222222222222', name: 'b', tags: { x: '2', y: '1' } },
    ]);
    expect(renderDirectoryYaml(a)).toBe(renderDirectoryYaml(b));
  });
});
