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

  test('unknown errors pass through unchanged', () => {
    const original = err('InternalFailure');
    expect(explainAwsError(original, { operation: 'x' })).toBe(original);
  });
});
