import { KeywatchError } from '@keywatch/shared';

/** What was being done when an AWS call failed, to word the fix. */
export interface AwsErrorContext {
  /** The API call, e.g. "organizations:ListAccounts". */
  readonly operation: string;
  /**
   * The --profile in use.
   * @default - the default credential chain
   */
  readonly profile?: string;
  /**
   * The region of the call.
   * @default - not mentioned
   */
  readonly region?: string;
  /**
   * CallAs used for StackSet calls.
   * @default - not a StackSet call
   */
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  /**
   * The StackSet name for StackSet calls.
   * @default - not a StackSet call
   */
  readonly stackSetName?: string;
  /**
   * Whose credentials the call needs, e.g. "the security account (central.account 222222222222)".
   * @default - the management account or a delegated administrator
   */
  readonly account?: string;
  /**
   * The log group for CloudWatch Logs calls.
   * @default - not a CloudWatch Logs call
   */
  readonly logGroupName?: string;
}

/** The error's name/code as the SDK reports it ("" when none). */
export function awsErrorName(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  return String(e.name ?? e.Code ?? e.code ?? '');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
/** Error names of throttling, left over when the SDK's retries are used up. */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function attemptsOf(err: unknown): string {
  const attempts = (err as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' ? String(attempts) : 'several';
}

const INVALID = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature']);

/** Turns a known AWS failure into a one-sentence KeywatchError with the fix (exit code 2); returns any other error unchanged. */
export function explainAwsError(err: unknown, ctx: AwsErrorContext): unknown {
  if (err instanceof KeywatchError) return err;
  const name = awsErrorName(err);
  const msg = messageOf(err);
  const where = `${ctx.operation}${ctx.region ? ` in ${ctx.region}` : ''}`;
  const profileHint = ctx.profile ? `profile '${ctx.profile}'` : 'the default credentials';

  if (name === 'CredentialsProviderError' || /Could not load credentials|Could not resolve credentials/i.test(msg)) {
    if (ctx.profile) {
      return new KeywatchError(
        `Cannot get credentials for profile '${ctx.profile}' (${msg.split('\n')[0]}); check the name with 'aws configure list-profiles', or sign in with 'aws sso login --profile ${ctx.profile}'.`,
      );
    }
    return new KeywatchError(
      `No AWS credentials found; pass --profile <name>, set AWS_PROFILE, or sign in with 'aws sso login' in ${ctx.account ?? 'the management or delegated administrator account'}.`,
    );
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(msg)) {
    return new KeywatchError(
      `The credentials of ${profileHint} have expired (${where}); sign in again, e.g. 'aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ''}'.`,
    );
  }
  if (INVALID.has(name)) {
    return new KeywatchError(`AWS rejected the credentials of ${profileHint} (${where}: ${name}); check the access key or choose another --profile.`);
  }
  if (name === 'AWSOrganizationsNotInUseException') {
    return new KeywatchError(
      `The account of ${profileHint} is not in an AWS Organization (${where}); run keywatch from the organization's management account or a delegated administrator.`,
    );
  }
  if (name === 'StackSetNotFoundException') {
    return new KeywatchError(
      `StackSet '${ctx.stackSetName ?? 'keywatch-sender'}' was not found${ctx.region ? ` in ${ctx.region}` : ''} (CallAs ${ctx.callAs ?? 'SELF'}); deploy keywatch first, or fix --region and deployment.delegatedAdmin (${ctx.callAs === 'DELEGATED_ADMIN' ? 'true: run from the delegated administrator' : 'false: run from the management account'}).`,
    );
  }
  if (name === 'ValidationError' && /delegated admin/i.test(msg)) {
    return new KeywatchError(
      `CloudFormation refused ${where} with CallAs ${ctx.callAs ?? 'SELF'} ("${msg}"); run from the management account with deployment.delegatedAdmin: false, or from the registered CloudFormation StackSets delegated administrator with deployment.delegatedAdmin: true.`,
    );
  }
  if (name === 'ResourceNotFoundException' && ctx.logGroupName) {
    return new KeywatchError(
      `Log group '${ctx.logGroupName}' was not found${ctx.region ? ` in ${ctx.region}` : ''}; deploy the central stack first, and run the report with credentials of the central (security) account in central.region.`,
    );
  }
  if (name === 'AccessDeniedException' && ctx.operation.startsWith('organizations:')) {
    return new KeywatchError(
      `AWS Organizations denied ${where} to ${profileHint}; run from the management account or an AWS Organizations delegated administrator, with organizations:List*/Describe* permissions.`,
    );
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || /not authorized to perform/i.test(msg)) {
    return new KeywatchError(`Access denied for ${where} with ${profileHint} ("${msg}"); grant the permission or use a profile of the right account.`);
  }
  if (THROTTLED.has(name)) {
    return new KeywatchError(
      `AWS kept throttling ${where} (${name}) after ${attemptsOf(err)} attempts; nothing was concluded from it. Try again later or with a lower --concurrency.`,
    );
  }
  const status = httpStatusOf(err);
  if (status !== undefined && status >= 500) {
    return new KeywatchError(
      `AWS answered ${where} with HTTP ${status} (${name || 'server error'}) after ${attemptsOf(err)} attempts; nothing was concluded from it. Try again later.`,
    );
  }
  return err;
}

/** Runs `fn` and rethrows its failure through explainAwsError with `ctx`. */
export async function withAwsErrors<T>(ctx: AwsErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw explainAwsError(err, ctx);
  }
}
