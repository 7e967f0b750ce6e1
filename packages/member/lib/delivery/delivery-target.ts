import { ArnFormat, Stack, Token, aws_events as events, aws_iam as iam, aws_sns as sns, aws_sqs as sqs, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { DeliveryRetry } from './retry';
import { InputTransformerSpec, TransformerInput } from './transformer-input';

/** How every delivery target delivers: where failures go, how long it retries, what the target receives. */
export interface DeliveryOptions {
  /** Where events go after the retries are exhausted. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Retry policy. */
  readonly retry: DeliveryRetry;
  /**
   * Input transformer applied to the matched event.
   * @default - the matched event is delivered unchanged
   */
  readonly input?: InputTransformerSpec;
}

/** A resolved DeliveryTarget: its options plus where it delivers (`DeliveryTarget.eventBus` and siblings build it). */
export interface DeliveryTargetProps extends DeliveryOptions {
  /** ARN of the target (event bus, SNS topic, log group, state machine). */
  readonly arn: string;
  /**
   * Role EventBridge assumes to invoke the target: set for event buses and state machines, never for SNS and
   * CloudWatch Logs (they authorize EventBridge through their resource policies).
   * @default - no role
   */
  readonly role?: iam.IRole;
}

/** CloudWatch Logs log group names: 1–512 of `[.-_/#A-Za-z0-9]` [doc: CloudWatch Logs API CreateLogGroup]. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * A rule target with a DLQ, a retry policy and an optional verbatim input transformer, built by one factory per kind
 * (`eventBus`, `topic`, `logGroup`, `stateMachine`), so a role is given exactly where EventBridge needs one.
 *
 * Unlike the aws-events-targets classes it adds no policies or custom resources (default: nothing but the
 * Targets entry); the owner of the target grants EventBridge access explicitly.
 */
export class DeliveryTarget implements events.IRuleTarget {
  /** An event bus in any account or region, through `role` (which needs events:PutEvents on it; EventBridge requires a role for cross-account buses). */
  public static eventBus(bus: events.IEventBus, role: iam.IRole, options: DeliveryOptions): DeliveryTarget {
    return new DeliveryTarget(options, () => ({ arn: bus.eventBusArn, role }));
  }

  /** An SNS topic of the rule's account and region; its topic policy must let events.amazonaws.com publish (no role). */
  public static topic(topic: sns.ITopic, options: DeliveryOptions): DeliveryTarget {
    return new DeliveryTarget(options, () => ({ arn: topic.topicArn }));
  }

  /**
   * A CloudWatch Logs log group of the rule's account and region, by name; its resource policy must let
   * events.amazonaws.com write (no role). The target ARN has no trailing ':*', as EventBridge expects.
   */
  public static logGroup(logGroupName: string, options: DeliveryOptions): DeliveryTarget {
    if (!Token.isUnresolved(logGroupName) && !LOG_GROUP_NAME.test(logGroupName)) {
      throw new Error(`'logGroupName' must be 1 to 512 characters of letters, digits and . - _ / #; got '${logGroupName}'`);
    }
    return new DeliveryTarget(options, (rule) => ({
      arn: Stack.of(rule).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    }));
  }

  /** A Step Functions state machine, started through `role` (which needs states:StartExecution on it). */
  public static stateMachine(machine: sfn.IStateMachine, role: iam.IRole, options: DeliveryOptions): DeliveryTarget {
    return new DeliveryTarget(options, () => ({ arn: machine.stateMachineArn, role }));
  }

  private constructor(
    private readonly options: DeliveryOptions,
    private readonly destination: (rule: events.IRule) => Pick<DeliveryTargetProps, 'arn' | 'role'>,
  ) {
    const { maxEventAge, retryAttempts } = options.retry;
    const seconds = maxEventAge.toSeconds();
    if (seconds < 60 || seconds > 86400) {
      throw new Error(`'retry.maxEventAge' must be between 60 and 86400 seconds; got '${seconds}'`);
    }
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`'retry.retryAttempts' must be an integer from 0 to 185; got '${retryAttempts}'`);
    }
  }

  /** Renders the Targets entry. */
  public bind(rule: events.IRule, _id?: string): events.RuleTargetConfig {
    const { arn, role } = this.destination(rule);
    const { deadLetterQueue, retry, input } = this.options;
    return {
      arn,
      role,
      deadLetterConfig: { arn: deadLetterQueue.queueArn },
      retryPolicy: { maximumEventAgeInSeconds: retry.maxEventAge.toSeconds(), maximumRetryAttempts: retry.retryAttempts },
      input: input ? new TransformerInput(input) : undefined,
    };
  }
}
