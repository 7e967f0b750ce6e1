import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  alertLogTemplate,
  chatTemplate,
  emailTemplate,
  planHeartbeatMonitor,
  planOnboarding,
  protectionScp,
  tamperCentralRules,
  tamperChatTemplate,
  tamperEmailTemplate,
  tamperLogTemplate,
} from '@keywatch/shared';
import type { AccountsDirectory, CentralRule, CompiledRule, KeywatchConfig, Locale, OrganizationPlan } from '@keywatch/shared';
import type { StackSetStack } from 'cdk-stacksets';
import { EXAMPLE_CONFIG_FILE, KeywatchApp, buildKeywatchApp, loadConfig, recommendedContext } from '@keywatch/central';

/** A new App with cdk.json's feature flags, synthesizing into a fresh temporary directory. */
export function newTestApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-test-')), context: recommendedContext() });
}

/** A new plain Stack with the fixed test environment 111111111111 / us-east-1. */
export function newTestStack(app: App = newTestApp(), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'us-east-1' } });
}

/** The whole organization built from a config (and directory), cdk-nag off unless asked. */
export function buildOrganization(config: KeywatchConfig, directory?: AccountsDirectory, nag = false): KeywatchApp {
  return buildKeywatchApp({ config, directory }, newTestApp(), { nag });
}

/** The organization of the bundled example (examples/keywatch.yml + accounts.yml). */
export function buildExample(nag = false): KeywatchApp {
  return buildKeywatchApp(loadConfig(EXAMPLE_CONFIG_FILE), newTestApp(), { nag });
}

/** The template of a StackSetStack, read from the cloud assembly (it is an asset of its parent, not a stack artifact). */
export function stackSetTemplate(stack: StackSetStack): Template {
  const assembly = (stack.node.root as App).synth();
  return Template.fromJSON(JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8')));
}

/** A hand-written sender rule. */
export function senderRule(id = 'Sender1', ip = '0.0.0.0/1'): CompiledRule {
  const pattern = {
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { userIdentity: { accessKeyId: [{ prefix: 'AKIA' }] }, sourceIPAddress: [{ cidr: ip }] },
  };
  return { id, description: `keywatch sender ${id}`, pattern, patternChars: JSON.stringify(pattern).length };
}

/** A hand-written central rule for one account (or a fallback rule without `account`). */
export function centralRule(id: string, account?: { id: string; name: string }, extraRecipients: string[] = [], locale: Locale = 'en'): CentralRule {
  const identity = account ? { ...account, ouPath: 'Workloads/Prod', owner: 'owner@example.com' } : undefined;
  const pattern = account
    ? { account: [account.id], detail: { sourceIPAddress: [{ cidr: '0.0.0.0/1' }] } }
    : { account: [{ 'anything-but': ['444444444444'] }], detail: { sourceIPAddress: [{ cidr: '0.0.0.0/1' }] } };
  return {
    id,
    kind: account ? 'account' : 'fallback',
    description: `keywatch alert ${id}`,
    pattern,
    patternChars: JSON.stringify(pattern).length,
    account: identity,
    extraRecipients,
    inputs: {
      email: emailTemplate({ locale, account: identity }),
      chat: chatTemplate({ locale, account: identity }),
      log: alertLogTemplate({ account: identity }),
    },
  };
}

/** The tamper rule, the onboarding plan and a heartbeat plan (management and security account in us-east-1 and eu-west-1) for hand-written plans (default locale en). */
export function livenessPlanParts(locale: Locale = 'en'): Pick<OrganizationPlan, 'tamper' | 'heartbeat' | 'protectionScp' | 'onboarding' | 'shards'> {
  return {
    shards: [], // a hand-made plan: every central rule on the primary bus
    onboarding: planOnboarding({ managementAccount: '111111111111', locale, regions: ['us-east-1', 'eu-west-1'], centralRegion: 'us-east-1' }),
    protectionScp: protectionScp({ stackSetName: 'keywatch-sender', ruleIds: ['Sender1', 'Tamper'], exemptRoles: [] }),
    tamper: {
      rules: tamperCentralRules({ busName: 'keywatch-receiver', stackSetName: 'keywatch-sender' }),
      email: tamperEmailTemplate({ locale: 'en' }),
      chat: tamperChatTemplate({ locale: 'en' }),
      log: tamperLogTemplate(),
    },
    heartbeat: planHeartbeatMonitor({
      accounts: [{ id: '111111111111', name: 'management' }, { id: '222222222222' }],
      regions: ['us-east-1', 'eu-west-1'],
      intervalMinutes: 15,
      forwardingRules: 2,
    }),
  };
}
