import { QuotaError } from '../errors';
import { SENDER_RULE_NAME_PREFIX } from './heartbeat';
import { HEARTBEAT_SCHEDULE_PREFIX, STACK_INSTANCE_PREFIX, STACKSET_EXECUTION_ROLE_PREFIX } from './tamper';

/** Largest service control policy AWS Organizations accepts, in characters (Organizations quotas, "Maximum size of a policy document"). */
export const SCP_MAX_CHARS = 5120;

/** File name of the generated policy in the synth output directory. */
export const PROTECTION_SCP_FILE = 'keywatch-protection.scp.json';

/** Name of the policy when keywatch deploys it (protect.scp: true). */
export const PROTECTION_SCP_NAME = 'keywatch-protection';

/** A service control policy document. */
export interface ServiceControlPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: 'Deny';
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition: { readonly ArnNotLike: { readonly 'aws:PrincipalARN': readonly string[] } };
  }[];
}

/** What the protection policy needs to know. */
export interface ProtectionScpInput {
  /** Name of the sender StackSet. */
  readonly stackSetName: string;
  /** Names of the forwarding rules (plan.sender ids) and any other keywatch rule on the member default buses (Onboarding). */
  readonly ruleIds: readonly string[];
  /** Names of further roles (any account) allowed to change keywatch, e.g. a break-glass role. */
  readonly exemptRoles: readonly string[];
}

/**
 * The protection SCP (no default), in the style of AWS Control Tower's mandatory guardrails GRCLOUDWATCHEVENTPOLICY and
 * GRCLOUDTRAILENABLED: Deny statements on keywatch's own resources in the member accounts, each with
 * `ArnNotLike aws:PrincipalARN` exempting the StackSet execution role (`stacksets-exec-*`, which service-managed StackSets
 * create in every target account) and the exempt roles:
 * - the member default bus rules by name: `rule/keywatch-Sender*`, `rule/keywatch-Tamper*` and the other ids exactly (a
 *   bare `rule/keywatch-*` would also match `/`, and so rules on a bus named `keywatch-…`, such as the receiver bus);
 * - the heartbeat schedules (`schedule/default/keywatch-heartbeat-*`);
 * - the stack instances of the sender StackSet (`stack/StackSet-<name>-*`), whose roles are named after them
 *   (`role/StackSet-<name>-*`).
 * SCPs never apply to the management account; see README.md for what the policy does not stop.
 * Throws QuotaError when the document exceeds SCP_MAX_CHARS.
 */
export function protectionScp(input: ProtectionScpInput): ServiceControlPolicy {
  const exempt = [`arn:*:iam::*:role/${STACKSET_EXECUTION_ROLE_PREFIX}*`, ...input.exemptRoles.map((r) => `arn:*:iam::*:role/${r}`)];
  const condition = { ArnNotLike: { 'aws:PrincipalARN': exempt } };
  const stackInstances = `${STACK_INSTANCE_PREFIX}${input.stackSetName}-`;
  const policy: ServiceControlPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'KeywatchProtectRules',
        Effect: 'Deny',
        Action: ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
        Resource: ruleNamePatterns(input.ruleIds).map((name) => `arn:*:events:*:*:rule/${SENDER_RULE_NAME_PREFIX}${name}`),
        Condition: condition,
      },
      {
        Sid: 'KeywatchProtectHeartbeats',
        Effect: 'Deny',
        Action: ['scheduler:DeleteSchedule', 'scheduler:UpdateSchedule'],
        Resource: [`arn:*:scheduler:*:*:schedule/default/${HEARTBEAT_SCHEDULE_PREFIX}*`],
        Condition: condition,
      },
      {
        Sid: 'KeywatchProtectStackInstances',
        Effect: 'Deny',
        Action: [
          'cloudformation:DeleteStack',
          'cloudformation:UpdateStack',
          'cloudformation:CreateChangeSet',
          'cloudformation:ExecuteChangeSet',
          'cloudformation:SetStackPolicy',
          'cloudformation:UpdateTerminationProtection',
        ],
        Resource: [`arn:*:cloudformation:*:*:stack/${stackInstances}*`],
        Condition: condition,
      },
      {
        Sid: 'KeywatchProtectRoles',
        Effect: 'Deny',
        Action: [
          'iam:AttachRolePolicy',
          'iam:DeleteRole',
          'iam:DeleteRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PutRolePermissionsBoundary',
          'iam:PutRolePolicy',
          'iam:UpdateAssumeRolePolicy',
        ],
        Resource: [`arn:*:iam::*:role/${stackInstances}*`],
        Condition: condition,
      },
    ],
  };
  const chars = JSON.stringify(policy).length;
  if (chars > SCP_MAX_CHARS) {
    throw new QuotaError(
      `the protection SCP is ${chars} characters but AWS Organizations accepts at most ${SCP_MAX_CHARS}; list fewer protect.exemptRoles, or raise quotas.eventPatternMaxChars so fewer sender rules are needed`,
    );
  }
  return policy;
}

/**
 * Rule ids as SCP name patterns: numbered ids ("Sender12", "Tamper2") collapse into "Sender*", "Tamper*"; others stay
 * exact unless a pattern already covers them ("SenderDeliveryFailing" by "Sender*"), so the policy stays small.
 */
function ruleNamePatterns(ids: readonly string[]): string[] {
  const names = [...new Set(ids.map((id) => id.replace(/^([A-Za-z]+)\d+$/, '$1*').replace(/^Tamper$/, 'Tamper*')))];
  const stems = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
  return names.filter((n) => n.endsWith('*') || !stems.some((stem) => n.startsWith(stem)));
}
