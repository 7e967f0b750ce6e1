import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { QuotaError } from '@keywatch/shared';
import { recommendedContext } from '@keywatch/central';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildExample, buildOrganization, newTestApp } from '../../helpers/synth';

describe('buildKeywatchApp', () => {
  test('builds keywatch-central and one keywatch-management-<region> stack per region in the right accounts', () => {
    const built = buildOrganization(makeConfig({ deployment: { regions: ['us-east-1', 'eu-west-1'] } }));
    expect(built.central.stackName).toBe('keywatch-central');
    expect(built.management.map((m) => [m.stackName, m.account, m.region])).toEqual([
      ['keywatch-management-us-east-1', '111111111111', 'us-east-1'],
      ['keywatch-management-eu-west-1', '111111111111', 'eu-west-1'],
    ]);
    for (const m of built.management) {
      const t = Template.fromStack(m);
      t.resourceCountIs('AWS::Events::Rule', built.plan.sender.length + 1 + (m.region === 'us-east-1' ? 1 : 0)); // + the delivery alarm rule and the Organizations lifecycle rule
      t.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    }
  });

  test('puts the StackSet in the central stack with a delegated administrator', () => {
    const built = buildOrganization(makeConfig({ deployment: { delegatedAdmin: true } }));
    expect(Stack.of(built.stackSet).stackName).toBe('keywatch-central');
  });

  test('puts the StackSet in the management stack of the central region without one (CallAs SELF)', () => {
    const built = buildOrganization(makeConfig({ deployment: { delegatedAdmin: false, regions: ['us-east-1', 'eu-west-1'] } }));
    expect(Stack.of(built.stackSet).stackName).toBe('keywatch-management-eu-west-1');
    Template.fromStack(built.management[1]).hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'SELF' });
    Template.fromStack(built.central).resourceCountIs('AWS::CloudFormation::StackSet', 0);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding on the example organization', () => {
    const built = buildExample();
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding with Teams and without a delegated administrator', () => {
    const teams = {
      teams: { tenantId: '11111111-2222-4333-8444-555555555555', teamId: '66666666-7777-4888-9999-000000000000', channelId: '19%3Aabc%40thread.tacv2' },
    };
    const built = buildOrganization(makeConfig({ deployment: { delegatedAdmin: false }, notify: { chat: teams } }), makeDirectory());
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });

  test('cdk-nag is able to fail: an unencrypted queue without TLS enforcement is reported (negative control)', () => {
    const built = buildOrganization(makeConfig());
    new sqs.Queue(built.central, 'Careless', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const rules = new AwsSolutionsChecks().validateScope(built.app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });

  test('every acknowledgement is on a DLQ (SQS3) or a notify gate state machine role (IAM5 Resource::*, logging and X-Ray; IAM5 kms:GenerateDataKey* on the alert key), with a reason', () => {
    const built = buildExample();
    const acks: { path: string; id: string; reason: string }[] = [];
    for (const c of built.app.node.findAll()) {
      for (const m of c.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
          acks.push({ path: c.node.path, id, reason });
        }
      }
    }
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      if (a.id === 'Annotation::AwsSolutions-IAM5[Resource::*]' || a.id === 'Annotation::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]') {
        expect(a.path).toMatch(/\/AlertRules\/NotifyGate\/(Gate|Summary)StateMachine\/Role$/);
      } else {
        expect(a.path).toMatch(/DeadLetterQueue\/Queue$/);
        expect(a.id).toBe('Annotation::AwsSolutions-SQS3');
      }
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });

  test('registers cdk-nag as a policy-validation plugin by default', () => {
    const app = newTestApp();
    const spy = jest.spyOn(Validations.prototype, 'addPlugins');
    buildOrganization(makeConfig());
    expect(spy).not.toHaveBeenCalled(); // the test builder turns nag off
    jest.requireActual('@keywatch/central').buildKeywatchApp({ config: makeConfig() }, app);
    expect(spy).toHaveBeenCalledWith(expect.any(AwsSolutionsChecks));
    spy.mockRestore();
  });

  test('a plan that cannot fit the rules quota fails with a QuotaError before any stack is built', () => {
    const accounts = Array.from({ length: 12 }, (_, i) => ({ id: String(300000000000 + i), name: `acct-${i}`, organizationalUnit: '' }));
    const config = makeConfig({
      quotas: { rulesPerBus: 10 },
      allow: { accounts: accounts.map((a, i) => ({ account: a.id, networks: [`198.51.100.${i * 8}/29`] })) },
    });
    const app = newTestApp();
    expect(() => jest.requireActual('@keywatch/central').buildKeywatchApp({ config, directory: makeDirectory(accounts) }, app, { nag: false })).toThrow(
      QuotaError,
    );
    expect(app.node.children).toHaveLength(0);
  });

  test('cdk.json sets exactly the recommended feature flags of the installed aws-cdk-lib and runs the compiled app', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('node packages/central/dist/bin/app.js');
    expect(cdkJson.context).toEqual(recommendedContext());
  });
});
