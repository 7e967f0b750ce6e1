import { Duration, Stack, Token, aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME_PATTERN, ORGANIZATION_ID_PATTERN } from '@keywatch/shared';
import { FORWARD_ROLE_PATH } from '@keywatch/member';

/** Properties of a ReceiverBus. */
export interface ReceiverBusProps {
  /** Name of the custom bus. */
  readonly busName: string;
  /** Organization whose principals may put events on the bus. */
  readonly organizationId: string;
  /** Days the archive keeps every received event; 0 keeps them forever. */
  readonly archiveRetentionDays: number;
}

/**
 * The central custom event bus: PutEvents allowed only to keywatch's forwarding roles (IAM path FORWARD_ROLE_PATH) of
 * accounts of the organization (one inline policy statement), and an archive of everything it receives (retention as
 * configured; 0 = forever).
 */
export class ReceiverBus extends Construct {
  /** The bus. */
  public readonly bus: events.EventBus;
  /** ARN of the bus, built from its name (no reference to the bus resource). */
  public readonly busArn: string;
  /** The archive of every received event. */
  public readonly archive: events.Archive;

  constructor(scope: Construct, id: string, props: ReceiverBusProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.busName) && (!EVENT_BUS_NAME_PATTERN.test(props.busName) || props.busName === 'default')) {
      throw new Error(`'busName' must be 1-256 letters, digits, '.', '_' or '-' and not 'default'; got '${props.busName}'`);
    }
    if (!Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID_PATTERN.test(props.organizationId)) {
      throw new Error(`'organizationId' must be an organization ID such as 'o-a1b2c3d4e5'; got '${props.organizationId}'`);
    }
    if (!Number.isInteger(props.archiveRetentionDays) || props.archiveRetentionDays < 0) {
      throw new Error(`'archiveRetentionDays' must be a whole number of days, 0 for forever; got '${props.archiveRetentionDays}'`);
    }
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.busName });
    this.busArn = Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: props.busName });
    // Inline policy (AWS::Events::EventBus Policy) rather than EventBusPolicy resources: exactly one statement.
    // With a forwarding role the principal is the member's role, so aws:PrincipalOrgID covers every account, and
    // aws:PrincipalArn (the role's ARN, path included, for an assumed role) admits only keywatch's forwarding roles of
    // the StackSet and the management stacks: any other principal of the organization could otherwise forward its own
    // genuine CloudTrail events (temporary keys, allowed addresses) to the shared alert channels.
    (this.bus.node.defaultChild as events.CfnEventBus).policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowPutEventsFromKeywatchSenders',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: this.busArn,
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
            ArnLike: {
              'aws:PrincipalArn': Stack.of(this).formatArn({
                service: 'iam',
                region: '',
                account: '*',
                resource: 'role',
                resourceName: `${FORWARD_ROLE_PATH.slice(1)}*`,
              }),
            },
          },
        },
      ],
    };
    this.archive = this.bus.archive('Archive', {
      description: 'keywatch: every event received from the organization, for audit and replay',
      // Catch-all: every event has a string "source", and an empty prefix matches any string.
      eventPattern: { source: events.Match.prefix('') },
      retention: props.archiveRetentionDays === 0 ? undefined : Duration.days(props.archiveRetentionDays),
    });
  }
}
