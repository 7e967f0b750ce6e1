import { notificationsFor } from '@keywatch/shared';
import { motoAvailable } from '../helpers/moto';
import { HOUR, T0, storeRecord, useStormHarness } from '../helpers/notify-harness';

// Expected answers come from the synthesized state machines themselves, run by the test interpreter (JSONata by the
// `jsonata` package, DynamoDB conditions and updates by moto), never from keywatch's own model; the model is then
// checked against them.
const maybe = motoAvailable() ? describe : describe.skip;

maybe('alert storms through the synthesized example (real patterns, transformers and state machines; DynamoDB of moto)', () => {
  const { play, emails, storm } = useStormHarness();

  test('every: 10,000 calls → 10,000 direct e-mails and 10,000 alert-log records', async () => {
    const d = await play('every', storm());
    expect(d.directEmails).toHaveLength(10_000);
    expect(d.published).toHaveLength(0);
    expect(d.alertLog).toBe(10_000);
  }, 900_000);

  test('deduplicated: 10,000 calls → 1 full e-mail (the every-mode text, byte for byte) + 1 summary of 9,999 more; 10,000 log records', async () => {
    const records = storm();
    const d = await play('deduplicated', records);
    expect(d.alertLog).toBe(10_000);
    expect(d.directEmails).toHaveLength(0);
    const mails = emails(d);
    expect(mails).toHaveLength(2);
    const every = await play('every', records.slice(0, 1));
    expect(mails[0].message).toBe(every.directEmails[0]);
    expect(mails[0].subject).toBe('keywatch: access key AKIAIOSFODNN7EXAMPLE used from 198.51.100.77 in 444444444444');
    expect(mails[0].at).toBe(T0);
    expect(mails[1].message).toContain('…and 9999 more calls from 198.51.100.77 with key AKIAIOSFODNN7EXAMPLE in account 444444444444 in the last 60 minutes');
    expect(mails[1].message).toContain('keywatch report');
    expect(mails[1].subject).toBe('keywatch: 9999 more calls from 198.51.100.77 with key AKIAIOSFODNN7EXAMPLE');
    expect(mails[1].at).toBe(T0 + HOUR);
    // the example also has chat and extra recipients for 444444444444: each gets the same two messages
    expect(d.published.filter((p) => p.topic === 'topic:ChatTopicArn')).toHaveLength(2);
    expect(d.published.filter((p) => p.topic === 'topic:RecipientsTopic444444444444').map((p) => p.message)).toEqual(mails.map((m) => m.message));
    const chatSummary = JSON.parse(d.published.filter((p) => p.topic === 'topic:ChatTopicArn')[1].message);
    expect(chatSummary).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
      metadata: { eventType: 'KeywatchAlertSummary' },
    });
    // the model agrees
    const model = notificationsFor(
      records.map(([at]) => ({ at, account: '444444444444', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', sourceIPAddress: '198.51.100.77' })),
      'deduplicated',
    );
    expect(model.map((n) => [n.kind, n.at, n.count])).toEqual([
      ['full', T0, 1],
      ['summary', T0 + HOUR, 9999],
    ]);
  }, 900_000);

  test("an account of the shared default-policy rule (555555555555): the gate names it, and the full e-mail is its own rule's every-mode text (but the rule name)", async () => {
    const records: [number, Record<string, unknown>][] = [0, 1000, 2000].map((t, i) => [
      T0 + t,
      storeRecord(i, 'AKIAIOSFODNN7EXAMPLE', '198.51.100.77', '555555555555'),
    ]);
    const d = await play('deduplicated', records);
    expect(d.alertLog).toBe(3);
    const mails = emails(d);
    expect(mails).toHaveLength(2); // the first in full, then "…and 2 more"
    const every = await play('every', records.slice(0, 1));
    const ruleLine = /"Sent by keywatch rule: [^"]*"/;
    expect(every.directEmails[0]).toMatch(/"Sent by keywatch rule: AlertRulesAccount555555555555/);
    expect(mails[0].message).toMatch(/"Sent by keywatch rule: AlertRulesAccounts[0-9A-F]{8}/);
    expect(mails[0].message.replace(ruleLine, '')).toBe(every.directEmails[0].replace(ruleLine, ''));
    expect(mails[0].message).toContain('"Account: 555555555555 (shop-dev)"');
    expect(mails[1].message).toContain('…and 2 more calls from 198.51.100.77 with key AKIAIOSFODNN7EXAMPLE in account 555555555555');
  }, 900_000);

  test('two keys from two IPs interleaved: each pair has its own window (2 full + 2 summaries), and the model agrees', async () => {
    const pairs = [
      ['AKIAIOSFODNN7EXAMPLE', '198.51.100.77'],
      ['AKIAI44QH8DHBEXAMPLE', '203.0.113.200'],
    ];
    const records: [number, Record<string, unknown>][] = Array.from({ length: 1000 }, (_, i) => [
      T0 + i * 3000,
      storeRecord(i, ...(pairs[i % 2] as [string, string])),
    ]);
    const d = await play('deduplicated', records);
    expect(d.alertLog).toBe(1000);
    const mails = emails(d).map((m) => m.subject);
    expect(mails).toEqual([
      'keywatch: access key AKIAIOSFODNN7EXAMPLE used from 198.51.100.77 in 444444444444',
      'keywatch: access key AKIAI44QH8DHBEXAMPLE used from 203.0.113.200 in 444444444444',
      'keywatch: 499 more calls from 198.51.100.77 with key AKIAIOSFODNN7EXAMPLE',
      'keywatch: 499 more calls from 203.0.113.200 with key AKIAI44QH8DHBEXAMPLE',
    ]);
    const model = notificationsFor(
      records.map(([at], i) => ({ at, account: '444444444444', accessKeyId: pairs[i % 2][0], sourceIPAddress: pairs[i % 2][1] })),
      'deduplicated',
    );
    expect(model.map((n) => [n.kind, n.accessKeyId, n.count, n.at])).toEqual(
      emails(d).map((m, i) => [
        i < 2 ? 'full' : 'summary',
        m.subject?.includes('AKIAI44') ? 'AKIAI44QH8DHBEXAMPLE' : 'AKIAIOSFODNN7EXAMPLE',
        i < 2 ? 1 : 499,
        m.at,
      ]),
    );
  }, 900_000);

  test('window boundaries: an alert exactly at the window end opens the next window; a window without later alerts sends no summary', async () => {
    const W = 5 * 60_000;
    const times = [0, W - 1, W, W + 1, 2 * W + 5];
    const records: [number, Record<string, unknown>][] = times.map((t, i) => [T0 + t, storeRecord(i)]);
    const d = await play('deduplicated', records, 5);
    const got = emails(d).map((m) => [m.subject?.startsWith('keywatch: access key') ? 'full' : 'summary', m.at - T0]);
    expect(got).toEqual([
      ['full', 0],
      ['summary', W], // 1 more (W - 1)
      ['full', W],
      ['summary', 2 * W], // 1 more (W + 1)
      ['full', 2 * W + 5], // alone in its window: no summary
    ]);
    expect(emails(d)[1].message).toContain('…and 1 more calls');
    const model = notificationsFor(
      records.map(([at]) => ({ at, account: '444444444444', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', sourceIPAddress: '198.51.100.77' })),
      'deduplicated',
      5,
    );
    expect(model.map((n) => [n.kind, n.at - T0])).toEqual(got);
    const digest = await play('digest', records, 5);
    expect(emails(digest).map((m) => [m.at - T0, /digest: (\d+) calls/.exec(m.message)?.[1]])).toEqual([
      [W, '2'],
      [2 * W, '2'],
      [3 * W + 5, '1'],
    ]);
  }, 900_000);
});
