import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchesEventPattern } from '@keywatch/shared';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { PatternTester } from '../../../packages/cli/lib/verify/pattern-tester';
import { semanticsEvent } from '../../../packages/cli/lib/verify/probes';

/**
 * A local EventBridge endpoint (awsJson1_1) that answers TestEventPattern with the local engine, after answering the
 * first `throttles` requests with ThrottlingException — so the real SDK middleware (retry strategy, call counter) runs.
 */
async function throttlingEventBridge(throttles: number, reject?: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(String(req.headers['x-amz-target']));
      const json = (status: number, value: object, type?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
        res.end(JSON.stringify(value));
      };
      if (requests.length <= throttles) return json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
      const input = JSON.parse(body) as { EventPattern: string; Event: string };
      if (reject !== undefined && input.EventPattern.includes(reject)) {
        return json(400, { __type: 'InvalidEventPatternException', message: 'Event pattern is not valid.' }, 'InvalidEventPatternException');
      }
      json(200, { Result: matchesEventPattern(input.EventPattern, input.Event) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const event = (ip: string) => semanticsEvent(ip, '222222222222', 'eu-west-1', '2026-12-01T00:00:00Z');
const pattern = JSON.stringify({ detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }] } });

describe('PatternTester (real SDK middleware against a local EventBridge endpoint)', () => {
  test('a throttled TestEventPattern is retried with backoff and answered; duplicate questions are asked once', async () => {
    // GIVEN an endpoint that throttles the first 3 requests
    const ep = await throttlingEventBridge(3);
    try {
      const clients = createAwsClients({ endpoint: ep.url, credentials: creds, retryMode: 'standard' });
      const tester = new PatternTester(clients, 2, undefined);
      const questions = [
        { region: 'eu-west-1', pattern, event: event('10.1.2.3') },
        { region: 'eu-west-1', pattern, event: event('11.0.0.1') },
        { region: 'eu-west-1', pattern, event: event('10.1.2.3') },
      ];
      let done = 0;

      // WHEN
      expect(tester.count(questions)).toBe(2);
      await tester.run(questions, () => done++);

      // THEN two calls, three throttled attempts retried
      expect(tester.result('eu-west-1', pattern, event('10.1.2.3'))).toBe(true);
      expect(tester.result('eu-west-1', pattern, event('11.0.0.1'))).toBe(false);
      expect([tester.calls, done]).toEqual([2, 2]);
      expect(ep.requests).toEqual(Array(5).fill('AWSEvents.TestEventPattern'));
      expect(clients.counter.byOperation()).toEqual({ 'EventBridge.TestEventPattern': 2 });
      expect(clients.counter.attempts).toBe(5);
    } finally {
      ep.server.close();
    }
  });

  test('a pattern the service rejects is remembered as its message; persistent throttling fails after maxAttempts', async () => {
    const ep = await throttlingEventBridge(0, '11.0.0.0');
    try {
      const tester = new PatternTester(createAwsClients({ endpoint: ep.url, credentials: creds }), 1, undefined);
      const bad = JSON.stringify({ detail: { sourceIPAddress: [{ cidr: '11.0.0.0/8' }] } });
      await tester.run([{ region: 'eu-west-1', pattern: bad, event: event('11.0.0.1') }], () => undefined);
      expect(tester.result('eu-west-1', bad, event('11.0.0.1'))).toBe('Event pattern is not valid.');
    } finally {
      ep.server.close();
    }
    const always = await throttlingEventBridge(1000);
    try {
      const tester = new PatternTester(createAwsClients({ endpoint: always.url, credentials: creds, maxAttempts: 2, retryMode: 'standard' }), 1, undefined);
      await expect(tester.run([{ region: 'eu-west-1', pattern, event: event('10.0.0.1') }], () => undefined)).rejects.toMatchObject({
        name: 'KeywatchError', // exit 2: throttling left after the retries is never a finding
        exitCode: 2,
        message: expect.stringMatching(/^AWS kept throttling events:TestEventPattern in eu-west-1 \(ThrottlingException\) after 2 attempts/),
      });
      expect(always.requests).toHaveLength(2);
    } finally {
      always.server.close();
    }
  });
});
