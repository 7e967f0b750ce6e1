import { CreateStackInstancesCommand, CreateStackSetCommand, CreateStackCommand, DeleteStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from '../../packages/cli/lib/aws/clients';

/** A tiny valid template for stacks and stack sets. */
export const TINY_TEMPLATE = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });

/** An account to create in the seeded organization. */
export interface SeedAccount {
  readonly name: string;
  /** OU path by names ("" = root). */
  readonly ou: string;
  readonly tags?: Record<string, string>;
  readonly closed?: boolean;
}

/** What seedOrganization created. */
export interface SeededOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  /** OU IDs by path. */
  readonly ous: Map<string, string>;
  /** Account IDs by name. */
  readonly accounts: Map<string, string>;
}

/** Creates an organization (ALL features), the OU tree of every `ou` path, the accounts (moved, tagged, closed) through the SDK. */
export async function seedOrganization(clients: AwsClients, accounts: readonly SeedAccount[]): Promise<SeededOrganization> {
  const org = clients.organizations();
  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const roots = await org.send(new ListRootsCommand({}));
  const rootId = roots.Roots![0].Id!;
  const ous = new Map<string, string>([['', rootId]]);
  const ensureOu = async (p: string): Promise<string> => {
    const known = ous.get(p);
    if (known) return known;
    const slash = p.lastIndexOf('/');
    const parent = await ensureOu(slash < 0 ? '' : p.slice(0, slash));
    const out = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: p.slice(slash + 1) }));
    ous.set(p, out.OrganizationalUnit!.Id!);
    return out.OrganizationalUnit!.Id!;
  };
  const ids = new Map<string, string>();
  for (const a of accounts) {
    const ouId = await ensureOu(a.ou);
    const out = await org.send(new CreateAccountCommand({ AccountName: a.name, Email: `${a.name}@example.com` }));
    const id = out.CreateAccountStatus!.AccountId!;
    ids.set(a.name, id);
    if (ouId !== rootId) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
    if (a.tags) {
      await org.send(new TagResourceCommand({ ResourceId: id, Tags: Object.entries(a.tags).map(([Key, Value]) => ({ Key, Value })) }));
    }
    if (a.closed) await org.send(new CloseAccountCommand({ AccountId: id }));
  }
  return { organizationId: created.Organization!.Id!, rootId, ous, accounts: ids };
}

/** Creates the service-managed StackSet `name` in `region` and instances for `ouIds` × `regions`. */
export async function seedStackSet(clients: AwsClients, region: string, name: string, ouIds: string[], regions: string[]): Promise<void> {
  const cfn = clients.cloudFormation(region);
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: name,
      TemplateBody: TINY_TEMPLATE,
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    }),
  );
  await cfn.send(new CreateStackInstancesCommand({ StackSetName: name, DeploymentTargets: { OrganizationalUnitIds: ouIds }, Regions: regions }));
}

/** Deletes the instances of `accounts` in `regions` (moto: by account list). */
export async function deleteInstances(clients: AwsClients, region: string, name: string, accounts: string[], regions: string[]): Promise<void> {
  await clients.cloudFormation(region).send(new DeleteStackInstancesCommand({ StackSetName: name, Accounts: accounts, Regions: regions, RetainStacks: false }));
}

/** Creates the plain stack `name` in `region` of the caller's account. */
export async function seedStack(clients: AwsClients, region: string, name: string): Promise<void> {
  await clients.cloudFormation(region).send(new CreateStackCommand({ StackName: name, TemplateBody: TINY_TEMPLATE }));
}
