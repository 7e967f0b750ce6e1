import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { HuntTablePlan } from '@keywatch/shared';
import { HuntingTable } from './hunting-table';
import { HuntWorkgroup } from './hunt-workgroup';

/** Properties of a HuntStack. */
export interface HuntStackProps extends StackProps {
  /** The table plan (huntTablePlan); the stack is deployed to plan.account / plan.region. */
  readonly plan: HuntTablePlan;
}

/** The stack `keywatch hunt` queries: the partition-projected CloudTrail table and the Athena workgroup, in the trail bucket's account. */
export class HuntStack extends Stack {
  public readonly table: HuntingTable;
  public readonly workgroup: HuntWorkgroup;

  constructor(scope: Construct, id: string, props: HuntStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.plan.account, region: props.plan.region },
      description: 'keywatch: CloudTrail table and Athena workgroup for keywatch hunt',
    });
    this.table = new HuntingTable(this, 'HuntingTable', { plan: props.plan });
    this.workgroup = new HuntWorkgroup(this, 'Workgroup', { plan: props.plan });
  }
}
