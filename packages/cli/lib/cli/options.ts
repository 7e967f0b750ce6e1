import { InvalidArgumentError } from 'commander';
import { AWS_REGIONS, closest, isKnownRegion } from '@keywatch/shared';

/** Parses a `--region` value: a region of AWS_REGIONS (the list held to aws-cdk-lib's region-info), else a usage error naming the nearest. */
export function awsRegion(value: string): string {
  if (isKnownRegion(value)) return value;
  const near = closest(
    value,
    AWS_REGIONS.map((r) => r.name),
  );
  throw new InvalidArgumentError(`'${value}' is not an AWS region${near ? ` (did you mean '${near}'?)` : ''}`);
}
