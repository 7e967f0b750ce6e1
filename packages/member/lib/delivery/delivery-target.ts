import { aws_events as events, aws_iam as iam, aws_sqs as sqs } from 'aws-cdk-lib';
import { DeliveryRetry } from './retry';
import { InputTransformerSpec, TransformerInput } from './transformer-input';

/** Properties of a DeliveryTarget. */
export interface DeliveryTargetProps {
  /** ARN of the target (event bus, SNS topic, log group). */
  readonly arn: string;
  /** Where events go after the retries are exhausted. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Retry policy. */
  readonly retry: DeliveryRetry;
  /**
   * Role EventBridge assumes to invoke the target; required for event-bus targets, and must NOT be set for
   * SNS and CloudWatch Logs targets (they authorize EventBridge through their resource policies).
   * @default - no role
   */
  readonly role?: iam.IRole;
  /**
   * Input transformer applied to the matched event.
   * @default - the matched event is delivered unchanged
   */
  readonly input?: InputTransformerSpec;
}

/**
 * A rule target by ARN with a DLQ, a retry policy and an optional verbatim input transformer.
 *
 * Unlike the aws-events-targets classes it adds no policies or custom resources (default: nothing but the
 * Targets entry); the owner of the target grants EventBridge access explicitly.
 */
export class DeliveryTarget implements events.IRuleTarget {
  constructor(private readonly props: DeliveryTargetProps) {
    const { maxEventAge, retryAttempts } = props.retry;
    const seconds = maxEventAge.toSeconds();
    if (seconds < 60 || seconds > 86400) {
      throw new Error(`'retry.maxEventAge' must be between 60 and 86400 seconds; got '${seconds}'`);
    }
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`'retry.retryAttempts' must be an integer from 0 to 185; got '${retryAttempts}'`);
    }
  }

  /** Renders the Targets entry. */
  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    return {
      arn: this.props.arn,
      role: this.props.role,
      deadLetterConfig: { arn: this.props.deadLetterQueue.queueArn },
      retryPolicy: {
        maximumEventAgeInSeconds: this.props.retry.maxEventAge.toSeconds(),
        maximumRetryAttempts: this.props.retry.retryAttempts,
      },
      input: this.props.input ? new TransformerInput(this.props.input) : undefined,
    };
  }
}
