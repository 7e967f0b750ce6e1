import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { alertLogTemplate, gateDirectoryOf, notifyGateTemplate } from '@keywatch/shared';
import { buildExample } from '../../helpers/synth';

// The example organization (notify.mode deduplicated, chat on): its six default-policy accounts share one rule; 444444444444
// (extra recipients) and 444444444455 (networks of its own) keep theirs.
describe('AlertRules: a rule shared by the accounts of one policy', () => {
  const built = buildExample();
  const t = Template.fromStack(built.central);
  const shared = ['111111111111', '222222222222', '222222222233', '333333333333', '555555555555', '666666666666'];

  test('one rule lists the accounts in its pattern, and targets the gate with the grouped input and the alert log with the grouped record', () => {
    const gateInput = notifyGateTemplate({ locale: 'en', group: true, chat: true });
    const log = alertLogTemplate({ group: true });
    const targets = new Capture();
    t.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^keywatch: a watched access key of one of 6 accounts with the same policy \\(111111111111 … 666666666666;'),
      EventPattern: Match.objectLike({ account: shared, source: [{ prefix: 'aws.' }] }),
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Targets: targets,
    });
    expect(targets.asArray()).toEqual([
      expect.objectContaining({
        Arn: { Ref: expect.stringMatching(/^AlertRulesNotifyGateGateStateMachine[0-9A-F]{8}$/) },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertRulesNotifyGateEventsRole/), 'Arn'] },
        InputTransformer: { InputPathsMap: gateInput.inputPathsMap, InputTemplate: gateInput.inputTemplate },
      }),
      expect.objectContaining({
        Arn: 'arn:aws:logs:eu-west-1:222222222222:log-group:/keywatch/alerts',
        InputTransformer: { InputPathsMap: log.inputPathsMap, InputTemplate: log.inputTemplate },
      }),
    ]);
    // the grouped texts carry the account from the event and markers for the gate; the log record has no name fields
    expect(gateInput.inputTemplate).toContain('Account: <account> (\uE002)');
    expect(JSON.parse(JSON.parse(log.inputTemplate.replace(/<[^>]+>/g, '0')).message)).not.toHaveProperty('accountName');
  });

  test("the gate's definition carries the six accounts (name, OU line, owner), and no other account", () => {
    const machines = t.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineType: 'EXPRESS' } });
    const [gate] = Object.values(machines) as { Properties: { DefinitionString: string } }[];
    const asl = JSON.parse(gate.Properties.DefinitionString);
    expect(asl.StartAt).toBe('Directory1');
    expect(asl.States.Directory1).toEqual({ Type: 'Pass', Assign: { directory1: expect.any(Object) }, Next: 'Init' });
    const directory = gateDirectoryOf(asl);
    expect(Object.keys(directory)).toEqual(shared);
    expect(directory['111111111111']).toEqual({ chat: ['management', '(organization root)', 'Cloud Platform Team'] });
    expect(directory['222222222233']).toEqual({ chat: ['log-archive', 'Security', 'aws-log-archive@example.com'] });
  });

  test('the accounts with their own rules keep them: 444444444444 (its recipients) and 444444444455 (its networks)', () => {
    for (const id of ['444444444444', '444444444455']) {
      t.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ account: [id] }) });
    }
    const rules = Object.values(t.findResources('AWS::Events::Rule', { Properties: { Description: Match.stringLikeRegexp('watched access key') } }));
    expect(rules).toHaveLength(8); // 1 shared + 3 + 3 parts of the two own rules + 1 fallback
  });

  test('cdk-nag AwsSolutions finds nothing', () => {
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });
});
