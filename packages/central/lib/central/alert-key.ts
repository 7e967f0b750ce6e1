import { aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of an AlertKey. */
export interface AlertKeyProps {
  /**
   * Description of the key.
   * @default 'keywatch: encrypts the alert SNS topics'
   */
  readonly description?: string;
}

/**
 * Customer-managed KMS key of the alert topics, rotated yearly (default). Its policy lets EventBridge and
 * CloudWatch alarms use it to publish to the encrypted topics.
 */
export class AlertKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'keywatch: encrypts the alert SNS topics',
      enableKeyRotation: true,
    });
    // No aws:SourceAccount/SourceArn condition: SNS documents that these conditions are "not supported for
    // EventBridge-to-encrypted topics" in the key policy (SNS key management, "Enable compatibility between
    // event sources from AWS services and encrypted topics"). The topic policy carries the source conditions.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
  }
}
