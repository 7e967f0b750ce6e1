import { cloudTrailToEventBridge } from '@keywatch/shared';
import { loadSimulationRules, notificationFor, Router, type SimulationRules } from '../../packages/cli/lib/simulate';
import { buildExample } from '../helpers/synth';
import { SEMANTICS } from '../helpers/ip-semantics';

/** A CloudTrail record as delivered to S3 (what EventBridge wraps into its envelope). */
function record(o: {
  account: string;
  ip: string;
  key?: string;
  readOnly?: boolean;
  vpce?: string;
  eventName?: string;
  type?: string;
  invokedBy?: string;
  id: string;
}) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: o.type ?? 'IAMUser',
      principalId: 'AIDAEXAMPLEPRINCIPAL1',
      arn: `arn:aws:iam::${o.account}:user/ci-deployer`,
      accountId: o.account,
      accessKeyId: o.key ?? 'AKIAIOSFODNN7EXAMPLE',
      userName: 'ci-deployer',
      ...(o.invokedBy ? { invokedBy: o.invokedBy } : {}),
    },
    eventTime: '2026-11-20T08:15:30Z',
    eventSource: 's3.amazonaws.com',
    eventName: o.eventName ?? (o.readOnly === false ? 'PutBucketPolicy' : 'ListBuckets'),
    awsRegion: 'eu-central-1',
    sourceIPAddress: o.ip,
    userAgent: 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1',
    requestParameters: null,
    responseElements: null,
    requestID: 'REQ1',
    eventID: o.id,
    readOnly: o.readOnly ?? true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: o.account,
    eventCategory: 'Management',
    ...(o.vpce ? { vpcEndpointId: o.vpce } : {}),
  };
}

describe.each(SEMANTICS)(
  'example organization, end to end under %s IP semantics (synthesized templates → sender → receiver → notification text)',
  (semantics) => {
    let rules: SimulationRules;
    let router: Router;
    beforeAll(() => {
      // GIVEN the example organization synthesized into a cloud assembly, its rules read back from the templates
      const { app } = buildExample();
      rules = loadSimulationRules(app.synth().directory, { ipSemantics: semantics });
      router = new Router(rules);
    });

    /** The notifications one CloudTrail record produces: the e-mail text of each alert rule it reaches. */
    const notify = (r: ReturnType<typeof record>) => {
      const event = cloudTrailToEventBridge(r);
      const result = router.route(event);
      return result.alerts.flatMap((rule) => Array.from({ length: result.copies }, () => notificationFor(event, rule, rules.bus)));
    };

    test('an IAM user key from an allowed office address (IPv4 and IPv6) produces nothing', () => {
      expect(notify(record({ account: '444444444444', ip: '192.0.2.10', id: 'e-1' }))).toEqual([]);
      expect(notify(record({ account: '444444444444', ip: '2001:db8:1000::25', id: 'e-2' }))).toEqual([]);
      // the Workloads/Prod OU extends the allowlist with its NAT gateways
      expect(notify(record({ account: '444444444444', ip: '203.0.113.20', id: 'e-3' }))).toEqual([]);
    });

    test('an unlisted IPv4 address: one e-mail naming the account, OU, owner, key, user, call, address and what to do', () => {
      const [n, ...more] = notify(record({ account: '444444444444', ip: '198.51.100.77', id: 'e-4' }));
      expect(more).toEqual([]);
      expect(n.rule).toMatch(/Account444444444444/);
      for (const text of [
        '444444444444',
        'shop-prod',
        'Workloads/Prod',
        'Shop Team',
        'AKIAIOSFODNN7EXAMPLE',
        'ci-deployer',
        'ListBuckets',
        's3.amazonaws.com',
        '198.51.100.77',
        'eu-central-1',
        'e-4',
        'update-access-key',
      ]) {
        expect(n.message).toContain(text);
      }
      expect(n.message).toContain('https://eu-central-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-central-1#/events/e-4');
      // changed deliberately (#14 item 15): the caller-chosen user agent is no longer copied into alerts, only named as untrusted
      expect(n.message).not.toContain('aws-cli/2.17.0');
      expect(n.message).toMatch(/User agent: not copied here, .*untrusted/);
    });

    test('an unlisted IPv6 address alerts once; an allowed IPv4 office never matches the IPv6 part of the rules', () => {
      expect(notify(record({ account: '333333333333', ip: '2001:db8:9999::1', id: 'e-5' }))).toHaveLength(1);
      expect(notify(record({ account: '333333333333', ip: '192.0.2.200', id: 'e-6' }))).toEqual([]);
    });

    test('an extra network of one account is allowed there only', () => {
      expect(notify(record({ account: '444444444455', ip: '203.0.113.201', id: 'e-7' }))).toEqual([]);
      expect(notify(record({ account: '555555555555', ip: '203.0.113.201', id: 'e-8' }))).toHaveLength(1);
    });

    test('through the allowlisted VPC endpoint nothing alerts, whatever the private source address', () => {
      expect(notify(record({ account: '444444444444', ip: '10.0.12.7', vpce: 'vpce-0a1b2c3d4e5f67890', id: 'e-9' }))).toEqual([]);
      expect(notify(record({ account: '444444444444', ip: '10.0.12.7', vpce: 'vpce-0fffffffffffffff0', id: 'e-10' }))).toHaveLength(1);
    });

    test('an ASIA temporary key, an excluded key and an AWS service calling on your behalf produce nothing', () => {
      expect(notify(record({ account: '444444444444', ip: '198.51.100.77', key: 'ASIAIOSFODNN7EXAMPLE', type: 'AssumedRole', id: 'e-11' }))).toEqual([]);
      expect(notify(record({ account: '444444444444', ip: '198.51.100.77', key: 'AKIAEXAMPLEBACKUP001', id: 'e-12' }))).toEqual([]);
      expect(notify(record({ account: '444444444444', ip: 'AWS Internal/3', id: 'e-13' }))).toEqual([]);
      expect(notify(record({ account: '444444444444', ip: 'cloudformation.amazonaws.com', invokedBy: 'cloudformation.amazonaws.com', id: 'e-14' }))).toEqual(
        [],
      );
    });

    test('read-only and write calls both alert (readOnlyEvents: true)', () => {
      expect(notify(record({ account: '444444444444', ip: '198.51.100.77', readOnly: true, id: 'e-15' }))).toHaveLength(1);
      expect(notify(record({ account: '444444444444', ip: '198.51.100.77', readOnly: false, id: 'e-16' }))).toHaveLength(1);
    });

    test('an account missing from the directory is alerted on by a fallback rule with the generic text', () => {
      const [n, ...more] = notify(record({ account: '777777777777', ip: '198.51.100.77', id: 'e-17' }));
      expect(more).toEqual([]);
      expect(n.rule).toMatch(/UnknownAccounts/);
      expect(n.message).toContain('777777777777');
      expect(n.message).toContain('keywatch accounts sync');
    });

    test('the management account is covered by its own stacks in every region', () => {
      expect(notify(record({ account: '111111111111', ip: '198.51.100.77', id: 'e-18' }))).toHaveLength(1);
    });
  },
);
