import type { KeywatchConfig } from '@keywatch/shared';

/** StackSet OperationPreferences in CloudFormation's shape (camelCase, as aws-cdk-lib's CfnStackSet takes them). */
export interface SenderOperationPreferences {
  readonly regionConcurrencyType: 'PARALLEL';
  readonly maxConcurrentCount?: number;
  readonly maxConcurrentPercentage?: number;
  readonly failureToleranceCount?: number;
  readonly failureTolerancePercentage?: number;
}

/** How a configured amount ("25%" or 3) of `field` maps to the Count/Percentage pair. */
function split(field: string, value: number | string): { count?: number; percentage?: number } {
  if (typeof value === 'number') {
    return { count: value };
  }
  const m = /^(\d{1,3})%$/.exec(value);
  if (!m) {
    throw new Error(`'${field}' must be a whole number or a percentage such as "25%"; got '${value}'`);
  }
  return { percentage: Number(m[1]) };
}

/**
 * Operation preferences of the sender StackSet from deployment.maxConcurrent and deployment.failureTolerance
 * (numbers become *Count, "N%" becomes *Percentage), with every region deployed in parallel.
 */
export function senderOperationPreferences(deployment: Pick<KeywatchConfig['deployment'], 'maxConcurrent' | 'failureTolerance'>): SenderOperationPreferences {
  const max = split('deployment.maxConcurrent', deployment.maxConcurrent);
  const tolerance = split('deployment.failureTolerance', deployment.failureTolerance);
  if (max.percentage === 0 || max.count === 0) {
    throw new Error(`'deployment.maxConcurrent' must be at least 1 or 1%; got '${deployment.maxConcurrent}'`);
  }
  return {
    regionConcurrencyType: 'PARALLEL',
    ...(max.count !== undefined ? { maxConcurrentCount: max.count } : { maxConcurrentPercentage: max.percentage }),
    ...(tolerance.count !== undefined ? { failureToleranceCount: tolerance.count } : { failureTolerancePercentage: tolerance.percentage }),
  };
}
