import { compileEventPattern, EventPatternError, matchesEventPattern, validateEventPattern } from '../../../packages/shared/lib/engine';

/** Example event from the EventBridge user guide (eb-event-patterns). */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.123' },
};

const cases: Array<[string, object, object, boolean]> = [
  // eb-event-patterns: exact values, arrays are OR, fields AND
  ['exact source', { source: ['aws.ec2'] }, ec2Event, true],
  ['exact is case-sensitive', { source: ['AWS.EC2'] }, ec2Event, false],
  ['any value of a list', { detail: { state: ['running', 'terminated'] } }, ec2Event, true],
  ['all fields must match', { source: ['aws.ec2'], detail: { state: ['running'] } }, ec2Event, false],
  ['event array matches when any element does', { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] }, ec2Event, true],
  // eb-create-pattern-operators
  ['prefix', { time: [{ prefix: '2017-12-22' }] }, ec2Event, true],
  ['prefix equals-ignore-case', { source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, ec2Event, true],
  ['suffix', { detail: { 'instance-id': [{ suffix: 'def0' }] } }, ec2Event, true],
  ['suffix equals-ignore-case', { detail: { 'instance-id': [{ suffix: { 'equals-ignore-case': 'DEF0' } }] } }, ec2Event, true],
  ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, ec2Event, true],
  ['wildcard', { resources: [{ wildcard: 'arn:aws:ec2:*:*:instance/*' }] }, ec2Event, true],
  ['wildcard must cover the whole value', { source: [{ wildcard: 'aws' }] }, ec2Event, false],
  ['anything-but value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2Event, true],
  ['anything-but list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, ec2Event, false],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, ec2Event, true],
  ['anything-but suffix', { detail: { 'instance-id': [{ 'anything-but': { suffix: 'def0' } }] } }, ec2Event, false],
  ['anything-but equals-ignore-case', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } }, ec2Event, false],
  ['anything-but wildcard', { detail: { 'instance-id': [{ 'anything-but': { wildcard: 'i-*' } }] } }, ec2Event, false],
  ['anything-but never matches a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, ec2Event, false],
  [
    'numeric range',
    { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    ec2Event,
    true,
  ],
  ['numeric excludes strings', { source: [{ numeric: ['>', 0] }] }, ec2Event, false],
  ['cidr', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, ec2Event, true],
  ['cidr outside', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, ec2Event, false],
  ['exists true', { detail: { state: [{ exists: true }] } }, ec2Event, true],
  ['exists false', { detail: { nope: [{ exists: false }] } }, ec2Event, true],
  ['exists false on a present field', { detail: { state: [{ exists: false }] } }, ec2Event, false],
  ['$or', { source: ['aws.ec2'], $or: [{ detail: { state: ['running'] } }, { detail: { 'c-count': [5] } }] }, ec2Event, true],
  ['$or none', { $or: [{ source: ['x'] }, { region: ['y'] }] }, ec2Event, false],
  ['nested $or', { detail: { $or: [{ state: ['x'] }, { $or: [{ 'd-count': [3] }, { 'c-count': [9] }] }] } }, ec2Event, true],
  ['dotted field name equals nesting', { 'detail.state': ['terminated'] }, ec2Event, true],
];

describe('matchesEventPattern', () => {
  test.each(cases)('%s', (_name, pattern, event, expected) => {
    // GIVEN a pattern and an event from the AWS documentation WHEN matching THEN the documented result
    expect(matchesEventPattern(pattern, event)).toBe(expected);
    expect(compileEventPattern(JSON.stringify(pattern)).matches(JSON.stringify(event))).toBe(expected);
  });

  test('IP addresses are compared as addresses, IPv4 and IPv6', () => {
    // GIVEN bare IPs and CIDRs WHEN matched against other spellings THEN addresses compare, not text
    expect(matchesEventPattern({ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0:0:0:0:1' })).toBe(true);
    expect(matchesEventPattern({ ip: ['10.0.0.1'] }, { ip: '010.0.0.1' })).toBe(true);
    expect(matchesEventPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:DB8:1::5' })).toBe(true);
    expect(matchesEventPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:a00:1' })).toBe(true); // Java maps it to IPv4
    expect(matchesEventPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:10.0.0.1' })).toBe(false); // not an IP to event-ruler
    expect(matchesEventPattern({ ip: [{ cidr: '0.0.0.0/0' }] }, { ip: 'AWS Internal/3' })).toBe(false);
    expect(matchesEventPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'fe80::1%eth0' })).toBe(false);
    expect(matchesEventPattern({ ip: [{ 'anything-but': { prefix: '10.' } }] }, { ip: 'ec2.amazonaws.com' })).toBe(true);
  });

  test('cross-family quirk of event-ruler ranges is reproduced', () => {
    // GIVEN event-ruler's digit automaton WHEN an IPv6 address starts like an IPv4 block THEN it matches, as in AWS
    expect(matchesEventPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'a00::1' })).toBe(true);
    expect(matchesEventPattern({ ip: [{ cidr: '::/1' }] }, { ip: '1.1.1.1' })).toBe(true);
    expect(matchesEventPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '32.1.13.184' })).toBe(false);
  });

  test('arrays of objects are matched consistently (one element per match)', () => {
    const event = {
      a: [
        { b: 1, c: 3 },
        { b: 3, c: 2 },
      ],
    };
    expect(matchesEventPattern({ a: { b: [1], c: [2] } }, event)).toBe(false);
    expect(matchesEventPattern({ a: { b: [1], c: [3] } }, event)).toBe(true);
  });

  test('numbers: only exactly representable values compare numerically; -0 is below 0', () => {
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, '{"n":0.30000000000000001}')).toBe(false);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 0] }] }, '{"n":0.3}')).toBe(true);
    expect(matchesEventPattern({ n: [{ numeric: ['=', 0] }] }, '{"n":-0}')).toBe(false);
    expect(matchesEventPattern({ n: [5] }, '{"n":5.0}')).toBe(true);
    expect(matchesEventPattern({ n: [5] }, '{"n":"5"}')).toBe(false);
  });

  test('null, booleans and empty arrays', () => {
    expect(matchesEventPattern({ a: [null] }, { a: null })).toBe(true);
    expect(matchesEventPattern({ a: [{ exists: true }] }, { a: null })).toBe(true);
    expect(matchesEventPattern({ a: [{ exists: true }] }, { a: [] })).toBe(false);
    expect(matchesEventPattern({ a: [{ exists: false }] }, { a: { b: 1 } })).toBe(true);
    expect(matchesEventPattern({ a: [true] }, { a: 'true' })).toBe(false);
  });
});

