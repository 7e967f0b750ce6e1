import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { ApiCallCounter } from './call-counter';
import { organizationsEventRegion } from '@keywatch/shared';

/** Static credentials or a credential provider, as every SDK client accepts them. */
export type AwsCredentials = NonNullable<OrganizationsClientConfig['credentials']>;

/** Environment variable that points every client at another endpoint (moto server in tests). */
export const ENDPOINT_ENV = 'KEYWATCH_AWS_ENDPOINT_URL';

/** Default attempts per call (first try plus retries) for throttled or transient errors. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** How to build AWS clients. */
export interface AwsClientOptions {
  /**
   * Named profile from ~/.aws/config and ~/.aws/credentials.
   * @default - the SDK's default credential chain (environment, SSO, shared files, IMDS/ECS)
   */
  readonly profile?: string;
  /**
   * Explicit credentials (tests, or a second account); wins over `profile`.
   * @default - from `profile` or the default chain
   */
  readonly credentials?: AwsCredentials;
  /**
   * Region for regional services when the caller names none.
   * @default 'us-east-1'
   */
  readonly defaultRegion?: string;
  /**
   * Endpoint URL for every service (e.g. moto server http://127.0.0.1:5000).
   * @default - the AWS endpoints
   */
  readonly endpoint?: string;
  /**
   * Attempts per call, retries included; the SDK standard retry strategy backs off exponentially with full jitter
   * and treats TooManyRequestsException, ThrottlingException and 5xx as retryable.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * 'standard' or 'adaptive' (client-side rate limiting on top of the standard strategy).
   * @default 'adaptive'
   */
  readonly retryMode?: 'standard' | 'adaptive';
  /**
   * Counter every client reports its calls to.
   * @default - a new counter
   */
  readonly counter?: ApiCallCounter;
}

/** The AWS clients keywatch uses; regional clients are created once per region and shared. */
export interface AwsClients {
  /** Counter of every call made through these clients. */
  readonly counter: ApiCallCounter;
  /** AWS Organizations (a global service, reached through the partition's home region). */
  organizations(): OrganizationsClient;
  /** CloudFormation in `region` (default: the default region). */
  cloudFormation(region?: string): CloudFormationClient;
  /** CloudWatch Logs in `region` (default: the default region). */
  logs(region?: string): CloudWatchLogsClient;
  /** CloudWatch (alarms and metrics) in `region` (default: the default region). */
  cloudWatch(region?: string): CloudWatchClient;
  /** STS in `region` (default: the default region). */
  sts(region?: string): STSClient;
  /** Amazon EventBridge in `region` (default: the default region). */
  eventBridge(region?: string): EventBridgeClient;
  /** Amazon SNS in `region` (default: the default region). */
  sns(region?: string): SNSClient;
  /** Amazon SQS in `region` (default: the default region). */
  sqs(region?: string): SQSClient;
}

/** Reads client options from the environment: KEYWATCH_AWS_ENDPOINT_URL (default: none). */
export function clientOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<AwsClientOptions, 'endpoint'> {
  const endpoint = env[ENDPOINT_ENV]?.trim();
  return endpoint ? { endpoint } : {};
}

/** The region that serves AWS Organizations (and records its events) for the partition of `region`: us-east-1 in aws. */
export const organizationsRegion = organizationsEventRegion;

type AnyClient = OrganizationsClient | CloudFormationClient | CloudWatchClient | CloudWatchLogsClient | STSClient | EventBridgeClient | SNSClient | SQSClient;

/** Creates the client factory: credentials from `profile` (fromIni) or the default chain, endpoint override, retries (defaults above). */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const counter = options.counter ?? new ApiCallCounter();
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const credentials = options.credentials ?? (options.profile ? fromIni({ profile: options.profile }) : undefined);
  const cache = new Map<string, AnyClient>();

  const common = (region: string) => ({
    region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? 'adaptive',
    ...(credentials ? { credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });

  const get = <C extends AnyClient>(key: string, make: () => C): C => {
    let client = cache.get(key) as C | undefined;
    if (!client) {
      client = make();
      instrument(client, counter);
      cache.set(key, client);
    }
    return client;
  };

  return {
    counter,
    organizations: () => get('organizations', () => new OrganizationsClient(common(organizationsRegion(defaultRegion)))),
    cloudFormation: (region = defaultRegion) => get(`cloudformation:${region}`, () => new CloudFormationClient(common(region))),
    logs: (region = defaultRegion) => get(`logs:${region}`, () => new CloudWatchLogsClient(common(region))),
    cloudWatch: (region = defaultRegion) => get(`cloudwatch:${region}`, () => new CloudWatchClient(common(region))),
    sts: (region = defaultRegion) => get(`sts:${region}`, () => new STSClient(common(region))),
    eventBridge: (region = defaultRegion) => get(`events:${region}`, () => new EventBridgeClient(common(region))),
    sns: (region = defaultRegion) => get(`sns:${region}`, () => new SNSClient(common(region))),
    sqs: (region = defaultRegion) => get(`sqs:${region}`, () => new SQSClient(common(region))),
  };
}

function instrument(client: AnyClient, counter: ApiCallCounter): void {
  const stack = client.middlewareStack as unknown as {
    add: (mw: unknown, opts: { step: string; name: string; priority?: string }) => void;
  };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
      counter.recordCall(`${(context.clientName ?? 'Client').replace(/Client$/, '')}.${(context.commandName ?? 'Command').replace(/Command$/, '')}`);
      return next(args);
    },
    { step: 'initialize', name: 'keywatchCallCounter' },
  );
  stack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      counter.recordAttempt();
      return next(args);
    },
    { step: 'deserialize', name: 'keywatchAttemptCounter', priority: 'low' },
  );
}
