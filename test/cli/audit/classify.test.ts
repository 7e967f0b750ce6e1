import { classifyStack, classifyStackInstance } from '../../../packages/cli/lib/audit/classify';
import { isFullyCovered, isGap } from '../../../packages/cli/lib/audit/types';

describe('classifyStackInstance', () => {
  test.each([
    [undefined, undefined, 'missing'],
    ['CURRENT', 'SUCCEEDED', 'covered'],
    ['CURRENT', undefined, 'covered'],
    ['OUTDATED', 'RUNNING', 'deploying'],
    ['OUTDATED', 'PENDING', 'deploying'],
    ['OUTDATED', 'FAILED', 'failed'],
    ['OUTDATED', 'CANCELLED', 'cancelled'],
    ['OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT', 'skipped'],
    ['OUTDATED', 'SUCCEEDED', 'outdated'],
    ['INOPERABLE', 'INOPERABLE', 'inoperable'],
    ['INOPERABLE', undefined, 'inoperable'],
    ['OUTDATED', 'INOPERABLE', 'inoperable'],
  ] as const)('Status %s, DetailedStatus %s → %s', (status, detailed, expected) => {
    const instance = status === undefined ? undefined : { Status: status, StackInstanceStatus: detailed ? { DetailedStatus: detailed } : undefined };
    expect(classifyStackInstance(instance)).toBe(expected);
  });
});

describe('classifyStack', () => {
  test.each([
    [undefined, 'missing'],
    ['CREATE_COMPLETE', 'covered'],
    ['UPDATE_COMPLETE', 'covered'],
    ['UPDATE_ROLLBACK_COMPLETE', 'covered'],
    ['UPDATE_IN_PROGRESS', 'covered'],
    ['IMPORT_COMPLETE', 'covered'],
    ['CREATE_IN_PROGRESS', 'deploying'],
    ['REVIEW_IN_PROGRESS', 'deploying'],
    ['ROLLBACK_COMPLETE', 'failed'],
    ['ROLLBACK_IN_PROGRESS', 'failed'],
    ['CREATE_FAILED', 'failed'],
    ['UPDATE_ROLLBACK_FAILED', 'failed'],
    ['DELETE_FAILED', 'failed'],
    ['DELETE_IN_PROGRESS', 'missing'],
    ['DELETE_COMPLETE', 'missing'],
  ] as const)('%s → %s', (status, expected) => {
    expect(classifyStack(status)).toBe(expected);
  });
});

describe('isGap / isFullyCovered', () => {
  test('covered, deploying and unchecked are not gaps; deploying still blocks "fully covered"', () => {
    expect(['covered', 'deploying', 'unchecked'].map((s) => isGap(s as never))).toEqual([false, false, false]);
    expect(['missing', 'failed', 'cancelled', 'inoperable', 'skipped', 'outdated'].every((s) => isGap(s as never))).toBe(true);
    const summary = { accounts: 1, regions: 1, cells: 1, covered: 0, gaps: 0, deploying: 1, unchecked: 0, drifted: 0, directoryIssues: 0 };
    expect(isFullyCovered({ summary })).toBe(false);
    expect(isFullyCovered({ summary: { ...summary, deploying: 0, covered: 1 } })).toBe(true);
    expect(isFullyCovered({ summary: { ...summary, deploying: 0, unchecked: 1 } })).toBe(true);
  });
});
