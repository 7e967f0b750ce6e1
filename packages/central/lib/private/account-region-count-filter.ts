import { aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** What an account × region count filter reads and writes. */
export interface AccountRegionCountFilterProps {
  readonly logGroupName: string;
  readonly filterName: string;
  readonly filterPattern: string;
  /** The metric counted (namespace and name), one series per account × region. */
  readonly metric: { readonly namespace: string; readonly name: string };
}

/**
 * A metric filter that counts the matching log events of a keywatch log (heartbeats, sender delivery failures) as 1
 * each, with the dimensions `account` and `region` read from the entry's `$.account` and `$.region` (what the liveness
 * alarms and `keywatch audit` read back). No default value: CloudWatch refuses one with dimensions, and missing data is
 * what the liveness alarms look for. No defaults.
 */
export function accountRegionCountFilter(scope: Construct, id: string, props: AccountRegionCountFilterProps): logs.CfnMetricFilter {
  return new logs.CfnMetricFilter(scope, id, {
    logGroupName: props.logGroupName,
    filterName: props.filterName,
    filterPattern: props.filterPattern,
    metricTransformations: [
      {
        metricNamespace: props.metric.namespace,
        metricName: props.metric.name,
        metricValue: '1',
        unit: 'Count',
        dimensions: [
          { key: 'account', value: '$.account' },
          { key: 'region', value: '$.region' },
        ],
      },
    ],
  });
}
