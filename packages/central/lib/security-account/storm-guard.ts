import { Duration, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_events as events, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME_PATTERN } from '@keywatch/shared';

/** Properties of a StormGuard. */
export interface StormGuardProps {
  /** Name of the receiver bus whose rules are counted. */
  readonly busName: string;
  /** Name of the heartbeat rule, left out of the count (it matches every heartbeat). */
  readonly heartbeatRuleName: string;
  /**
   * The receiver bus rules that are not access-key alert rules (tamper, onboarding, sender delivery …), left out of the
   * count like the heartbeat rule: only access-key alerts make a storm.
   * @default - only the heartbeat rule is left out
   */
  readonly excludedRules?: readonly events.IRule[];
  /** Topic the alarm notifies. */
  readonly topic: sns.ITopic;
  /**
   * Matched alert events in one period above which the alarm fires.
   * @default 100
   */
  readonly threshold?: number;
  /**
   * Evaluation period.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * One alarm on the volume of access-key alerts (default: more than 100 in 5 minutes): MatchedEvents summed over every rule
 * of the receiver bus except the heartbeat rule and `excludedRules`, by a Metrics Insights query (whose WHERE clause
 * takes `=`, `!=` and `AND`, so the other rules are named one by one), so the alarm count stays constant. It fires once
 * per storm (alarms notify on state changes) and says that SNS suspends an e-mail subscription receiving more than 10
 * messages a second; the alert log keeps every alert.
 */
export class StormGuard extends Construct {
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StormGuardProps) {
    super(scope, id);
    for (const [prop, value] of [
      ['busName', props.busName],
      ['heartbeatRuleName', props.heartbeatRuleName],
    ] as const) {
      if (!EVENT_BUS_NAME_PATTERN.test(value) || value.includes("'")) {
        throw new Error(`'${prop}' must be 1-256 letters, digits, '.', '_' or '-'; got '${value}'`);
      }
    }
    const threshold = props.threshold ?? 100;
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new Error(`'threshold' must be a whole number of at least 1; got '${threshold}'`);
    }
    const period = props.period ?? Duration.minutes(5);
    const excluded = [props.heartbeatRuleName, ...(props.excludedRules ?? []).map((r) => r.ruleName)];
    for (const name of excluded) {
      if (!Token.isUnresolved(name) && name.includes("'")) {
        throw new Error(`'excludedRules' must name rules without a quote; got '${name}'`);
      }
    }
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription:
        `keywatch: alert storm, more than ${threshold} alerts in ${period.toMinutes()} minutes on ${props.busName}. SNS suspends an e-mail subscription that ` +
        'receives more than 10 messages a second (and deletes it after 48 hours): check the subscriptions of the alert topic and re-confirm them; ' +
        'every alert is in the alert log (keywatch report).',
      metric: new cloudwatch.MathExpression({
        expression: `SELECT SUM(MatchedEvents) FROM SCHEMA("AWS/Events", EventBusName, RuleName) WHERE EventBusName = '${props.busName}'${excluded.map((n) => ` AND RuleName != '${n}'`).join('')}`,
        period,
        label: 'MatchedEvents',
      }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(props.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }
}
