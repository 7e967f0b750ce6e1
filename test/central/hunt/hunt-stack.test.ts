import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { huntTablePlan, KeywatchError } from '@keywatch/shared';
import { HUNT_STACK_NAME } from '@keywatch/central';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';

const HUNT = { deploy: true, trail: { bucket: 'org-trail-logs-222222222222', prefix: 'ct', startDate: '2025/06/01' }, maxScanGigabytes: 200 };

describe('HuntStack', () => {
  test('is deployed only when hunt.deploy is true', () => {
    expect(buildOrganization(makeConfig(), makeDirectory()).hunt).toBeUndefined();
    expect(buildOrganization(makeConfig({ hunt: { database: 'x' } }), makeDirectory()).hunt).toBeUndefined();
    const built = buildOrganization(makeConfig({ hunt: HUNT }), makeDirectory());
    expect(built.hunt?.stackName).toBe(HUNT_STACK_NAME);
    // default placement: the security account and region
    expect(built.hunt?.account).toBe('222222222222');
    expect(built.hunt?.region).toBe('eu-west-1');
  });

  test('the Glue table: CloudTrail format at the org trail location, projected account/region enums and a day date range', () => {
    // GIVEN a directory of six accounts and two deployed regions
    const built = buildOrganization(makeConfig({ hunt: HUNT }), makeDirectory());
    const t = Template.fromStack(built.hunt!);
    // THEN
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'keywatch' } });
    t.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'cloudtrail_org',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          { Name: 'account', Type: 'string' },
          { Name: 'region', Type: 'string' },
          { Name: 'day', Type: 'string' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.account.type': 'enum',
          'projection.account.values': '111111111111,222222222222,333333333333,444444444444,555555555555,666666666666',
          'projection.region.type': 'enum',
          'projection.region.values': 'eu-west-1,us-east-1',
          'projection.day.type': 'date',
          'projection.day.range': '2025/06/01,NOW',
          'projection.day.format': 'yyyy/MM/dd',
          'projection.day.interval': '1',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': 's3://org-trail-logs-222222222222/ct/AWSLogs/o-exampleorg1/${account}/CloudTrail/${region}/${day}',
          has_encrypted_data: false,
        }),
        StorageDescriptor: Match.objectLike({
          Location: 's3://org-trail-logs-222222222222/ct/AWSLogs/o-exampleorg1/',
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
          Columns: Match.arrayWith([
            {
              Name: 'useridentity',
              Type: Match.stringLikeRegexp(
                '^struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,',
              ),
            },
            { Name: 'sourceipaddress', Type: 'string' },
            { Name: 'vpcendpointid', Type: 'string' },
          ]),
        }),
      }),
    });
  });

  test('the workgroup: engine v3, enforced, bytes-scanned cutoff, KMS-encrypted results that expire', () => {
    const t = Template.fromStack(buildOrganization(makeConfig({ hunt: { ...HUNT, resultsRetentionDays: 14 } }), makeDirectory()).hunt!);
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'keywatch-hunt',
      WorkGroupConfiguration: {
        BytesScannedCutoffPerQuery: 200_000_000_000,
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkgroupKey'), 'Arn'] } },
        },
      },
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 14, Status: 'Enabled' })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('hunt.account and hunt.region place the stack; accounts named by ID join the enum', () => {
    const config = makeConfig({
      hunt: { ...HUNT, account: '333333333333', region: 'us-east-1' },
      allow: { accounts: [{ account: '999999999999', networks: ['203.0.113.0/24'] }] },
    });
    const plan = huntTablePlan(config, makeDirectory());
    expect(plan).toMatchObject({ account: '333333333333', region: 'us-east-1' });
    expect(plan.accounts).toContain('999999999999');
    expect(() => huntTablePlan(makeConfig())).toThrow(KeywatchError);
    // without a directory: the management and security accounts
    expect(huntTablePlan(makeConfig({ hunt: HUNT })).accounts).toEqual(['111111111111', '222222222222']);
  });

  test('cdk-nag AwsSolutions: no violations', () => {
    const built = buildOrganization(makeConfig({ hunt: HUNT }), makeDirectory());
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });
});
