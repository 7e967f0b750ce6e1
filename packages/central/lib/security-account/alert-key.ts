import { RemovalPolicy, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of an AlertKey. */
export interface AlertKeyProps {
  /**
   * Description of the key.
   * @default 'keywatch: encrypts the alert SNS topics and the alert log'
   */
  readonly description?: string;
  /**
   * Alias of the key, so a retained key can be told apart from a live one.
   * @default ALERT_KEY_ALIAS ('alias/keywatch/alerts')
   */
  readonly alias?: string;
}

/** Alias of the alert key (default of AlertKeyProps.alias). */
export const ALERT_KEY_ALIAS = 'alias/keywatch/alerts';

/**
 * Customer-managed KMS key of the alert topics and the alert log, rotated yearly, with an alias (default
 * 'alias/keywatch/alerts'). Its policy lets EventBridge and CloudWatch alarms use it to publish to the encrypted topics,
 * and CloudWatch Logs use it for the log group AlertLog names in its own statement. Retained on update and delete, but removed
 * (scheduled for deletion) when the stack's first create fails, so failed first deploys leave no orphan key.
 */
export class AlertKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'keywatch: encrypts the alert SNS topics and the alert log',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The alias is deleted with the stack (the key, retained, stays findable by its description and tags).
    new kms.Alias(this, 'Alias', { aliasName: props.alias ?? ALERT_KEY_ALIAS, targetKey: this.key });
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
