import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CONFIG_FILE, EXAMPLE_DIRECTORY_FILE, findExamplesRoot } from '@keywatch/central';

const REPO = path.join(__dirname, '..', '..', '..');

describe('EXAMPLE_CONFIG_FILE', () => {
  test('is the absolute path of examples/keywatch.yml', () => {
    expect(EXAMPLE_CONFIG_FILE).toBe(path.join(REPO, 'examples', 'keywatch.yml'));
    expect(EXAMPLE_DIRECTORY_FILE).toBe(path.join(REPO, 'examples', 'accounts.yml'));
  });

  test('is found from the compiled package folder too', () => {
    expect(findExamplesRoot(path.join(REPO, 'packages', 'shared', 'dist', 'config'))).toBe(REPO);
  });

  test('is not invented when no parent folder has it', () => {
    expect(findExamplesRoot(os.tmpdir())).toBeUndefined();
  });
});
