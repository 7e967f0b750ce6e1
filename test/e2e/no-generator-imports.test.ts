import * as path from 'path';
import { generatorImports, scanGeneratorImports } from '../helpers/generator-imports';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The app's entry point is the edge where the configuration becomes the plan (config → plan → constructs): compiling
 * the plan there is its job, not a construct calling back into the core, so it is allowed for good.
 */
const APP_ENTRY: Record<string, string[]> = {
  'packages/central/lib/app/build-app.ts': ['compileOrganization'],
};

/**
 * Constructs connect plan entries to resources; they do not call the pure core's generators (config → plan →
 * constructs, no way back). What is still left to move into the plan is listed here, so the list can only shrink
 * (issue 10 item 3).
 */
const STILL_TO_MOVE: Record<string, string[]> = {};

describe('generator imports', () => {
  test('the scanner finds a generator imported as a value, and ignores types and other names', () => {
    // GIVEN
    const fixture = [
      "import { Aws } from 'aws-cdk-lib';",
      "import { compileOrganization, KeywatchError, emailTemplate as mail } from '@keywatch/shared';",
      "import type { renderPattern } from '@keywatch/shared';",
      "import { type renderJson, ruleState } from '@keywatch/shared';",
      "import {\n  renderEventPattern,\n} from '@keywatch/shared';",
    ].join('\n');
    // THEN
    expect(generatorImports(fixture)).toEqual(['compileOrganization', 'emailTemplate', 'renderEventPattern']);
    expect(generatorImports("import { KeywatchError } from '@keywatch/shared';")).toEqual([]);
  });

  test('no member construct imports a generator from @keywatch/shared', () => {
    expect(scanGeneratorImports(ROOT, 'packages/member/lib')).toEqual({});
  });

  test('central imports only the generators still to move into the plan, besides the app entry compiling the plan', () => {
    expect(scanGeneratorImports(ROOT, 'packages/central/lib')).toEqual({ ...APP_ENTRY, ...STILL_TO_MOVE });
  });
});