describe('validateEventPattern', () => {
  const rejected: Array<[string, unknown, RegExp]> = [
    ['not an object', '["a"]', /Filter is not an object/],
    ['invalid JSON', '{"a":', /not valid JSON/],
    ['empty object', {}, /Empty objects are not allowed/],
    ['empty array', { a: [] }, /Empty arrays are not allowed/],
    ['scalar field', { a: 'x' }, /"a" must be an object or an array/],
    ['unknown operator', { a: [{ regex: 'x' }] }, /Unrecognized match type regex/],
    ['cidr /32', { a: [{ cidr: '10.0.0.1/32' }] }, /IPv4 mask bits must be < 32/],
    ['cidr /128', { a: [{ cidr: '2001:db8::1/128' }] }, /IPv6 mask bits must be < 128/],
    ['cidr without mask', { a: [{ cidr: '10.0.0.0' }] }, /one '\/' required/],
    ['cidr not an IP', { a: [{ cidr: 'abc/8' }] }, /Nonstandard IP address/],
    ['anything-but cidr', { a: [{ 'anything-but': { cidr: '10.0.0.0/8' } }] }, /Unsupported anything-but pattern: cidr/],
    ['anything-but mixed list', { a: [{ 'anything-but': ['a', 1] }] }, /mixed type/],
    ['anything-but empty prefix', { a: [{ 'anything-but': { prefix: '' } }] }, /Null prefix\/suffix not allowed/],
    ['numeric bottom >= top', { a: [{ numeric: ['>', 5, '<', 5] }] }, /Bottom must be less than top/],
    ['numeric bad operator', { a: [{ numeric: ['!=', 5] }] }, /Unrecognized numeric range operator/],
    ['numeric inexact value', '{"a":[{"numeric":[">",0.30000000000000001]}]}', /Cannot compare number/],
    ['wildcard **', { a: [{ wildcard: 'a**b' }] }, /Consecutive wildcard characters/],
    ['wildcard bad escape', { a: [{ wildcard: 'a\\b' }] }, /Invalid escape character/],
    ['$or with one object', { $or: [{ a: ['x'] }] }, /at least 2 Objects/],
    ['$or with an operator name as a field', { $or: [{ a: { numeric: ['x'] } }, { b: ['c'] }] }, /numeric is Ruler reserved fieldName/],
    ['exists not boolean', { a: [{ exists: 'yes' }] }, /exists match pattern must be either true or false/],
    ['two keys in a matcher', { a: [{ prefix: 'a', suffix: 'b' }] }, /Only one key allowed/],
  ];
  test.each(rejected)('rejects %s', (_name, pattern, message) => {
    // GIVEN a pattern EventBridge rejects WHEN validated THEN EventPatternError names the problem
    expect(() => validateEventPattern(pattern as object)).toThrow(EventPatternError);
    expect(() => validateEventPattern(pattern as object)).toThrow(message);
  });

  test('accepts what event-ruler accepts, incl. /0 and the legacy "$or" field name fallback', () => {
    expect(() => validateEventPattern({ a: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] })).not.toThrow();
    expect(() => validateEventPattern({ $or: [{ prefix: 'a' }] })).not.toThrow();
    // operator names inside $or make event-ruler fall back to its legacy compiler, where "$or" is a plain field
    expect(matchesEventPattern({ $or: [{ numeric: ['>', 1] }, { prefix: 'a' }] }, { $or: 5 })).toBe(true);
    expect(matchesEventPattern({ $or: [{ prefix: 'a' }] }, { $or: 'abc' })).toBe(true);
  });
});
