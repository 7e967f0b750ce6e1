import { renderJson, toSpec, v, lit } from './render';
import type { AlertTemplateOptions, RenderedTemplate } from './types';

/**
 * The alert-log entry for the CloudWatch Logs target: exactly {"timestamp": <time>, "message": <text>}
 * (the only shape EventBridge accepts for a log-group target; aws-cdk-lib's CloudWatchLogGroup enforces it).
 * `message` is a string, as PutLogEvents takes it; a JSON object there is not logged as such (aws-cdk-lib
 * LogGroupTargetInputOptions.message). The string is itself a JSON object, and Logs Insights discovers the
 * fields of JSON log events, so `fields account, accessKeyId, sourceIPAddress, eventName` works
 * [doc: CloudWatch Logs CWL_AnalyzeLogData-discoverable-fields]. Every value is a string: readOnly is
 * "true"/"false", and a field missing from the event is "". accountName, ouPath and owner are "" for an
 * account not yet in the directory (ouPath is also "" for an account directly under the root). The caller's user
 * agent is deliberately absent (see below).
 * With `group` (a rule shared by accounts of the same policy) accountName, ouPath and owner are left out, not empty:
 * EventBridge cannot look the name up, and "" would read as "not in the directory"; `account` (from the event) and
 * `rule` remain, and readers (keywatch report) take the name from the accounts directory.
 */
export function alertLogTemplate(options: AlertTemplateOptions = {}): RenderedTemplate {
  const account = options.account;
  const names =
    account === undefined && options.group
      ? {}
      : {
          accountName: account === undefined ? '' : lit(account.name),
          ouPath: account === undefined ? '' : lit(account.ouPath),
          owner: account === undefined ? '' : lit(account.owner),
        };
  const message = {
    account: account === undefined ? v('account') : lit(account.id),
    ...names,
    accessKeyId: v('accessKeyId'),
    userName: v('userName'),
    arn: v('arn'),
    identityType: v('identityType'),
    eventName: v('eventName'),
    eventSource: v('eventSource'),
    region: v('region'),
    sourceIPAddress: v('sourceIPAddress'),
    eventTime: v('eventTime'),
    eventID: v('eventID'),
    readOnly: v('readOnly'),
    vpcEndpointId: v('vpcEndpointId'),
    rule: v('aws.events.rule-name'),
  };
  // Inside the message string EventBridge inserts values without escaping them, so only fields whose characters AWS
  // constrains (IDs, names, ARNs, addresses, times) go in. The user agent is free text chosen by whoever holds the key:
  // a quote in it could break the entry or forge fields, so it is left out here; the e-mail and the archive keep it.
  return toSpec(renderJson({ timestamp: v('time'), message: JSON.stringify(message) }), 'alert log');
}
