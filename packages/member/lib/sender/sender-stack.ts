import { Tags } from 'aws-cdk-lib';
import { StackSetStack } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { COMPONENT_TAG, Sender, SenderProps } from './sender';

/** Properties of a SenderStack: those of the Sender it holds. */
export type SenderStackProps = SenderProps;

/**
 * The member-account sender template deployed by the `keywatch-sender` StackSet to every account and region
 * of the targeted OUs (default: one Sender). Environment-agnostic: account and region come from the stack instance.
 */
export class SenderStack extends StackSetStack {
  /** The sender. */
  public readonly sender: Sender;

  constructor(scope: Construct, id: string, props: SenderStackProps) {
    super(scope, id);
    this.templateOptions.description = 'keywatch sender: forwards IAM access-key use from unlisted networks to the central security bus';
    this.sender = new Sender(this, 'Sender', props);
    Tags.of(this).add(COMPONENT_TAG, 'sender');
  }
}
