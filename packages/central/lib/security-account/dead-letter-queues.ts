import { Aws, CfnElement, Token, Validations, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME_PATTERN } from '@keywatch/shared';
import { DeadLetterQueue } from '@keywatch/member';
import { cdkLogicalId } from '../private/logical-id';

/** The kinds of receiver bus targets, each with its own dead-letter queue (and DeliveryAlarms alarm). */
export const DEAD_LETTER_KINDS = ['Email', 'Chat', 'Log', 'AccountRecipients', 'Notify', 'Heartbeat'] as const;

/** A kind of receiver bus target: e-mail topic, chat topic, alert log, extra-recipient topics, notify gate, heartbeat log. */
export type DeadLetterKind = (typeof DEAD_LETTER_KINDS)[number];

/** Where the targets of a receiver bus find the dead-letter queue of their kind (DeadLetterQueues implements it). */
export interface IDeadLetterQueues {
  /** The dead-letter queue of targets of `kind`. */
  queue(kind: DeadLetterKind): sqs.IQueue;
}

/** Properties of DeadLetterQueues. */
export interface DeadLetterQueuesProps {
  /** Name of the receiver bus: every rule of this bus (present and future) may send to the queues. */
  readonly busName: string;
  /**
   * Construct path below the stack whose logical IDs the queues keep, e.g. 'AlertRules': keywatch's stacks keep the IDs
   * the queues had when AlertRules created them, because a changed logical ID replaces a queue on deploy and loses the
   * messages waiting in it.
   * @default - the queues' own construct paths
   */
  readonly logicalIdPath?: string;
}

/**
 * The dead-letter queues of one receiver bus, one per kind of target (created on first use, so a stack without chat has
 * no chat queue), owned here and passed to every construct whose targets need one. Each is a DeadLetterQueue (SQS-managed
 * encryption, TLS only, 14 days) whose policy admits the rules of the bus; DeliveryAlarms watches `queues`.
 */
export class DeadLetterQueues extends Construct implements IDeadLetterQueues {
  private readonly created: Partial<Record<DeadLetterKind, sqs.IQueue>> = {};
  private readonly busName: string;
  private readonly logicalIdPath?: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueuesProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.busName) && !EVENT_BUS_NAME_PATTERN.test(props.busName)) {
      throw new Error(`'busName' must be 1-256 letters, digits, '.', '_' or '-'; got '${props.busName}'`);
    }
    if (props.logicalIdPath !== undefined && !/^[A-Za-z0-9]+(\/[A-Za-z0-9]+)*$/.test(props.logicalIdPath)) {
      throw new Error(`'logicalIdPath' must be construct ids of letters and digits joined by '/'; got '${props.logicalIdPath}'`);
    }
    this.busName = props.busName;
    this.logicalIdPath = props.logicalIdPath;
  }

  /** The queues created so far, by kind (a DeadLetterKind), in the order they were first asked for. */
  public get queues(): Readonly<Record<string, sqs.IQueue>> {
    return { ...this.created };
  }

  /** The dead-letter queue of targets of `kind`, created on first use. */
  public queue(kind: DeadLetterKind): sqs.IQueue {
    if (!(DEAD_LETTER_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`'kind' must be one of ${DEAD_LETTER_KINDS.join(', ')}; got '${kind}'`);
    }
    const existing = this.created[kind];
    if (existing) return existing;
    // Every rule of the receiver bus, present and future: one compact condition instead of one ARN per rule.
    const rulesOfBus = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${this.busName}/*`;
    const dlq = new DeadLetterQueue(this, `${kind}DeadLetterQueue`, { sourceArns: [rulesOfBus] });
    Validations.of(dlq.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of EventBridge alert targets; a DLQ of a DLQ would only move the problem.',
    });
    if (this.logicalIdPath !== undefined) {
      const prefix = this.logicalIdPath.split('/');
      for (const element of dlq.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c))) {
        const below = element.node.scopes.slice(element.node.scopes.indexOf(dlq)).map((c) => c.node.id);
        element.overrideLogicalId(cdkLogicalId([...prefix, ...below]));
      }
    }
    this.created[kind] = dlq.queue;
    return dlq.queue;
  }
}
