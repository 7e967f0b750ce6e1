import { ALERT_FIELDS, inputTransformerProblems, placeholdersOf } from '../../../packages/shared/lib/templates';
import { renderJson, renderTextLines, v } from '../../../packages/shared/lib/templates/render';

describe('inputTransformerProblems', () => {
  test('accepts a template whose placeholders and paths match, with predefined variables', () => {
    expect(inputTransformerProblems({ inputPathsMap: { a: '$.account' }, inputTemplate: '"<a> <aws.events.rule-name>"' })).toEqual([]);
  });

  test('reports an undefined placeholder, an unused key, an "AWS." key, an empty and an oversized template, and too many paths', () => {
    expect(inputTransformerProblems({ inputPathsMap: {}, inputTemplate: '"<b>"' })).toEqual(['placeholder <b> is not defined in InputPathsMap']);
    expect(inputTransformerProblems({ inputPathsMap: { a: '$.a' }, inputTemplate: '"x"' })).toEqual(["InputPathsMap key 'a' is not used in the template"]);
    expect(inputTransformerProblems({ inputPathsMap: { 'AWS.x': '$.a' }, inputTemplate: '"<AWS.x>"' })[0]).toMatch(/must not start with "AWS\."/);
    expect(inputTransformerProblems({ inputPathsMap: {}, inputTemplate: '' })).toEqual(['InputTemplate has 0 characters; it must have 1 to 8192']);
    expect(inputTransformerProblems({ inputPathsMap: {}, inputTemplate: 'x'.repeat(8193) })).toEqual([
      'InputTemplate has 8193 characters; it must have 1 to 8192',
    ]);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, '$.a']));
    const problems = inputTransformerProblems({
      inputPathsMap: many,
      inputTemplate: Object.keys(many)
        .map((k) => `<${k}>`)
        .join(''),
    });
    expect(problems).toEqual(['InputPathsMap has 101 entries; at most 100 are allowed']);
  });
});

describe('renderers', () => {
  test('text lines: literal angle brackets become look-alikes, placeholders stay', () => {
    expect(renderTextLines([`a <b> "c" ${v('account')}`, 'ß\\'])).toBe('"a \u2039b\u203A \\"c\\" <account>"\n"ß\\\\"');
    expect(placeholdersOf(renderTextLines(['<x>']))).toEqual([]);
  });

  test('JSON: a whole-value placeholder is unquoted, one inside text stays in the string, literal < > are JSON escapes', () => {
    expect(renderJson({ k: v('region'), s: `in ${v('region')} <x>` })).toBe('{"k":<region>,"s":"in <region> \\u003cx\\u003e"}');
  });

  test('every shared field is a dot-notation JSONPath', () => {
    for (const path of Object.values(ALERT_FIELDS)) {
      expect(path).toMatch(/^\$(\.[A-Za-z0-9_-]+)+$/);
    }
  });
});
