import { aws_athena as athena, aws_kms as kms, aws_s3 as s3, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { HuntTablePlan } from '@keywatch/shared';

/** Properties of a HuntWorkgroup. */
export interface HuntWorkgroupProps {
  /** The table plan: workgroup name, scan cutoff, results retention. */
  readonly plan: HuntTablePlan;
}

/**
 * The Athena workgroup keywatch hunt runs in: engine v3, its settings enforced, a bytes-scanned cutoff per query, and
 * results in a bucket of its own, encrypted with a customer-managed KMS key (rotated), TLS only, public access
 * blocked, results deleted after plan.resultsRetentionDays (they hold key IDs and source IPs).
 */
export class HuntWorkgroup extends Construct {
  /** The workgroup. */
  public readonly workgroup: athena.CfnWorkGroup;
  /** The results bucket. */
  public readonly results: s3.Bucket;
  /** The key of the results. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: HuntWorkgroupProps) {
    super(scope, id);
    const { plan } = props;
    this.key = new kms.Key(this, 'Key', { description: 'keywatch: encrypts the results of keywatch hunt (Athena)', enableKeyRotation: true });
    this.results = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(plan.resultsRetentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.results).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Query results only, written by Athena on behalf of the hunting team and expired after hunt.resultsRetentionDays; who ran which query is in CloudTrail (athena:StartQueryExecution) and the workgroup history.',
    });
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: plan.workgroup,
      description: 'keywatch hunt: the keywatch allowlist policy as SQL over the organization trail',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        bytesScannedCutoffPerQuery: plan.bytesScannedCutoff,
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.results.s3UrlForObject('results/'),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
        },
      },
    });
  }
}
