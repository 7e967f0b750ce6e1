import { Arn, ArnFormat, RemovalPolicy, Stack, aws_iam as iam, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ALERT_LOG_GROUP_NAME } from '../names';

/** Properties of an AlertLog. */
export interface AlertLogProps {
  /** Retention in days; one of CloudWatch Logs' values (e.g. 400). */
  readonly retentionDays: number;
  /**
   * Name of the log group.
   * @default ALERT_LOG_GROUP_NAME ('/keywatch/alerts')
   */
  readonly logGroupName?: string;
}

/**
 * The auditable alert log: a retained CloudWatch Logs group (default '/keywatch/alerts') that EventBridge may
 * write to, through a plain AWS::Logs::ResourcePolicy (no Lambda-backed custom resource).
 */
export class AlertLog extends Construct {
  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** ARN of the log group as an EventBridge target (without the trailing ':*'). */
  public readonly targetArn: string;

  constructor(scope: Construct, id: string, props: AlertLogProps) {
    super(scope, id);
    if (!Object.values(logs.RetentionDays).includes(props.retentionDays as logs.RetentionDays) || props.retentionDays <= 0) {
      throw new Error(`'retentionDays' must be a CloudWatch Logs retention value such as 400; got '${props.retentionDays}'`);
    }
    const logGroupName = props.logGroupName ?? ALERT_LOG_GROUP_NAME;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.targetArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // Scoped to this one log group, without a source condition: this is the form the EventBridge guide
    // documents for CloudWatch Logs targets (eb-use-resource-based, "CloudWatch Logs permissions"); no source
    // context key is documented for EventBridge deliveries to Logs, and a wrong one would drop every alert.
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
        }),
      ],
    });
  }
}
