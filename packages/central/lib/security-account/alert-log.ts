import { Annotations, Arn, ArnFormat, RemovalPolicy, Stack, Token, aws_iam as iam, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME_PATTERN, LOG_RETENTION_DAYS } from '@keywatch/shared';
import { ALERT_LOG_GROUP_NAME } from '../names';

/** Properties of an AlertLog. */
export interface AlertLogProps {
  /** Retention in days; one of CloudWatch Logs' values (LOG_RETENTION_DAYS, e.g. 400). */
  readonly retentionDays: number;
  /**
   * Key that encrypts the log group; its policy gets a statement for CloudWatch Logs limited to this group (an imported
   * key's policy cannot be changed here: a warning says to add the statement).
   */
  readonly key: kms.IKey;
  /** Name of the receiver bus: only its rules (of this account) may write to the log. */
  readonly busName: string;
  /**
   * Name of the log group.
   * @default ALERT_LOG_GROUP_NAME ('/keywatch/alerts')
   */
  readonly logGroupName?: string;
  /**
   * Also admit the rules of the shard buses `<busName>-shard<k>` (central.shards above 1) of this account.
   * @default false
   */
  readonly shardBuses?: boolean;
}

/**
 * The auditable alert log: a CloudWatch Logs group (default '/keywatch/alerts') encrypted with the alert CMK that the
 * receiver bus's EventBridge rules may write to, through a plain AWS::Logs::ResourcePolicy (no Lambda-backed custom
 * resource). Retained on update and delete (the audit trail), removed when the stack's first create fails; a retained
 * group can be adopted by a new stack with `cdk deploy --import-existing-resources` (its static name and this deletion
 * policy are what CloudFormation's auto-import requires).
 */
export class AlertLog extends Construct {
  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** Name of the log group, as written (an EventBridge target names it: DeliveryTarget.logGroup). */
  public readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AlertLogProps) {
    super(scope, id);
    if (!LOG_RETENTION_DAYS.includes(props.retentionDays)) {
      throw new Error(`'retentionDays' must be a CloudWatch Logs retention value such as 400; got '${props.retentionDays}'`);
    }
    if (!Token.isUnresolved(props.busName) && !EVENT_BUS_NAME_PATTERN.test(props.busName)) {
      throw new Error(`'busName' must be 1-256 letters, digits, '.', '_' or '-'; got '${props.busName}'`);
    }
    const logGroupName = props.logGroupName ?? ALERT_LOG_GROUP_NAME;
    const logGroupArn = Arn.format(
      { service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
      Stack.of(this),
    );
    // CloudWatch Logs of this region may use the key for this log group only (the `kms:EncryptionContext:aws:logs:arn`
    // condition of the CloudWatch Logs guide, "Encrypt log data using AWS KMS").
    const { statementAdded } = props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsToEncryptTheAlertLog',
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );
    if (!statementAdded) {
      Annotations.of(this).addWarningV2(
        'keywatch:alert-log-key-policy',
        `The policy of the imported key '${props.key.keyId}' is not changed here: let logs.<region>.amazonaws.com use it for ${logGroupName}, or the log group cannot be created.`,
      );
    }
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.retentionDays as logs.RetentionDays,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The key policy statement must exist before CloudWatch Logs is asked to use the key.
    this.logGroup.node.addDependency(props.key);
    this.logGroupName = logGroupName;
    // Scoped to this one log group and to the rules of the receiver bus of this account. EventBridge documents
    // aws:SourceArn (the rule's ARN) and aws:SourceAccount for its deliveries (eb-use-conditions) and CloudWatch Logs
    // resource policies support both (PutResourcePolicy); the guide's CloudWatch Logs example has no condition, so they
    // are IfExists: a delivery carrying another rule's ARN is refused, and one carrying none is still written rather
    // than every alert being silently dropped.
    // The rules of the receiver bus, and of its shard buses when the alert rules are spread over several.
    const sourceArns = [props.busName, ...(props.shardBuses ? [`${props.busName}-shard*`] : [])].map((bus) =>
      Arn.format({ service: 'events', resource: 'rule', resourceName: `${bus}/*` }, Stack.of(this)),
    );
    new logs.ResourcePolicy(this, 'EventBridgeAccess', {
      resourcePolicyName: `keywatch-eventbridge-${logGroupName.replace(/^\/+/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 255),
      policyStatements: [
        new iam.PolicyStatement({
          sid: 'AllowEventBridgeToWriteAlerts',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [
            Arn.format({ service: 'logs', resource: 'log-group', resourceName: `${logGroupName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(this)),
          ],
          conditions: {
            StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(this).account },
            ArnLikeIfExists: { 'aws:SourceArn': sourceArns.length === 1 ? sourceArns[0] : sourceArns },
          },
        }),
      ],
    });
  }
}
