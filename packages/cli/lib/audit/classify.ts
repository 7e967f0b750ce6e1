import type { StackInstanceSummary, StackStatus } from '@aws-sdk/client-cloudformation';
import type { CellState } from './types';

/**
 * The coverage state of a stack instance (undefined: none exists → missing). CURRENT is covered; INOPERABLE (either field)
 * is a gap; OUTDATED while RUNNING/PENDING is deploying; FAILED, CANCELLED and SKIPPED_SUSPENDED_ACCOUNT are gaps of
 * their own name; any other OUTDATED instance is a gap ('outdated'); a CURRENT instance whose DriftStatus is DRIFTED is a gap
 * ('drifted': its resources were changed outside CloudFormation).
 */
export function classifyStackInstance(instance: Pick<StackInstanceSummary, 'Status' | 'StackInstanceStatus' | 'DriftStatus'> | undefined): CellState {
  if (!instance) return 'missing';
  const detailed = instance.StackInstanceStatus?.DetailedStatus;
  if (instance.Status === 'INOPERABLE' || detailed === 'INOPERABLE') return 'inoperable';
  if (instance.Status === 'CURRENT') return instance.DriftStatus === 'DRIFTED' ? 'drifted' : 'covered';
  switch (detailed) {
    case 'RUNNING':
    case 'PENDING':
      return 'deploying';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'SKIPPED_SUSPENDED_ACCOUNT':
      return 'skipped';
    default:
      return 'outdated';
  }
}

const STACK_COVERED = new Set<string>([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE', // the previous version is in place and working
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
  // resources exist while an update runs
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
]);

/** The coverage state of a management-account stack by StackStatus (undefined: no such stack → missing) and its drift status ('drifted' when DRIFTED). */
export function classifyStack(status: StackStatus | string | undefined, drift?: string): CellState {
  if (status === undefined || status === 'DELETE_COMPLETE' || status === 'DELETE_IN_PROGRESS') return 'missing';
  if (STACK_COVERED.has(status)) return drift === 'DRIFTED' ? 'drifted' : 'covered';
  if (status === 'CREATE_IN_PROGRESS' || status === 'REVIEW_IN_PROGRESS') return 'deploying';
  return 'failed'; // CREATE_FAILED, ROLLBACK_*, DELETE_FAILED, UPDATE_FAILED, UPDATE_ROLLBACK_FAILED, IMPORT_ROLLBACK_FAILED
}
