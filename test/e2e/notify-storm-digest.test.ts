import { countNotifications, notificationsFor } from '@keywatch/shared';
import { motoAvailable } from '../helpers/moto';
import { HOUR, T0, useStormHarness } from '../helpers/notify-harness';

// Expected answers come from the synthesized state machines themselves, run by the test interpreter (JSONata by the
// `jsonata` package, DynamoDB conditions and updates by moto), never from keywatch's own model; the model is then
// checked against them.
const maybe = motoAvailable() ? describe : describe.skip;

maybe('alert storms (digest) through the synthesized example (real patterns, transformers and state machines; DynamoDB of moto)', () => {
  const { play, emails, storm } = useStormHarness();

  test('digest: 10,000 calls → 1 digest with the first call and the count 10,000; 10,000 log records', async () => {
    const records = storm();
    const d = await play('digest', records);
    expect(d.alertLog).toBe(10_000);
    const mails = emails(d);
    expect(mails).toHaveLength(1);
    expect(mails[0].message).toContain('keywatch digest: 10000 calls from 198.51.100.77 with key AKIAIOSFODNN7EXAMPLE in account 444444444444');
    expect(mails[0].message).toContain('00000000-0000-4000-8000-000000000000'); // the first call's event ID
    expect(mails[0].at).toBe(T0 + HOUR);
    expect(
      countNotifications(
        notificationsFor(
          records.map(([at]) => ({ at, account: 'a', accessKeyId: 'k', sourceIPAddress: 'i' })),
          'digest',
        ),
      ).digest,
    ).toBe(1);
  }, 900_000);
});
