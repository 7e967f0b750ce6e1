import { Duration } from 'aws-cdk-lib';

/** How long and how often EventBridge retries a target before the event goes to the target's dead-letter queue. */
export interface DeliveryRetry {
  /** Oldest event EventBridge still tries to deliver (60 s to 24 h). */
  readonly maxEventAge: Duration;
  /** Retries after the first attempt (0 to 185). */
  readonly retryAttempts: number;
}

/**
 * Retry policy of the member → central bus forward (default: 24 h, 185 attempts, the service maximums).
 *
 * The forwarded event is the only copy of the alert, and the usual failures (throttling, the central
 * stack being updated, a bus policy briefly out of date) heal within hours; an event that still cannot be
 * delivered after a day lands in the member DLQ, which keeps it 14 days for redrive.
 */
export const FORWARD_RETRY: DeliveryRetry = { maxEventAge: Duration.hours(24), retryAttempts: 185 };

/**
 * Retry policy of the central alert targets (default: 2 h, 185 attempts within that window).
 *
 * SNS and CloudWatch Logs outages are short; an alert that could not be delivered for two hours is a
 * persistent fault (key policy, deleted topic). Failing it into the DLQ then raises the DLQ-depth alarm
 * while the alert is still actionable, instead of a day later, and the DLQ keeps it 14 days for redrive.
 */
export const ALERT_RETRY: DeliveryRetry = { maxEventAge: Duration.hours(2), retryAttempts: 185 };
