import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_sns as sns,
  aws_sqs as sqs,
  aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { GateDirectoryEntry, Locale, NotifyMode, RenderedTemplate } from '@keywatch/shared';
import {
  NOTIFY_SUBSTITUTIONS,
  NOTIFY_WINDOW_MINUTES,
  definitionText,
  notifyGateDefinition,
  notifySummaryDefinition,
  recipientsSubstitution,
} from '@keywatch/shared';
import { DeliveryRetry, DeliveryTarget } from '@keywatch/member';
import { lostDeliveryAlarm } from '../private/lost-delivery-alarm';

/** Properties of a NotifyGate. */
export interface NotifyGateProps {
  /** deduplicated or digest (notify.mode); `every` needs no gate. */
  readonly mode: Exclude<NotifyMode, 'every'>;
  /**
   * Window length per (account, access key, source IP), in minutes.
   * @default 60
   */
  readonly windowMinutes?: number;
  /** Language of the summary text. */
  readonly locale: Locale;
  /** The security team's e-mail topic. */
  readonly emailTopic: sns.ITopic;
  /**
   * The chat topic.
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;
  /**
   * Extra-recipient topics by account ID.
   * @default - none
   */
  readonly recipientTopics?: Readonly<Record<string, sns.ITopic>>;
  /** The alert key: encrypts the window table (and the topics the state machines publish to). */
  readonly key: kms.IKey;
  /** Topic the failure alarms notify (ExecutionsFailed / ExecutionsTimedOut of both state machines). */
  readonly alarmTopic: sns.ITopic;
  /**
   * The accounts of the grouped rules that target this gate, with what the gate fills into their texts (the plan's
   * `CentralRule.directory` entries).
   * @default - none (every rule targeting the gate is an account's own or a fallback rule)
   */
  readonly directory?: Readonly<Record<string, GateDirectoryEntry>>;
}

/**
 * Alert-storm safety without Lambda (notify.mode deduplicated or digest, default window 60 minutes): an EXPRESS Step
 * Functions gate that each alert rule targets instead of its e-mail, chat and extra-recipient topics, a STANDARD window
 * summary per window, a DynamoDB window table (on-demand, TTL, PITR, alert CMK) and alarms on failed executions. The ASL
 * comes verbatim from @keywatch/shared (notifyGateDefinition / notifySummaryDefinition); this construct only deploys it.
 */
