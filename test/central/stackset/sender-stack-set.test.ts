import { Stack, aws_sqs as sqs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SenderStackSet } from '@keywatch/central';
import { makeConfig } from '../../helpers/config';
import { newTestApp, senderRule } from '../../helpers/synth';

function synth(deployment: NonNullable<Parameters<typeof makeConfig>[0]>['deployment'] = {}): Template {
  const app = newTestApp();
  const host = new Stack(app, 'Host', { env: { account: '222222222222', region: 'eu-west-1' } });
  new sqs.Queue(host, 'AnyResource');
  const config = makeConfig({ deployment });
  new SenderStackSet(host, 'SenderStackSet', {
    deployment: config.deployment,
    sender: { rules: [senderRule()], centralBus: { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' } },
  });
  return Template.fromStack(host);
}

describe('SenderStackSet', () => {
  test('a service-managed, auto-deploying StackSet named keywatch-sender over the OUs and regions', () => {
    synth({
      organizationalUnits: ['r-ab12', 'ou-ab12-cdef3456'],
      regions: ['us-east-1', 'eu-west-1'],
      retainStacksOnAccountRemoval: true,
    }).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'keywatch-sender',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      Capabilities: ['CAPABILITY_IAM'],
      ManagedExecution: { Active: true },
      StackInstancesGroup: [
        { Regions: ['us-east-1', 'eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: ['r-ab12', 'ou-ab12-cdef3456'], AccountFilterType: 'NONE' } },
      ],
      TemplateURL: {
        'Fn::Sub': Match.stringLikeRegexp('^https://s3\\.eu-west-1\\.\\$\\{AWS::URLSuffix\\}/cdk-hnb659fds-assets-222222222222-eu-west-1/[0-9a-f]{64}\\.json$'),
      },
      AdministrationRoleARN: Match.absent(),
      ExecutionRoleName: Match.absent(),
    });
  });

  test('CallAs is DELEGATED_ADMIN from a delegated administrator and SELF from the management account', () => {
    synth({ delegatedAdmin: true }).hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'DELEGATED_ADMIN' });
    synth({ delegatedAdmin: false }).hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'SELF' });
  });

  test('operation preferences: parallel regions, configured concurrency and tolerance, soft failure tolerance', () => {
    synth({ maxConcurrent: 10, failureTolerance: '5%' }).hasResourceProperties('AWS::CloudFormation::StackSet', {
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        MaxConcurrentCount: 10,
        FailureTolerancePercentage: 5,
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        MaxConcurrentPercentage: Match.absent(),
        FailureToleranceCount: Match.absent(),
      },
    });
  });

  test('tags the StackSet (and so every stack instance) keywatch:component=sender', () => {
    const app = newTestApp();
    const host = new Stack(app, 'Host', { env: { account: '222222222222', region: 'eu-west-1' }, tags: { 'keywatch:component': 'central' } });
    new sqs.Queue(host, 'AnyResource');
    const config = makeConfig();
    new SenderStackSet(host, 'S', {
      deployment: config.deployment,
      sender: { rules: [senderRule()], centralBus: { account: '222222222222', region: 'eu-west-1', busName: 'b' } },
    });
    Template.fromStack(host).hasResourceProperties('AWS::CloudFormation::StackSet', { Tags: [{ Key: 'keywatch:component', Value: 'sender' }] });
  });
});
