import { aws_events as events, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CentralRule, GateDirectoryEntry, Locale, NotifyMode, NotifyPlan } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryRetry, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';
import { AlertTopic } from './alert-topic';
import type { IDeadLetterQueues } from './dead-letter-queues';
import { NotifyGate } from './notify-gate';

/** Properties of AlertRules. */
export interface AlertRulesProps {
  /** The central rules of the organization plan (`plan.central`). */
  readonly rules: readonly CentralRule[];
  /** The receiver bus the rules live on. */
  readonly bus: events.IEventBus;
  /** Topic of the security team's e-mail alerts. */
  readonly emailTopic: sns.ITopic;
  /** Name of the alert log group (this account and region). */
  readonly alertLogGroupName: string;
  /** The dead-letter queue of each kind of target (DeadLetterQueues of the receiver bus). */
  readonly deadLetterQueues: IDeadLetterQueues;
  /** Key for the per-account recipient topics (and the notify gate's window table). */
  readonly key: kms.IKey;
  /** Language of the alert text. */
  readonly locale: Locale;
  /**
   * Topic of the chat channel.
   * @default - no chat target
   */
  readonly chatTopic?: sns.ITopic;
  /**
   * Watch read-only calls too (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).
   * @default true
   */
  readonly readOnlyEvents?: boolean;
  /**
   * Retry policy of every target.
   * @default ALERT_RETRY (2 h, 185 attempts)
   */
  readonly retry?: DeliveryRetry;
  /**
   * plan.notify (notify.mode, windowMinutes, the gate input of each rule): with deduplicated or digest, the e-mail, chat
   * and extra-recipient targets of every rule are replaced by one NotifyGate target (the alert log target stays).
   * @default - mode every: direct targets
   */
  readonly notify?: { readonly plan: NotifyPlan; readonly alarmTopic: sns.ITopic };
}

/**
 * One alert rule per central plan entry on the receiver bus. Targets (at most 4 of EventBridge's 5): the
 * e-mail topic, the alert log, the chat topic (when configured) and a per-account topic for the account's
 * extra recipients (when any); each with a DLQ per target kind and a retry policy, and without RoleArn.
 * With `notify` deduplicated or digest: the notify gate (a state machine, with a role) and the alert log.
 */
export class AlertRules extends Construct {
  /** The rules, in plan order. */
  public readonly rules: events.Rule[];
  /** Extra-recipient topics by account ID. */
  public readonly accountTopics: Record<string, AlertTopic> = {};
  /** The notify gate (notify.mode deduplicated or digest). */
  public readonly notifyGate?: NotifyGate;

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    if (props.rules.length === 0) {
      throw new Error(`'rules' must contain at least one central rule; got '[]'`);
    }
    const ids = new Set<string>();
    for (const r of props.rules) {
      if (ids.has(r.id)) {
        throw new Error(`'rules' must have unique ids; got '${r.id}' twice`);
      }
      ids.add(r.id);
    }
    const state = ruleState(props.readOnlyEvents ?? true);
    const retry = props.retry ?? ALERT_RETRY;
    const dlq = props.deadLetterQueues;

    const plan = props.notify?.plan;
    const gate = props.notify && plan && plan.mode !== 'every' ? this.createGate(props, plan.mode, plan.windowMinutes, props.notify.alarmTopic) : undefined;
    this.notifyGate = gate;

    this.rules = props.rules.map((compiled) => {
      const rule = ruleFromCompiled(this, compiled, { eventBus: props.bus, state });
      const account = compiled.account;
      const log = DeliveryTarget.logGroup(props.alertLogGroupName, { deadLetterQueue: dlq.queue('Log'), retry, input: compiled.inputs.log });
      if (gate && (compiled.extraRecipients.length === 0 || account)) {
        // One target for e-mail, chat and extra recipients; the gate looks the recipients' topic up by account ID.
        const input = plan?.gateInputs[compiled.id];
        if (!input) throw new Error(`'notify.plan.gateInputs' must hold the gate input of every rule; got none for '${compiled.id}'`);
        rule.addTarget(gate.target(input, dlq.queue('Notify'), retry));
        rule.addTarget(log);
        return rule;
      }
      if (compiled.kind === 'group') {
        throw new Error(
          `'notify' must be deduplicated or digest for a rule shared by several accounts (the gate names the account); got none for '${compiled.id}'`,
        );
      }
      const email = compiled.inputs.email;
      rule.addTarget(DeliveryTarget.topic(props.emailTopic, { deadLetterQueue: dlq.queue('Email'), retry, input: email }));
      rule.addTarget(log);
      if (props.chatTopic) {
        const chat = compiled.inputs.chat;
        if (!chat) throw new Error(`'rules' must carry the chat input of every rule when 'chatTopic' is set; got none for '${compiled.id}'`);
        rule.addTarget(DeliveryTarget.topic(props.chatTopic, { deadLetterQueue: dlq.queue('Chat'), retry, input: chat }));
      }
      if (compiled.extraRecipients.length > 0) {
        const topic = this.accountTopic(compiled, props);
        rule.addTarget(DeliveryTarget.topic(topic.topic, { deadLetterQueue: dlq.queue('AccountRecipients'), retry, input: email }));
      }
      return rule;
    });
  }

  /** The gate, after every account's extra-recipient topic (the gate's definition names them). */
  private createGate(props: AlertRulesProps, mode: Exclude<NotifyMode, 'every'>, windowMinutes: number, alarmTopic: sns.ITopic): NotifyGate {
    const recipientTopics: Record<string, sns.ITopic> = {};
    const directory: Record<string, GateDirectoryEntry> = {};
    for (const rule of props.rules) {
      if (rule.extraRecipients.length > 0 && rule.account) {
        recipientTopics[rule.account.id] = this.accountTopic(rule, props).topic;
      }
      Object.assign(directory, rule.directory ?? {});
    }
    return new NotifyGate(this, 'NotifyGate', {
      mode,
      windowMinutes,
      locale: props.locale,
      emailTopic: props.emailTopic,
      chatTopic: props.chatTopic,
      recipientTopics,
      directory: Object.keys(directory).length > 0 ? directory : undefined,
      key: props.key,
      alarmTopic,
    });
  }

  private accountTopic(rule: CentralRule, props: AlertRulesProps): AlertTopic {
    const key = rule.account?.id ?? rule.id;
    const existing = this.accountTopics[key];
    if (existing) {
      return existing;
    }
    const topic = new AlertTopic(this, `Recipients${key}`, {
      key: props.key,
      emails: rule.extraRecipients,
      displayName: `keywatch ${rule.account?.name ?? key}`.slice(0, 100),
    });
    this.accountTopics[key] = topic;
    return topic;
  }
}