export class NotifyGate extends Construct {
  /** The window table. */
  public readonly table: dynamodb.Table;
  /** The gate (one EXPRESS execution per alert). */
  public readonly gate: sfn.StateMachine;
  /** The window summary (one STANDARD execution per window). */
  public readonly summary: sfn.StateMachine;
  /** The role EventBridge rules use to start the gate. */
  public readonly eventsRole: iam.Role;
  /** The failure alarms. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: NotifyGateProps) {
    super(scope, id);
    const windowMinutes = props.windowMinutes ?? NOTIFY_WINDOW_MINUTES.default;
    if (!Number.isInteger(windowMinutes) || windowMinutes < NOTIFY_WINDOW_MINUTES.min || windowMinutes > NOTIFY_WINDOW_MINUTES.max) {
      throw new Error(`'windowMinutes' must be a whole number from ${NOTIFY_WINDOW_MINUTES.min} to ${NOTIFY_WINDOW_MINUTES.max}; got '${windowMinutes}'`);
    }
    if ((props.mode as string) === 'every') {
      throw new Error(`'mode' must be 'deduplicated' or 'digest' (mode 'every' sends to the topics directly, without a gate); got 'every'`);
    }
    const recipientTopics = props.recipientTopics ?? {};
    const options = {
      mode: props.mode,
      windowMinutes,
      locale: props.locale,
      chat: props.chatTopic !== undefined,
      recipientAccounts: Object.keys(recipientTopics).sort(),
      directory: props.directory,
    };

    this.table = new dynamodb.Table(this, 'Windows', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Only open windows and their counts (at most a day old); every alert itself is in the alert log.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const substitutions: Record<string, string> = {
      [NOTIFY_SUBSTITUTIONS.table]: this.table.tableName,
      [NOTIFY_SUBSTITUTIONS.email]: props.emailTopic.topicArn,
      ...(props.chatTopic ? { [NOTIFY_SUBSTITUTIONS.chat]: props.chatTopic.topicArn } : {}),
      ...Object.fromEntries(Object.entries(recipientTopics).map(([account, topic]) => [recipientsSubstitution(account), topic.topicArn])),
    };
    const topics = [props.emailTopic, ...(props.chatTopic ? [props.chatTopic] : []), ...Object.values(recipientTopics)];

    this.summary = this.stateMachine('SummaryStateMachine', sfn.StateMachineType.STANDARD, notifySummaryDefinition(options), substitutions);
    this.gate = this.stateMachine('GateStateMachine', sfn.StateMachineType.EXPRESS, notifyGateDefinition(options), {
      ...substitutions,
      [NOTIFY_SUBSTITUTIONS.summary]: this.summary.stateMachineArn,
    });
    this.table.grant(this.summary, 'dynamodb:UpdateItem');
    this.table.grant(this.gate, 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem');
    this.summary.grantStartExecution(this.gate);
    for (const machine of [this.gate, this.summary]) {
      // The table and the topics are encrypted with the alert key: DynamoDB (table) and SNS (publish) use it on the caller's behalf.
      props.key.grant(machine, 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*');
      // The topics may not be in this stack's hands (ITopic), so the grant is an identity policy only.
      machine.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((t) => t.topicArn) }));
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only the statements aws-cdk-lib adds for Step Functions logging (logs:CreateLogDelivery and the other delivery actions, which take no resource) ' +
          'and X-Ray tracing (xray:PutTraceSegments and friends, resource "*" by design); table, topics, key and summary are named.',
      });
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'On the one alert key only: a publisher to an SNS topic with server-side encryption needs kms:GenerateDataKey* and kms:Decrypt on its key ' +
          '(Amazon SNS Developer Guide, key management), the wildcard covering whichever GenerateDataKey variant SNS calls.',
      });
    }

    this.eventsRole = new iam.Role(this, 'EventsRole', {
      description: 'keywatch: lets the alert rules of the receiver bus start the notify gate',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    this.gate.grantStartExecution(this.eventsRole);

    const action = new actions.SnsAction(props.alarmTopic);
    for (const [name, machine] of [
      ['Gate', this.gate],
      ['Summary', this.summary],
    ] as const) {
      for (const [metricId, metric] of [
        ['ExecutionsFailed', machine.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })],
        ['ExecutionsTimedOut', machine.metricTimedOut({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })],
      ] as const) {
        const description =
          `keywatch: ${metricId} on the notify ${name.toLowerCase()} state machine: ${name === 'Gate' ? 'an alert' : 'a window summary'} may not have been ` +
          'e-mailed (every alert is in the alert log; see keywatch report). Check the execution history of the state machine.';
        this.alarms.push(lostDeliveryAlarm(this, `${name}${metricId}`, description, metric, action));
      }
    }
  }

  /** The rule target that starts the gate with `input` (a rule's entry of plan.notify.gateInputs), `deadLetterQueue` and `retry` (no default). */
  public target(input: RenderedTemplate, deadLetterQueue: sqs.IQueue, retry: DeliveryRetry): DeliveryTarget {
    return DeliveryTarget.stateMachine(this.gate, this.eventsRole, { deadLetterQueue, retry, input });
  }

  private stateMachine(id: string, type: sfn.StateMachineType, definition: Record<string, unknown>, substitutions: Record<string, string>): sfn.StateMachine {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const asl = definitionText(definition);
    return new sfn.StateMachine(this, id, {
      stateMachineType: type,
      definitionBody: sfn.DefinitionBody.fromString(asl),
      // Only the names the definition uses (a digest gate publishes nothing, so it gets no topic ARNs).
      definitionSubstitutions: Object.fromEntries(Object.entries(substitutions).filter(([name]) => asl.includes(`\${${name}}`))),
      // Execution data (the alert text) stays out of the logs; the alert log has it.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
  }
}
