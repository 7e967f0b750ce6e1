import { Match, Template } from 'aws-cdk-lib/assertions';
import { protectionScp } from '@keywatch/shared';
import { ProtectionPolicy } from '@keywatch/central';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization, newTestStack } from '../../helpers/synth';

describe('ProtectionPolicy', () => {
  test('one SERVICE_CONTROL_POLICY named keywatch-protection with the document verbatim, attached to the targets', () => {
    const stack = newTestStack();
    const document = protectionScp({ stackSetName: 'keywatch-sender', ruleIds: ['Sender1', 'Tamper'], exemptRoles: [] });
    new ProtectionPolicy(stack, 'Protection', { document, targetIds: ['r-ab12', 'ou-ab12-cdef3456'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Organizations::Policy', 1);
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'keywatch-protection',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.parse(JSON.stringify(document)),
      TargetIds: ['r-ab12', 'ou-ab12-cdef3456'],
    });
  });

  test('no targets throws with the prop name', () => {
    const document = protectionScp({ stackSetName: 'keywatch-sender', ruleIds: ['Sender1'], exemptRoles: [] });
    expect(() => new ProtectionPolicy(newTestStack(), 'P', { document, targetIds: [] })).toThrow(
      /'targetIds' must list at least one root or OU ID; got '\[\]'/,
    );
  });

  test('protect.scp: true puts it in the us-east-1 management stack only; false (the default) nowhere', () => {
    const on = buildOrganization(makeConfig({ protect: { scp: true } }), makeDirectory());
    for (const m of on.management) {
      Template.fromStack(m).resourceCountIs('AWS::Organizations::Policy', m.region === 'us-east-1' ? 1 : 0);
    }
    Template.fromStack(on.management.find((m) => m.region === 'us-east-1')!).hasResourceProperties('AWS::Organizations::Policy', {
      Content: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Sid: 'KeywatchProtectRules' })]) }),
      TargetIds: ['r-ab12'],
    });
    const off = buildOrganization(makeConfig(), makeDirectory());
    for (const s of [off.central, ...off.management]) Template.fromStack(s).resourceCountIs('AWS::Organizations::Policy', 0);
  });
});
