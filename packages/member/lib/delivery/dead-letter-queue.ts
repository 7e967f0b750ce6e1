import { Duration, aws_iam as iam, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of a DeadLetterQueue. */
export interface DeadLetterQueueProps {
  /**
   * The rules allowed to send failed events here, as values for an `aws:SourceArn` ArnLike condition
   * (rule ARNs, or a pattern such as `arn:aws:events:…:rule/<bus>/*`).
   */
  readonly sourceArns: string[];
}

/**
 * An EventBridge dead-letter queue: SQS-managed encryption (default; a KMS CMK would need its own key policy
 * for EventBridge), TLS-only access, 14 days retention, and a queue policy letting only the given rules'
 * EventBridge deliveries send messages.
 */
export class DeadLetterQueue extends Construct {
  /** The queue. */
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    if (props.sourceArns.length === 0) {
      throw new Error(`'sourceArns' must list at least one rule ARN; got '[]'`);
    }
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { ArnLike: { 'aws:SourceArn': props.sourceArns } },
      }),
    );
  }
}
