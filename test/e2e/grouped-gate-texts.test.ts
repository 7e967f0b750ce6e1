import fc from 'fast-check';
import jsonata from 'jsonata';
import {
  cloudTrailToEventBridge,
  definitionText,
  fillGateInput,
  gateDirectoryEntry,
  notifyGateDefinition,
  notifyGateTemplate,
  renderInputTransformer,
  resolvePolicy,
  type AccountIdentity,
  type GateDirectoryEntry,
  type Locale,
} from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE, loadConfig } from '@keywatch/central';
import { evaluate } from '../helpers/asl';
import { exampleWith, storeRecord } from '../helpers/notify-harness';

// The reference is what an account's own rule sends today: its per-account gate input rendered by the local EventBridge
// engine. The grouped path is the synthesized (or generated) gate ASL run by the `jsonata` package (2.0.6, the version
// Step Functions documents) on the grouped rule's input; the published texts are `$alert.email` and `$string($alert.chat)`.

type Asl = { StartAt: string; States: Record<string, { Type: string; Assign?: Record<string, unknown>; Next?: string }> };

/** The definition with every DefinitionSubstitution replaced by a dummy value, parsed (as the harness deploys it). */
function parseDefinition(text: string): Asl {
  return JSON.parse(text.replace(/\$\{([A-Za-z0-9]+)\}/g, 'sub:$1')) as Asl;
}

/** Runs the gate's states from StartAt up to Clock (the Directory<n> Pass states and Init) and returns $alert. */
async function gateAlert(asl: Asl, input: unknown): Promise<Record<string, unknown>> {
  let vars: Record<string, unknown> = {};
  let name = asl.StartAt;
  while (name !== 'Clock') {
    const state = asl.States[name];
    const assigned = (await evaluate(state.Assign ?? {}, { ...vars, states: { input } }, 0)) as Record<string, unknown>;
    vars = { ...vars, ...assigned };
    name = state.Next as string;
  }
  return vars.alert as Record<string, unknown>;
}

const asString = jsonata('$string($c)');

/** The texts the gate publishes for `alert` (deduplicated mode, first alert of a window): the e-mail message and the chat message. */
async function published(alert: Record<string, unknown>): Promise<{ email: unknown; chat: unknown }> {
  return { email: alert.email, chat: alert.chat === undefined ? undefined : await asString.evaluate({}, { c: alert.chat }) };
}

function eventOf(account: string, i = 1) {
  return cloudTrailToEventBridge(storeRecord(i, 'AKIAIOSFODNN7EXAMPLE', '198.51.100.77', account));
}

const ctx = { ruleName: 'keywatch-central-AlertRulesRule-ABC', ruleArn: 'arn:aws:events:eu-west-1:222222222222:rule/keywatch-receiver/R' };

/** The grouped and the per-account published texts of `account` (same event, same rule name), and the local engine's fill. */
async function compare(
  asl: Asl,
  grouped: { inputPathsMap: Record<string, string>; inputTemplate: string },
  own: ReturnType<typeof notifyGateTemplate>,
  account: string,
  directory: Record<string, GateDirectoryEntry>,
) {
  const event = eventOf(account);
  const groupedInput = JSON.parse(renderInputTransformer(grouped, event, ctx));
  const ownInput = JSON.parse(renderInputTransformer(own, event, ctx));
  const viaGate = await published(await gateAlert(asl, groupedInput));
  const viaOwn = await published(await gateAlert(asl, ownInput));
  const viaEngine = await published(fillGateInput(groupedInput, directory));
  return { viaGate, viaOwn, viaEngine, ownInput };
}

