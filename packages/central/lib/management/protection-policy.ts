import { aws_organizations as organizations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PROTECTION_SCP_NAME } from '@keywatch/shared';
import type { ServiceControlPolicy } from '@keywatch/shared';

/** Properties of a ProtectionPolicy. */
export interface ProtectionPolicyProps {
  /** The policy document (`plan.protectionScp`). */
  readonly document: ServiceControlPolicy;
  /** Roots or OUs the policy is attached to (deployment.organizationalUnits). */
  readonly targetIds: readonly string[];
  /**
   * Name of the policy in AWS Organizations.
   * @default PROTECTION_SCP_NAME ('keywatch-protection')
   */
  readonly policyName?: string;
}

/**
 * The protection service control policy, created and attached to the targeted roots/OUs from the management account
 * (AWS::Organizations::Policy; SCPs must be enabled in the organization). SCPs never restrict the management account.
 */
export class ProtectionPolicy extends Construct {
  /** The policy. */
  public readonly policy: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: ProtectionPolicyProps) {
    super(scope, id);
    if (props.targetIds.length === 0) {
      throw new Error(`'targetIds' must list at least one root or OU ID; got '[]'`);
    }
    this.policy = new organizations.CfnPolicy(this, 'Policy', {
      name: props.policyName ?? PROTECTION_SCP_NAME,
      type: 'SERVICE_CONTROL_POLICY',
      description: "keywatch: only the StackSet execution role may change keywatch's rules, heartbeat schedules, stack instances and roles",
      content: props.document,
      targetIds: [...props.targetIds],
    });
  }
}
