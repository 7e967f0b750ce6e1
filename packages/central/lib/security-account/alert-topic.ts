import { Aws, Token, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of an AlertTopic. */
export interface AlertTopicProps {
  /** Customer-managed key that encrypts the topic. */
  readonly key: kms.IKey;
  /**
   * E-mail addresses subscribed to the topic (each must confirm within 3 days).
   * @default - no subscriptions
   */
  readonly emails?: readonly string[];
  /**
   * Display name, shown as the sender of e-mails.
   * @default 'keywatch'
   */
  readonly displayName?: string;
}

/**
 * A KMS-encrypted standard SNS topic for alerts: TLS-only, publishable by EventBridge rules and CloudWatch
 * alarms of this account only (default: display name 'keywatch', no subscriptions).
 */
export class AlertTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const displayName = props.displayName ?? 'keywatch';
    if (!Token.isUnresolved(displayName) && displayName.length > 100) {
      throw new Error(`'displayName' must be at most 100 characters; got '${displayName}'`);
    }
    this.topic = new sns.Topic(this, 'Topic', { masterKey: props.key, enforceSSL: true, displayName });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeRulesOfThisAccount',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subs.EmailSubscription(email));
    }
  }
}