describe('a rule shared by accounts of the same policy: the gate fills in each account, byte for byte as its own rule', () => {
  test('every grouped account of the example organization (synthesized template, notify.mode deduplicated, chat on)', async () => {
    const { central } = exampleWith('deduplicated');
    const resources = Object.values(central.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>);
    const gate = resources.find((r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineType === 'EXPRESS')!;
    const asl = parseDefinition(gate.Properties.DefinitionString as string);
    const grouped = resources.filter((r) => r.Type === 'AWS::Events::Rule' && String(r.Properties.Description).includes('accounts with the same policy'));
    expect(grouped).toHaveLength(1);
    const pattern = grouped[0].Properties.EventPattern as { account: string[] };
    const target = (grouped[0].Properties.Targets as { Arn: unknown; InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }[])[0];
    const transformer = { inputPathsMap: target.InputTransformer.InputPathsMap, inputTemplate: target.InputTransformer.InputTemplate };
    const loaded = loadConfig(EXAMPLE_CONFIG_FILE);
    const identities = new Map(resolvePolicy(loaded.config, loaded.directory).accounts.map((a) => [a.identity.id, a.identity]));
    // the default-policy accounts of the example; 444444444444 (extra recipients) and 444444444455 (own networks) keep their own rules
    expect(pattern.account).toEqual(['111111111111', '222222222222', '222222222233', '333333333333', '555555555555', '666666666666']);
    for (const id of pattern.account) {
      const own = notifyGateTemplate({ locale: 'en', account: identities.get(id), chat: true });
      const r = await compare(asl, transformer, own, id, {});
      expect(r.viaGate.email).toBe(r.ownInput.email);
      expect(r.viaGate).toEqual(r.viaOwn);
      expect(String(r.viaGate.email)).toContain(`Account: ${id} (${identities.get(id)!.name})`);
      expect(JSON.stringify(r.viaGate)).not.toMatch(/[\uE000-\uE004]/);
    }
  }, 120_000);

  const text = fc.oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.constantFrom('a"b\\c', '<admin>', '{% $x %}', '${TableName}', '${Other}', 'ｼｮｯﾌﾟ本番', 'x\u2028y', '%}', 'tab\there'),
  );
  const identity = (id: string) => fc.record({ name: text, ouPath: fc.oneof(fc.constant(''), text), owner: text }).map((a): AccountIdentity => ({ id, ...a }));
  const ids = fc
    .uniqueArray(fc.integer({ min: 1, max: 999_999_999_999 }), { minLength: 1, maxLength: 6 })
    .map((n) => n.map((x) => String(x).padStart(12, '0')));
  const directories = ids.chain((list) => fc.tuple(...list.map(identity)));

  test('random directories, both locales, chat on and off: the generated gate ASL on the grouped input = the per-account input; the local engine agrees', async () => {
    await fc.assert(
      fc.asyncProperty(directories, fc.constantFrom<Locale>('en', 'ja'), fc.boolean(), async (accounts, locale, chat) => {
        const directory = Object.fromEntries(accounts.map((a) => [a.id, gateDirectoryEntry(locale, a)]));
        const asl = parseDefinition(definitionText(notifyGateDefinition({ mode: 'deduplicated', windowMinutes: 60, locale, chat, directory })));
        const grouped = notifyGateTemplate({ locale, group: true, chat });
        for (const a of accounts) {
          const own = notifyGateTemplate({ locale, account: a, chat });
          const r = await compare(asl, grouped, own, a.id, directory);
          expect(r.viaGate.email).toBe(r.ownInput.email);
          expect(r.viaGate).toEqual(r.viaOwn);
          expect(r.viaEngine).toEqual(r.viaGate);
        }
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  test('an account not in the directory (its own rule) passes the gate unchanged', async () => {
    const a: AccountIdentity = { id: '123456789012', name: 'n', ouPath: '', owner: 'o' };
    const asl = parseDefinition(
      definitionText(notifyGateDefinition({ mode: 'digest', windowMinutes: 5, locale: 'en', chat: true, directory: { [a.id]: gateDirectoryEntry('en', a) } })),
    );
    const other: AccountIdentity = { ...a, id: '210987654321', name: 'other' };
    const input = JSON.parse(renderInputTransformer(notifyGateTemplate({ locale: 'en', account: other, chat: true }), eventOf(other.id), ctx));
    expect(await gateAlert(asl, input)).toEqual(input);
  });

  test('a "${…}" in directory text is written \\u0024{ in the ASL text (CloudFormation substitutes only the names keywatch declares)', () => {
    const a: AccountIdentity = { id: '123456789012', name: '${TableName}', ouPath: '', owner: '${X}' };
    const textOut = definitionText(
      notifyGateDefinition({ mode: 'deduplicated', windowMinutes: 60, locale: 'en', directory: { [a.id]: gateDirectoryEntry('en', a) } }),
    );
    expect(textOut).toContain('"=\\u0024{TableName}"');
    expect(textOut).toContain('"${TableName}"'); // the real substitution stays
    expect(textOut).not.toMatch(/\$\{X\}/);
  });
});
