import { aws_glue as glue, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { HuntTablePlan } from '@keywatch/shared';

/** Properties of a HuntingTable. */
export interface HuntingTableProps {
  /** The table plan (huntTablePlan): names, location, projection enums and start date. */
  readonly plan: HuntTablePlan;
}

const s = glue.Schema;
const col = (name: string, type: glue.Type = s.STRING): glue.Column => ({ name, type });
const struct = (fields: [string, glue.Type?][]): glue.Type => s.struct(fields.map(([name, type]) => ({ name, type: type ?? s.STRING })));

/** The columns of Athena's documented CloudTrail table (create-cloudtrail-table.html): every scalar a string, as the CloudTrail SerDe reads them. */
export const CLOUDTRAIL_COLUMNS: readonly glue.Column[] = [
  col('eventversion'),
  col(
    'useridentity',
    struct([
      ['type'],
      ['principalid'],
      ['arn'],
      ['accountid'],
      ['invokedby'],
      ['accesskeyid'],
      ['username'],
      ['onbehalfof', struct([['userid'], ['identitystorearn']])],
      [
        'sessioncontext',
        struct([
          ['attributes', struct([['mfaauthenticated'], ['creationdate']])],
          ['sessionissuer', struct([['type'], ['principalid'], ['arn'], ['accountid'], ['username']])],
          ['ec2roledelivery'],
          ['webidfederationdata', struct([['federatedprovider'], ['attributes', s.map(s.STRING, s.STRING)]])],
        ]),
      ],
    ]),
  ),
  col('eventtime'),
  col('eventsource'),
  col('eventname'),
  col('awsregion'),
  col('sourceipaddress'),
  col('useragent'),
  col('errorcode'),
  col('errormessage'),
  col('requestparameters'),
  col('responseelements'),
  col('additionaleventdata'),
  col('requestid'),
  col('eventid'),
  col('resources', s.array(struct([['arn'], ['accountid'], ['type']]))),
  col('eventtype'),
  col('apiversion'),
  col('readonly'),
  col('recipientaccountid'),
  col('serviceeventdetails'),
  col('sharedeventid'),
  col('vpcendpointid'),
  col('vpcendpointaccountid'),
  col('eventcategory'),
  col('addendum', struct([['reason'], ['updatedfields'], ['originalrequestid'], ['originaleventid']])),
  col('sessioncredentialfromconsole'),
  col('edgedevicedetails'),
  col('tlsdetails', struct([['tlsversion'], ['ciphersuite'], ['clientprovidedhostheader']])),
];

/**
 * The Glue database and CloudTrail table over the organization trail, partitioned by account, region and day with
 * partition projection (no crawler, no Lambda, no partitions to add): account and region are enums, the day a date
 * from plan.startDate to NOW, at s3://<bucket>/<prefix>/AWSLogs/<org-id>/<account>/CloudTrail/<region>/yyyy/MM/dd/.
 */
export class HuntingTable extends Construct {
  /** The Glue database. */
  public readonly database: glue.Database;
  /** The CloudTrail table. */
  public readonly table: glue.S3Table;

  constructor(scope: Construct, id: string, props: HuntingTableProps) {
    super(scope, id);
    const { plan } = props;
    const cols = plan.partitionColumns;
    this.database = new glue.Database(this, 'Database', {
      databaseName: plan.database,
      description: 'keywatch: the organization trail, for keywatch hunt',
    });
    const url = /^s3:\/\/([^/]+)\/(.*)$/.exec(plan.location)!;
    this.table = new glue.S3Table(this, 'Table', {
      database: this.database,
      tableName: plan.table,
      description: 'keywatch: CloudTrail records of the organization trail (partition projection: account, region, day)',
      storage: glue.S3TableStorage.fromBucket(s3.Bucket.fromBucketName(this, 'TrailBucket', url[1])),
      s3Prefix: url[2],
      // The current Athena guide (create-cloudtrail-table.html): CloudTrailInputFormat splits {"Records":[…]} files, the Hive JSON SerDe reads each record.
      dataFormat: new glue.DataFormat({
        inputFormat: glue.InputFormat.CLOUDTRAIL,
        outputFormat: glue.OutputFormat.HIVE_IGNORE_KEY_TEXT,
        serializationLibrary: glue.SerializationLibrary.HIVE_JSON,
      }),
      columns: [...CLOUDTRAIL_COLUMNS],
      partitionKeys: [col(cols.account), col(cols.region), col(cols.date)],
      // Trail files are SSE-S3 or SSE-KMS encrypted, which Athena reads transparently; true would mean client-side encryption.
      hasEncryptedData: false,
      partitionProjection: {
        [cols.account]: glue.PartitionProjectionConfiguration.enum({ values: [...plan.accounts] }),
        [cols.region]: glue.PartitionProjectionConfiguration.enum({ values: [...plan.regions] }),
        [cols.date]: glue.PartitionProjectionConfiguration.date({
          min: plan.startDate,
          max: 'NOW',
          format: 'yyyy/MM/dd',
          step: { interval: 1, intervalUnit: glue.DateIntervalUnit.DAYS },
        }),
      },
      parameters: { 'storage.location.template': plan.locationTemplate, classification: 'cloudtrail' },
    });
  }
}
