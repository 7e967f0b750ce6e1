import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { compileOrganization, protectionScp, QuotaError, SCP_MAX_CHARS } from '@keywatch/shared';
import { loadConfig, EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { motoAvailable } from '../../helpers/moto';

/**
 * The API operations of an AWS service from botocore's service model (installed with the moto oracle). For EventBridge,
 * EventBridge Scheduler, CloudFormation and IAM every IAM action used here is named after its API operation (AWS Service
 * Authorization Reference, "Actions defined by Amazon EventBridge" / "… EventBridge Scheduler" / "… AWS CloudFormation" /
 * "… AWS Identity and Access Management"), so an action that is not an operation does not exist.
 */
function operations(service: string): Set<string> {
  const venv = path.dirname(path.dirname(process.env.KEYWATCH_MOTO_SERVER!));
  const lib = fs.readdirSync(path.join(venv, 'lib')).find((d) => d.startsWith('python'))!;
  const dir = path.join(venv, 'lib', lib, 'site-packages', 'botocore', 'data', service);
  const version = fs.readdirSync(dir).sort().pop()!;
  const model = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, version, 'service-2.json.gz'))).toString('utf8')) as { operations: object };
  return new Set(Object.keys(model.operations));
}

const PREFIX_TO_BOTOCORE: Record<string, string> = { events: 'events', scheduler: 'scheduler', cloudformation: 'cloudformation', iam: 'iam' };

describe('protectionScp', () => {
  const { config, directory } = loadConfig(EXAMPLE_CONFIG_FILE);
  const plan = compileOrganization(config, directory);
  const ruleIds = [...plan.sender.map((r) => r.id), 'Onboarding'];
  const policy = protectionScp({ stackSetName: 'keywatch-sender', ruleIds, exemptRoles: ['BreakGlassAdmin'] });

  test('is a Deny-only SCP in the Control Tower shape: every statement exempts stacksets-exec-* and the exempt roles by aws:PrincipalARN', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'KeywatchProtectRules',
      'KeywatchProtectHeartbeats',
      'KeywatchProtectStackInstances',
      'KeywatchProtectRoles',
    ]);
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Deny');
      expect(Object.keys(s).sort()).toEqual(['Action', 'Condition', 'Effect', 'Resource', 'Sid']);
      expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': ['arn:*:iam::*:role/stacksets-exec-*', 'arn:*:iam::*:role/BreakGlassAdmin'] } });
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
    }
  });

  test('names the member rules by their id stems, never rule/keywatch-* (which would also match rules on a bus named keywatch-…, such as the receiver bus)', () => {
    expect(policy.Statement[0].Resource).toEqual([
      'arn:*:events:*:*:rule/keywatch-Sender*',
      'arn:*:events:*:*:rule/keywatch-Tamper*',
      'arn:*:events:*:*:rule/keywatch-Onboarding',
    ]);
    expect(policy.Statement[1].Resource).toEqual(['arn:*:scheduler:*:*:schedule/default/keywatch-heartbeat-*']);
    expect(policy.Statement[2].Resource).toEqual(['arn:*:cloudformation:*:*:stack/StackSet-keywatch-sender-*']);
    expect(policy.Statement[3].Resource).toEqual(['arn:*:iam::*:role/StackSet-keywatch-sender-*']);
  });

  test('the deployed policy covers every keywatch rule of a member default bus, with no Resource another already covers', () => {
    // IAM ARN matching: '*' any run of characters (slashes included), '?' one character (IAM User Guide, Resource element).
    const covers = (pattern: string, arn: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(arn);
    const resources = plan.protectionScp.Statement[0].Resource;
    const names = [...plan.sender.map((r) => r.id), plan.senderDelivery.forward.id, 'Onboarding'].map((id) => `keywatch-${id}`);
    expect(names).toContain('keywatch-SenderDeliveryFailing');
    for (const name of names) {
      expect(resources.filter((r) => covers(r, `arn:aws:events:eu-west-1:444444444444:rule/${name}`))).not.toEqual([]);
    }
    for (const r of resources) {
      expect(resources.filter((other) => other !== r && covers(other, r))).toEqual([]);
    }
  });

  test(`fits AWS Organizations' ${SCP_MAX_CHARS}-character limit, minified and pretty-printed`, () => {
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(SCP_MAX_CHARS);
    expect(JSON.stringify(policy, null, 2).length).toBeLessThanOrEqual(SCP_MAX_CHARS);
  });

  test('the size does not grow with the number of sender rules', () => {
    const many = protectionScp({
      stackSetName: 'keywatch-sender',
      ruleIds: [...Array.from({ length: 150 }, (_, i) => `Sender${i + 1}`), 'Tamper1', 'Tamper2', 'Onboarding'],
      exemptRoles: [],
    });
    expect(many.Statement[0].Resource).toEqual([
      'arn:*:events:*:*:rule/keywatch-Sender*',
      'arn:*:events:*:*:rule/keywatch-Tamper*',
      'arn:*:events:*:*:rule/keywatch-Onboarding',
    ]);
  });

  test('too many exempt roles is a QuotaError naming the limit', () => {
    const exemptRoles = Array.from({ length: 120 }, (_, i) => `BreakGlassAdministratorRoleNumber${i}`);
    expect(() => protectionScp({ stackSetName: 'keywatch-sender', ruleIds, exemptRoles })).toThrow(QuotaError);
    expect(() => protectionScp({ stackSetName: 'keywatch-sender', ruleIds, exemptRoles })).toThrow(/AWS Organizations accepts at most 5120/);
  });

  const run = motoAvailable() ? test : test.skip;
  run("every action exists: it is an API operation of the service in botocore's service model", () => {
    for (const s of policy.Statement) {
      for (const action of s.Action) {
        const [prefix, name] = action.split(':');
        expect(PREFIX_TO_BOTOCORE[prefix]).toBeDefined();
        expect({ action, exists: operations(PREFIX_TO_BOTOCORE[prefix]).has(name) }).toEqual({ action, exists: true });
      }
    }
  });
});
