import { Lazy, Stack, aws_events as events, aws_kms as kms, aws_logs as logs, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { LOG_RETENTION_DAYS, tamperChatTemplate, tamperEmailTemplate, tamperLogTemplate } from '@keywatch/shared';
import {
  AlertKey,
  AlertLog,
  AlertRules,
  AlertTopic,
  ChatChannel,
  DeadLetterQueues,
  DeliveryAlarms,
  ReceiverBus,
  SenderStackSet,
  TamperRules,
} from '@keywatch/central';
import type { DeadLetterKind } from '@keywatch/central';
import { Sender } from '@keywatch/member';
import { makeConfig } from '../helpers/config';
import { centralRule, newTestApp, newTestStack, senderRule } from '../helpers/synth';

/** A string CDK resolves only at synth time: validation must leave it to CloudFormation. */
const token = (value: string): string => Lazy.string({ produce: () => value });
const slack = { slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } };

/**
 * Every construct-level check of the security account's and the sender's constructs, with its exact message, and
 * that a deploy-time token is never judged at synth time (issue 10 item 4). The messages are written out here.
 */
describe('construct-level errors', () => {
  test('ReceiverBus: bus name, the default bus, organization ID, archive retention; tokens pass', () => {
    const stack = newTestStack();
    const props = { busName: 'keywatch-receiver', organizationId: 'o-a1b2c3d4e5', archiveRetentionDays: 30 };
    expect(() => new ReceiverBus(stack, 'A', { ...props, busName: 'bad name' })).toThrow(
      "'busName' must be 1-256 letters, digits, '.', '_' or '-' and not 'default'; got 'bad name'",
    );
    expect(() => new ReceiverBus(stack, 'B', { ...props, busName: 'default' })).toThrow(/and not 'default'; got 'default'/);
    expect(() => new ReceiverBus(stack, 'C', { ...props, organizationId: 'o-1' })).toThrow(
      "'organizationId' must be an organization ID such as 'o-a1b2c3d4e5'; got 'o-1'",
    );
    expect(() => new ReceiverBus(stack, 'D', { ...props, archiveRetentionDays: 1.5 })).toThrow(
      "'archiveRetentionDays' must be a whole number of days, 0 for forever; got '1.5'",
    );
    expect(() => new ReceiverBus(stack, 'E', { ...props, archiveRetentionDays: -1 })).toThrow(/got '-1'/);
    expect(() => new ReceiverBus(stack, 'F', { ...props, busName: token('bad name'), organizationId: token('o-1') })).not.toThrow();
  });

  test('AlertLog and DeliveryAlarms: bus name; tokens pass', () => {
    const stack = newTestStack();
    const key = new AlertKey(stack, 'Key').key;
    expect(() => new AlertLog(stack, 'A', { retentionDays: 400, key, busName: 'bad/name' })).toThrow(
      "'busName' must be 1-256 letters, digits, '.', '_' or '-'; got 'bad/name'",
    );
    expect(() => new AlertLog(stack, 'B', { retentionDays: 400, key, busName: token('bad/name') })).not.toThrow();
    const topic = new sns.Topic(stack, 'T');
    const deadLetterQueues = { Email: new sqs.Queue(stack, 'Q') };
    expect(() => new DeliveryAlarms(stack, 'C', { busName: '', topic, deadLetterQueues })).toThrow(
      "'busName' must be 1-256 letters, digits, '.', '_' or '-'; got ''",
    );
    expect(() => new DeliveryAlarms(stack, 'D', { busName: token(''), topic, deadLetterQueues })).not.toThrow();
  });

  test('ChatChannel: configuration name (a token passes); AlertTopic: display name', () => {
    const stack = newTestStack();
    const topic = new sns.Topic(stack, 'T');
    expect(() => new ChatChannel(stack, 'A', { destination: slack, topic, configurationName: 'keywatch alerts' })).toThrow(
      "'configurationName' must be 1-128 letters, digits, '-' or '_'; got 'keywatch alerts'",
    );
    expect(() => new ChatChannel(stack, 'B', { destination: slack, topic, configurationName: token('keywatch alerts') })).not.toThrow();
    const key = new kms.Key(stack, 'K');
    const long = 'k'.repeat(101);
    expect(() => new AlertTopic(stack, 'C', { key, displayName: long })).toThrow(`'displayName' must be at most 100 characters; got '${long}'`);
  });

  test('AlertLog: retention is a CloudWatch Logs value; an imported key gets a warning instead of a policy statement', () => {
    const stack = newTestStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => new AlertLog(stack, 'A', { retentionDays: 399, key, busName: 'keywatch-receiver' })).toThrow(
      "'retentionDays' must be a CloudWatch Logs retention value such as 400; got '399'",
    );
    expect(() => new AlertLog(stack, 'B', { retentionDays: 0, key, busName: 'keywatch-receiver' })).toThrow(/got '0'/);
    // The one list is aws-cdk-lib's RetentionDays without its INFINITE sentinel (9999, no RetentionInDays).
    const cdkValues = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE);
    expect([...LOG_RETENTION_DAYS].sort((a, b) => a - b)).toEqual(cdkValues.sort((a, b) => a - b));
    const imported = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new AlertLog(stack, 'C', { retentionDays: 400, key: imported, busName: 'keywatch-receiver', logGroupName: '/keywatch/imported' });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/C',
      Match.stringLikeRegexp("The policy of the imported key '1234abcd-12ab-34cd-56ef-1234567890ab' is not changed here: .*/keywatch/imported"),
    );
  });

  test('DeadLetterQueues: known kinds, one queue per kind, bus name and logical ID path; tokens pass', () => {
    const stack = newTestStack();
    const dlq = new DeadLetterQueues(stack, 'A', { busName: 'keywatch-receiver' });
    expect(() => dlq.queue('Email-1' as DeadLetterKind)).toThrow("'kind' must be one of Email, Chat, Log, AccountRecipients, Notify, Heartbeat; got 'Email-1'");
    expect(dlq.queue('Email')).toBe(dlq.queue('Email'));
    expect(Object.keys(dlq.queues)).toEqual(['Email']);
    expect(() => new DeadLetterQueues(stack, 'B', { busName: 'bad/name' })).toThrow("'busName' must be 1-256 letters, digits, '.', '_' or '-'; got 'bad/name'");
    expect(() => new DeadLetterQueues(stack, 'C', { busName: token('bad/name') })).not.toThrow();
    expect(() => new DeadLetterQueues(stack, 'D', { busName: 'keywatch-receiver', logicalIdPath: 'Alert-Rules' })).toThrow(
      "'logicalIdPath' must be construct ids of letters and digits joined by '/'; got 'Alert-Rules'",
    );
  });

  test('DeadLetterQueues keep the logical IDs the queues had under AlertRules (aws-cdk-lib gave them before the move)', () => {
    const stack = newTestStack();
    const dlq = new DeadLetterQueues(stack, 'DeadLetterQueues', { busName: 'keywatch-receiver', logicalIdPath: 'AlertRules' });
    dlq.queue('Email');
    dlq.queue('Heartbeat');
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    // Written out from a synth of keywatch-central before DeadLetterQueues existed (AlertRules/<Kind>DeadLetterQueue/Queue).
    expect(Object.keys(resources).sort()).toEqual([
      'AlertRulesEmailDeadLetterQueue178DFCA5',
      'AlertRulesEmailDeadLetterQueuePolicyED338EEC',
      'AlertRulesHeartbeatDeadLetterQueue25C2AA18',
      'AlertRulesHeartbeatDeadLetterQueuePolicy4B3A817A',
    ]);
    const plain = newTestStack(newTestApp(), 'Plain');
    new DeadLetterQueues(plain, 'Queues', { busName: 'keywatch-receiver' }).queue('Log');
    expect(Object.keys(Template.fromStack(plain).toJSON().Resources as object)).toEqual([
      expect.stringMatching(/^QueuesLogDeadLetterQueue[0-9A-F]{8}$/),
      expect.stringMatching(/^QueuesLogDeadLetterQueuePolicy[0-9A-F]{8}$/),
    ]);
  });

  test('AlertRules: with a notify gate, every rule needs its gate input', () => {
    const stack = newTestStack();
    const topic = new sns.Topic(stack, 'T');
    const rules = [centralRule('UnknownAccounts1')];
    const notify = { plan: { mode: 'digest' as const, windowMinutes: 60, gateInputs: {} }, alarmTopic: topic };
    expect(
      () =>
        new AlertRules(stack, 'A', {
          rules,
          bus: new events.EventBus(stack, 'Bus'),
          emailTopic: topic,
          alertLogGroupName: '/keywatch/alerts',
          deadLetterQueues: new DeadLetterQueues(stack, 'Queues', { busName: 'keywatch-receiver' }),
          key: new kms.Key(stack, 'Key'),
          locale: 'en',
          notify,
        }),
    ).toThrow("'notify.plan.gateInputs' must hold the gate input of every rule; got none for 'UnknownAccounts1'");
  });

  test('TamperRules: at least one rule', () => {
    const stack = newTestStack();
    expect(
      () =>
        new TamperRules(stack, 'A', {
          plan: { rules: [], email: tamperEmailTemplate({ locale: 'en' }), chat: tamperChatTemplate({ locale: 'en' }), log: tamperLogTemplate() },
          bus: new events.EventBus(stack, 'Bus'),
          emailTopic: new sns.Topic(stack, 'T'),
          emailDeadLetterQueue: new sqs.Queue(stack, 'Q1'),
          alertLogGroupName: '/keywatch/alerts',
          alertLogDeadLetterQueue: new sqs.Queue(stack, 'Q2'),
        }),
    ).toThrow("'rules' must contain at least one tamper rule; got '[]'");
  });

  test('SenderStackSet: at least one region and one organizational unit', () => {
    const host = new Stack(newTestApp(), 'Host', { env: { account: '222222222222', region: 'eu-west-1' } });
    const sender = { rules: [senderRule()], centralBus: { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' } };
    const deployment = makeConfig().deployment;
    expect(() => new SenderStackSet(host, 'A', { deployment: { ...deployment, regions: [] }, sender })).toThrow(
      "'deployment.regions' must list at least one region; got '[]'",
    );
    expect(() => new SenderStackSet(host, 'B', { deployment: { ...deployment, organizationalUnits: [] }, sender })).toThrow(
      "'deployment.organizationalUnits' must list at least one root or OU ID; got '[]'",
    );
  });

  test("Sender: the delivery alarm's rule may not reuse a sender rule id", () => {
    const stack = newTestStack();
    expect(
      () =>
        new Sender(stack, 'A', {
          rules: [senderRule('Sender1')],
          deliveryAlarmRule: senderRule('Sender1'),
          centralBus: { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' },
        }),
    ).toThrow("'deliveryAlarmRule' must not reuse a rule id; got 'Sender1' twice");
  });
});
