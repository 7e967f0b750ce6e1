/**
 * The AWS regions keywatch deploys to (partitions aws, aws-cn, aws-us-gov), with their partition and whether they are
 * opt-in (disabled in an account until enabled). shared must not import aws-cdk-lib, so this list is generated from
 * aws-cdk-lib's region-info (the list the CDK maintains) and held equal to it by test/shared/config/regions.test.ts;
 * after an aws-cdk-lib upgrade run `npm run regions` to refresh it.
 */
export interface AwsRegion {
  /** Region name, e.g. eu-west-1. */
  readonly name: string;
  /** Its partition: aws, aws-cn or aws-us-gov. */
  readonly partition: string;
  /** True for regions an account must enable before use (af-south-1, ap-east-1, …). */
  readonly optIn: boolean;
}

/** Every region keywatch accepts, sorted by name. */
export const AWS_REGIONS: readonly AwsRegion[] = [
  // <generated>
  { name: 'af-south-1', partition: 'aws', optIn: true },
  { name: 'ap-east-1', partition: 'aws', optIn: true },
  { name: 'ap-east-2', partition: 'aws', optIn: true },
  { name: 'ap-northeast-1', partition: 'aws', optIn: false },
  { name: 'ap-northeast-2', partition: 'aws', optIn: false },
  { name: 'ap-northeast-3', partition: 'aws', optIn: false },
  { name: 'ap-south-1', partition: 'aws', optIn: false },
  { name: 'ap-south-2', partition: 'aws', optIn: true },
  { name: 'ap-southeast-1', partition: 'aws', optIn: false },
  { name: 'ap-southeast-2', partition: 'aws', optIn: false },
  { name: 'ap-southeast-3', partition: 'aws', optIn: true },
  { name: 'ap-southeast-4', partition: 'aws', optIn: true },
  { name: 'ap-southeast-5', partition: 'aws', optIn: true },
  { name: 'ap-southeast-6', partition: 'aws', optIn: true },
  { name: 'ap-southeast-7', partition: 'aws', optIn: true },
  { name: 'ca-central-1', partition: 'aws', optIn: false },
  { name: 'ca-west-1', partition: 'aws', optIn: true },
  { name: 'cn-north-1', partition: 'aws-cn', optIn: false },
  { name: 'cn-northwest-1', partition: 'aws-cn', optIn: false },
  { name: 'eu-central-1', partition: 'aws', optIn: false },
  { name: 'eu-central-2', partition: 'aws', optIn: true },
  { name: 'eu-north-1', partition: 'aws', optIn: false },
  { name: 'eu-south-1', partition: 'aws', optIn: true },
  { name: 'eu-south-2', partition: 'aws', optIn: true },
  { name: 'eu-west-1', partition: 'aws', optIn: false },
  { name: 'eu-west-2', partition: 'aws', optIn: false },
  { name: 'eu-west-3', partition: 'aws', optIn: false },
  { name: 'il-central-1', partition: 'aws', optIn: true },
  { name: 'me-central-1', partition: 'aws', optIn: true },
  { name: 'me-south-1', partition: 'aws', optIn: true },
  { name: 'me-west-1', partition: 'aws', optIn: true },
  { name: 'mx-central-1', partition: 'aws', optIn: true },
  { name: 'sa-east-1', partition: 'aws', optIn: false },
  { name: 'us-east-1', partition: 'aws', optIn: false },
  { name: 'us-east-2', partition: 'aws', optIn: false },
  { name: 'us-gov-east-1', partition: 'aws-us-gov', optIn: false },
  { name: 'us-gov-west-1', partition: 'aws-us-gov', optIn: false },
  { name: 'us-west-1', partition: 'aws', optIn: false },
  { name: 'us-west-2', partition: 'aws', optIn: false },
  // </generated>
];

const BY_NAME = new Map(AWS_REGIONS.map((r) => [r.name, r]));

/** True when `name` is a region of AWS_REGIONS. */
export function isKnownRegion(name: string): boolean {
  return BY_NAME.has(name);
}

/** True when `name` is an opt-in region (false for unknown names). */
export function isOptInRegion(name: string): boolean {
  return BY_NAME.get(name)?.optIn === true;
}

/** The partition of region `name`; undefined for unknown names. */
export function regionPartition(name: string): string | undefined {
  return BY_NAME.get(name)?.partition;
}
