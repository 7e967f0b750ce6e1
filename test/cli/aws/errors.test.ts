import { KeywatchError } from '@keywatch/shared';
import { explainAwsError } from '../../../packages/cli/lib/aws/errors';

const err = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('explainAwsError', () => {
  test('no credentials in the default chain', () => {
    const e = explainAwsError(err('CredentialsProviderError', 'Could not load credentials from any providers'), { operation: 'sts:GetCallerIdentity' });
    expect(e).toBeInstanceOf(KeywatchError);
    expect((e as Error).message).toBe(
      "No AWS credentials found; pass --profile <name>, set AWS_PROFILE, or sign in with 'aws sso login' in the management or delegated administrator account.",
    );
  });

  test('expired SSO token names the profile to sign in again', () => {
    const e = explainAwsError(err('ExpiredTokenException', 'The security token included in the request is expired'), {
      operation: 'organizations:ListAccounts',
      profile: 'mgmt',
    });
    expect((e as Error).message).toMatch(/^The credentials of profile 'mgmt' have expired .*'aws sso login --profile mgmt'/);
  });

  test.each(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown'])(
    'throttling left after the retries (%s) is exit 2 and says nothing was concluded',
    (name) => {
      const e = explainAwsError(Object.assign(err(name, 'Rate exceeded'), { $metadata: { httpStatusCode: 400, attempts: 8 } }), {
        operation: 'cloudwatch:DescribeAlarms',
        region: 'eu-west-1',
      });
      expect(e).toBeInstanceOf(KeywatchError);
      expect((e as KeywatchError).exitCode).toBe(2);
      expect((e as Error).message).toBe(
        `AWS kept throttling cloudwatch:DescribeAlarms in eu-west-1 (${name}) after 8 attempts; nothing was concluded from it. Try again later or with a lower --concurrency.`,
      );
    },
  );

  test('an AWS 5xx after the retries is exit 2; a 4xx that is no known case passes through', () => {
    const e = explainAwsError(Object.assign(err('ServiceUnavailable'), { $metadata: { httpStatusCode: 503 } }), { operation: 'cloudwatch:GetMetricData' });
    expect((e as KeywatchError).exitCode).toBe(2);
    expect((e as Error).message).toBe(
      'AWS answered cloudwatch:GetMetricData with HTTP 503 (ServiceUnavailable) after several attempts; nothing was concluded from it. Try again later.',
    );
    const other = Object.assign(err('InvalidParameterValue'), { $metadata: { httpStatusCode: 400 } });
    expect(explainAwsError(other, { operation: 'x' })).toBe(other);
  });

  test('unknown errors pass through unchanged', () => {
    const original = err('InternalFailure');
    expect(explainAwsError(original, { operation: 'x' })).toBe(original);
  });
});
