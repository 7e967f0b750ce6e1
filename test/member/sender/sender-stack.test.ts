import { Stack, aws_sqs as sqs } from 'aws-cdk-lib';
import { SenderStack } from '@keywatch/member';
import { newTestApp, senderRule, stackSetTemplate } from '../../helpers/synth';

describe('SenderStack', () => {
  test('renders a StackSet template without named IAM, Lambda, assets or bootstrap checks', () => {
    // GIVEN
    const app = newTestApp();
    const parent = new Stack(app, 'Parent', { env: { account: '222222222222', region: 'eu-west-1' } });
    new sqs.Queue(parent, 'AnyResource'); // a stack must have at least one resource
    // WHEN
    const stack = new SenderStack(parent, 'Sender', {
      rules: [senderRule()],
      centralBus: { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' },
    });
    // THEN
    const json = stackSetTemplate(stack).toJSON();
    const types = Object.values(json.Resources as Record<string, { Type: string }>)
      .map((r) => r.Type)
      .sort();
    expect(types).toEqual(['AWS::CloudWatch::Alarm', 'AWS::Events::Rule', 'AWS::IAM::Role', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy']);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/RoleName|PolicyName"?:\s*"?[^"]*\$\{|AWS::Lambda|Custom::|BootstrapVersion|AssetParameters|cdk-hnb659fds/);
    expect(json.Parameters).toBeUndefined();
    expect(json.Description).toMatch(/^keywatch sender/);
  });
});
