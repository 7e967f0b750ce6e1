import { Tags, aws_cloudformation as cfn } from 'aws-cdk-lib';
import { Capability, DeploymentType, RegionConcurrencyType, StackSet, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { Construct } from 'constructs';
import type { KeywatchConfig } from '@keywatch/shared';
import { COMPONENT_TAG, SenderProps, SenderStack } from '@keywatch/member';
import { SENDER_STACKSET_NAME } from '../names';
import { senderOperationPreferences } from './operation-preferences';

/** Properties of a SenderStackSet. */
export interface SenderStackSetProps {
  /** deployment section of the configuration: OUs, regions, delegatedAdmin, concurrency and tolerance. */
  readonly deployment: KeywatchConfig['deployment'];
  /** What every stack instance's Sender forwards and where. */
  readonly sender: SenderProps;
  /**
   * Name of the StackSet.
   * @default SENDER_STACKSET_NAME ('keywatch-sender')
   */
  readonly stackSetName?: string;
}

/**
 * The service-managed StackSet that deploys the SenderStack to every account of the targeted OUs in every
 * configured region, auto-deploying to accounts that join later (default name 'keywatch-sender').
 * The management account is never a stack instance (StackSets skip it); it gets ManagementSenderStacks.
 */
export class SenderStackSet extends Construct {
  /** The member template. */
  public readonly template: SenderStack;
  /** The StackSet. */
  public readonly stackSet: StackSet;

  constructor(scope: Construct, id: string, props: SenderStackSetProps) {
    super(scope, id);
    const { deployment } = props;
    if (deployment.regions.length === 0) {
      throw new Error(`'deployment.regions' must list at least one region; got '[]'`);
    }
    if (deployment.organizationalUnits.length === 0) {
      throw new Error(`'deployment.organizationalUnits' must list at least one root or OU ID; got '[]'`);
    }
    this.template = new SenderStack(this, 'Template', props.sender);
    this.stackSet = new StackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? SENDER_STACKSET_NAME,
      description: 'keywatch sender: forwards IAM access-key use from unlisted networks to the central security bus',
      template: StackSetTemplate.fromStackSetStack(this.template),
      target: StackSetTarget.fromOrganizationalUnits({
        regions: [...deployment.regions],
        organizationalUnits: [...deployment.organizationalUnits],
      }),
      deploymentType: DeploymentType.serviceManaged({
        // Rendered explicitly: cdk-stacksets defaults to DELEGATED_ADMIN, which fails from the management account.
        delegatedAdmin: deployment.delegatedAdmin,
        autoDeployEnabled: true,
        autoDeployRetainStacks: deployment.retainStacksOnAccountRemoval,
      }),
      operationPreferences: { ...senderOperationPreferences(deployment), regionConcurrencyType: RegionConcurrencyType.PARALLEL },
      // The forwarding role is unnamed: CAPABILITY_IAM, never CAPABILITY_NAMED_IAM.
      capabilities: [Capability.IAM],
    });
    const resource = this.stackSet.node.defaultChild as cfn.CfnStackSet;
    // SOFT_FAILURE_TOLERANCE runs at the configured concurrency; the default STRICT mode caps it at
    // failure tolerance + 1, which would silently serialize a "25%" rollout when the tolerance is 0.
    resource.addPropertyOverride('OperationPreferences.ConcurrencyMode', 'SOFT_FAILURE_TOLERANCE');
    // StackSet tags propagate to every stack instance and its resources: they must say "sender", whatever
    // the hosting stack's own tag is.
    Tags.of(this.stackSet).add(COMPONENT_TAG, 'sender', { priority: 500 });
  }
}
