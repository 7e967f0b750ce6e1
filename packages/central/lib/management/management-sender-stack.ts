import { Stack, Tags, aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CompiledRule } from '@keywatch/shared';
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
  /**
   * Also forward the AWS Organizations account lifecycle events with this rule (`plan.onboarding.forward`) through the
   * Sender's role, DLQ and retry policy. Set it on the stack of `plan.onboarding.placement.region` (us-east-1 in aws).
   * @default - no lifecycle rule
   */
  readonly organizationsEventsRule?: CompiledRule;
}

/**
 * The Sender for the organization's management account in one region, deployed as a plain stack named
 * `keywatch-management-<region>` with management-account credentials (default: env = management account +
 * region, no Organizations lifecycle rule), because service-managed StackSets never deploy to the management account.
 */
export class ManagementSenderStack extends Stack {
  /** The sender. */
  public readonly sender: Sender;
  /** The rule forwarding AWS Organizations account lifecycle events, when organizationsEventsRule is set. */
  public readonly onboardingRule?: events.Rule;

  constructor(scope: Construct, id: string, props: ManagementSenderStackProps) {
    super(scope, id, {
      stackName: `${MANAGEMENT_STACK_PREFIX}${props.region}`,
      description: 'keywatch sender for the management account: forwards IAM access-key use from unlisted networks to the central security bus',
      env: { account: props.managementAccount, region: props.region },
    });
    const onboarding = props.organizationsEventsRule;
    this.sender = new Sender(this, 'Sender', {
      ...props.sender,
      additionalRules: [...(props.sender.additionalRules ?? []), ...(onboarding ? [onboarding] : [])],
    });
    if (onboarding) {
      this.onboardingRule = this.sender.additionalRules[this.sender.additionalRules.length - 1];
    }
    Tags.of(this).add(COMPONENT_TAG, 'management-sender');
  }
}
