import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../aws/concurrency';
import { withAwsErrors } from '../aws/errors';

/** What estimateScan needs: where the trail is, and which partitions the query reads. */
export interface ScanEstimateInput {
  readonly bucket: string;
  /** The trail's key prefix ("" for none). */
  readonly prefix: string;
  readonly organizationId: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** The day folder measured (yyyy/MM/dd). */
  readonly sampleDay: string;
  /** Days the query reads; the estimate is the sample × days. */
  readonly days: number;
  /**
   * ListObjectsV2 calls at once.
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * Profile and region, for error messages only.
   * @default - not mentioned
   */
  readonly profile?: string;
  /**
   * Whose credentials the listing needs, for error messages only (AwsErrorContext.account).
   * @default - explainAwsError's default
   */
  readonly account?: string;
}

/** The measured sample and the estimate. */
export interface ScanEstimate {
  readonly sampleDay: string;
  /** Bytes of the CloudTrail files of the sample day in every account × region read. */
  readonly sampleBytes: number;
  readonly sampleFiles: number;
  /** sampleBytes × days: about what Athena scans. */
  readonly estimatedBytes: number;
}

/**
 * Estimates the bytes a hunt scans by measuring one day: ListObjectsV2 (every page) of each account × region folder
 * of `sampleDay`, summed and multiplied by the number of days. Listing is free of scan charges (S3 list requests only).
 */
export async function estimateScan(s3: S3Client, input: ScanEstimateInput): Promise<ScanEstimate> {
  const base = `${input.prefix ? `${input.prefix}/` : ''}AWSLogs/${input.organizationId}/`;
  const folders = input.accounts.flatMap((a) => input.regions.map((r) => `${base}${a}/CloudTrail/${r}/${input.sampleDay}/`));
  const sizes = await mapWithConcurrency(
    folders,
    async (prefix) => {
      let bytes = 0;
      let files = 0;
      let token: string | undefined;
      do {
        const page = await withAwsErrors({ operation: 's3:ListBucket', profile: input.profile, account: input.account }, () =>
          s3.send(new ListObjectsV2Command({ Bucket: input.bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const o of page.Contents ?? []) {
          bytes += o.Size ?? 0;
          files++;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return { bytes, files };
    },
    input.concurrency ?? 8,
  );
  const sampleBytes = sizes.reduce((n, s) => n + s.bytes, 0);
  return {
    sampleDay: input.sampleDay,
    sampleBytes,
    sampleFiles: sizes.reduce((n, s) => n + s.files, 0),
    estimatedBytes: sampleBytes * input.days,
  };
}
