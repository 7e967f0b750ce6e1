import { Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { COMPONENT_TAG, Sender, SenderProps } from '@keywatch/member';
import { MANAGEMENT_STACK_PREFIX } from '../names';

/** Properties of a ManagementSenderStack. */
export interface ManagementSenderStackProps {
  /** The management account ID. */
  readonly managementAccount: string;
  /** The region this stack watches. */
  readonly region: string;
  /** What the Sender forwards and where. */
  readonly sender: SenderProps;
}

/**
 * The Sender for the organization's management account in one region, deployed as a plain stack named
 * `keywatch-management-<region>` with management-account credentials (default: env = management account +
 * region), because service-managed StackSets never deploy to the management account.
 */
export class ManagementSenderStack extends Stack {
  /** The sender. */
  public readonly sender: Sender;

  constructor(scope: Construct, id: string, props: ManagementSenderStackProps) {
    super(scope, id, {
      stackName: `${MANAGEMENT_STACK_PREFIX}${props.region}`,
      description: 'keywatch sender for the management account: forwards IAM access-key use from unlisted networks to the central security bus',
      env: { account: props.managementAccount, region: props.region },
    });
    this.sender = new Sender(this, 'Sender', props.sender);
    Tags.of(this).add(COMPONENT_TAG, 'management-sender');
  }
}
