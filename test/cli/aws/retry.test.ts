import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { explainAwsError } from '../../../packages/cli/lib/aws/errors';

/** A local HTTP endpoint that answers the first `throttles` requests with Organizations' TooManyRequestsException (awsJson1_1). */
async function throttlingEndpoint(throttles: number): Promise<{ url: string; server: Server; times: number[] }> {
  const times: number[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      times.push(Date.now());
      if (times.length <= throttles) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(
          JSON.stringify({
            __type: 'TooManyRequestsException',
            Message: "AWS Organizations can't complete your request because another request is already in progress.",
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Organization: { Id: 'o-exampleorg1', MasterAccountId: '111111111111' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, times };
}

describe('createAwsClients retry strategy (real SDK middleware against a local HTTP endpoint)', () => {
  test('retries TooManyRequestsException with backoff, then succeeds; counts 1 call and 3 attempts', async () => {
    const ep = await throttlingEndpoint(2);
    try {
      const clients = createAwsClients({ endpoint: ep.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
      const out = await clients.organizations().send(new DescribeOrganizationCommand({}));
      expect(out.Organization?.Id).toBe('o-exampleorg1');
      expect(ep.times).toHaveLength(3);
      expect(clients.counter.total).toBe(1);
      expect(clients.counter.attempts).toBe(3);
      expect(clients.counter.byOperation()).toEqual({ 'Organizations.DescribeOrganization': 1 });
    } finally {
      ep.server.close();
    }
  });

  test('gives up after maxAttempts with the throttling error', async () => {
    const ep = await throttlingEndpoint(100);
    try {
      const clients = createAwsClients({ endpoint: ep.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, maxAttempts: 2, retryMode: 'standard' });
      const failure = await clients
        .organizations()
        .send(new DescribeOrganizationCommand({}))
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ name: 'TooManyRequestsException', $metadata: { attempts: 2 } });
      expect(ep.times).toHaveLength(2);
      // what the SDK leaves after its retries is exit 2 with a sentence, never a finding
      expect(explainAwsError(failure, { operation: 'organizations:DescribeOrganization' })).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/^AWS kept throttling organizations:DescribeOrganization \(TooManyRequestsException\) after 2 attempts/),
      });
    } finally {
      ep.server.close();
    }
  });
});
