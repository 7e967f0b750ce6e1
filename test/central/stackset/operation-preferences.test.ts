import { senderOperationPreferences } from '@keywatch/central';

describe('senderOperationPreferences', () => {
  test('percentages become *Percentage, regions run in parallel', () => {
    expect(senderOperationPreferences({ maxConcurrent: '25%', failureTolerance: '10%' })).toEqual({
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 25,
      failureTolerancePercentage: 10,
    });
  });

  test('numbers become *Count, and the two may be mixed', () => {
    expect(senderOperationPreferences({ maxConcurrent: 5, failureTolerance: 0 })).toEqual({
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentCount: 5,
      failureToleranceCount: 0,
    });
    expect(senderOperationPreferences({ maxConcurrent: '100%', failureTolerance: 2 })).toEqual({
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 100,
      failureToleranceCount: 2,
    });
  });

  test('rejects a zero concurrency and malformed percentages', () => {
    expect(() => senderOperationPreferences({ maxConcurrent: 0, failureTolerance: 0 })).toThrow("'deployment.maxConcurrent' must be at least 1 or 1%; got '0'");
    expect(() => senderOperationPreferences({ maxConcurrent: '2.5%', failureTolerance: 0 })).toThrow(
      `'deployment.maxConcurrent' must be a whole number or a percentage such as "25%"; got '2.5%'`,
    );
    expect(() => senderOperationPreferences({ maxConcurrent: 1, failureTolerance: '10 %' })).toThrow(
      `'deployment.failureTolerance' must be a whole number or a percentage such as "25%"; got '10 %'`,
    );
  });
});
