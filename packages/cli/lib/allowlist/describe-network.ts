import { networkInfo, type DescribeNetwork } from '@keywatch/shared';
import type { AsnDataset } from './asn-dataset';
import type { AwsIpRanges } from './aws-ranges';

/** Describes addresses from the ASN dataset and AWS's published ranges (when cached); see networkInfo. */
export function describeWith(asn: AsnDataset, aws: AwsIpRanges | undefined): DescribeNetwork {
  return (address) => networkInfo(address, asn.lookup(address), aws?.servicesOf(address) ?? []);
}
