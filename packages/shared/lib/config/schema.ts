import { z } from 'zod';
import { isValidNetwork, networkProblem } from '../net/networks';
import { AWS_REGIONS } from './regions';
import { closest } from './suggest';

// Field documentation lives in `.meta({ description })`: one source for the JSON Schema, editor hints and docs.

const ACCOUNT_ID_RULE = 'must be a 12-digit AWS account ID in quotes, e.g. "123456789012"';

/** A 12-digit AWS account ID, as a string (YAML authors must quote it, or leading zeros are lost). */
export const AccountId = z
  .string({ error: ACCOUNT_ID_RULE })
  .regex(/^\d{12}$/, { error: ACCOUNT_ID_RULE })
  .meta({ description: 'A 12-digit AWS account ID, in quotes ("012345678901").' });

/** The format of an AWS Organizations organization ID (o-…), for the schema and for construct props. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/** The format of a custom EventBridge event bus name, for the schema and for construct props. */
export const EVENT_BUS_NAME_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;

/** CloudWatch Logs retention values accepted by the service (the schema's and the log group constructs' one list). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** An AWS Organizations organization ID (o-…). */
export const OrganizationId = z
  .string()
  .regex(ORGANIZATION_ID_PATTERN, { error: 'must be an organization ID such as "o-a1b2c3d4e5" (aws organizations describe-organization)' })
  .meta({ description: 'An AWS Organizations organization ID (o-…).' });

/** A StackSet deployment target: the organization root (r-…) or an OU (ou-…). */
export const OrganizationalUnitId = z
  .string()
  .regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, {
    error: 'must be a root ID ("r-ab12") or an OU ID ("ou-ab12-cdef3456"); StackSets target IDs, not names',
  })
  .meta({ description: 'A StackSet deployment target: the organization root ID (r-…) or an OU ID (ou-…).' });

/** A region of AWS_REGIONS (commercial, GovCloud or China), such as eu-west-1; a close misspelling gets a suggestion. */
export const Region = z
  .enum(AWS_REGIONS.map((r) => r.name) as [string, ...string[]], {
    error: (issue) => {
      const hint =
        typeof issue.input === 'string'
          ? closest(
              issue.input,
              AWS_REGIONS.map((r) => r.name),
            )
          : undefined;
      return `must be an AWS region name such as "eu-west-1"${hint ? ` (did you mean '${hint}'?)` : ''}`;
    },
  })
  .meta({ description: 'An AWS region name such as eu-west-1 (commercial, GovCloud or China partition).' });

/** An e-mail address for notifications. */
export const Email = z.email({ error: 'must be an e-mail address such as "secops@example.com"' }).meta({ description: 'An e-mail address.' });

/** An IAM access key ID: AKIA… (long-term) or ASIA… (temporary), 16 to 128 upper-case letters and digits. */
export const AccessKeyId = z
  .string()
  .regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, { error: 'must be an access key ID such as "AKIAIOSFODNN7EXAMPLE"' })
  .meta({ description: 'An IAM access key ID: AKIA… (long-term) or ASIA… (temporary).' });

/** A VPC endpoint ID (vpce-…). */
export const VpcEndpointId = z
  .string()
  .regex(/^vpce-[0-9a-f]{8,17}$/, { error: 'must be a VPC endpoint ID such as "vpce-0a1b2c3d4e5f67890"' })
  .meta({ description: 'A VPC endpoint ID (vpce-…).' });

/** An IPv4/IPv6 network in CIDR notation or a single address, host bits clear. */
export const Network = z
  .string()
  .refine(isValidNetwork, {
    error: (issue) => networkProblem(String(issue.input)),
  })
  .meta({ description: 'An IPv4/IPv6 network in CIDR notation ("203.0.113.0/24", "2001:db8::/32") or a single address, host bits clear.' });

/** An OU path by names below the root, e.g. "Workloads/Prod". */
export const OrganizationalUnitPath = z
  .string()
  .regex(/^[^/\s][^/]*(\/[^/\s][^/]*)*$/, { error: 'must be an OU path of names such as "Workloads/Prod" (no leading or trailing "/")' })
  .meta({ description: 'An OU path by names below the root, e.g. "Workloads/Prod".' });

/** How a section's networks combine with the inherited allowlist. */
export const AllowMode = z
  .enum(['extend', 'replace'], { error: 'must be "extend" (add to the inherited networks) or "replace"' })
  .meta({ description: 'extend (default) adds the networks to the inherited ones; replace discards the inherited networks and VPC endpoints.' });

const allowOverride = {
  mode: AllowMode.default('extend'),
  networks: z.array(Network).default([]).meta({ description: 'Extra networks (IPv4/IPv6 CIDRs or single addresses).' }),
  vpcEndpoints: z.array(VpcEndpointId).default([]).meta({ description: 'Extra VPC endpoint IDs through which calls are allowed whatever their source IP.' }),
};

/** The values of notify.mode: how many notifications an alert storm sends (see the notify.mode description). */
export const NOTIFY_MODES = ['every', 'deduplicated', 'digest'] as const;

/**
 * Range and default of notify.windowMinutes. At least 5 minutes: the storm alarm's period, and below it a storm of many
 * key × IP pairs would still send two messages per pair every few minutes. At most 1440 (one day): a summary that comes
 * later than a day is no longer an alert, and DynamoDB TTL (deletes within days) must not outlive useful windows by much.
 */
export const NOTIFY_WINDOW_MINUTES = { min: 5, max: 1440, default: 60 } as const;

const SLACK_WORKSPACE_RULE = 'must be the Slack workspace (team) ID such as "T0123ABCDEF"';
const SLACK_CHANNEL_RULE = 'must be the Slack channel ID such as "C0123ABCDEF"';
const TEAMS_CHANNEL_RULE = 'must be the Microsoft Teams channel ID (1-256 characters, from the channel link)';
const PERCENT_OR_COUNT = (what: string) => `must be a number of accounts or a percentage such as "25%" (${what})`;

const HUNT_NAME_RULE = 'must be 1-255 lower-case letters, digits or "_" (Glue and Athena names)';
const BUCKET_RULE = 'must be an S3 bucket name (3-63 lower-case letters, digits, "." or "-"), e.g. "org-trail-logs-111122223333"';
const GLUE_NAME = z.string({ error: HUNT_NAME_RULE }).regex(/^[a-z0-9_]{1,255}$/, { error: HUNT_NAME_RULE });

/** The `hunt` section: where the organization trail is and the Athena table, workgroup and results that `keywatch hunt` uses. */
export const HuntSchema = z
  .strictObject({
    deploy: z.boolean({ error: 'must be true (keywatch creates the Glue table and Athena workgroup) or false (use an existing table)' }).default(false).meta({
      description:
        'true: keywatch deploys the Glue database and table (partition projection) and the Athena workgroup; false (default): use the named existing table.',
    }),
    account: AccountId.optional().meta({ description: 'The account that holds the trail bucket and runs the queries; default central.account.' }),
    region: Region.optional().meta({ description: 'The region of the trail bucket, Glue table and workgroup; default central.region.' }),
    trail: z
      .strictObject({
        bucket: z
          .string({ error: BUCKET_RULE })
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: BUCKET_RULE })
          .meta({ description: 'The S3 bucket the organization trail delivers to.' }),
        prefix: z
          .string({ error: 'must be the trail\'s S3 key prefix without leading or trailing "/", or ""' })
          .regex(/^([^/]+(\/[^/]+)*)?$/, { error: 'must be the trail\'s S3 key prefix without leading or trailing "/" (e.g. "cloudtrail"), or ""' })
          .default('')
          .meta({ description: 'The trail\'s S3 key prefix (before AWSLogs/), without slashes at either end; "" for none.' }),
        startDate: z
          .string({ error: 'must be a date such as "2025/01/01"' })
          .regex(/^\d{4}\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])$/, { error: 'must be a date in the form yyyy/MM/dd such as "2025/01/01"' })
          .default('2020/01/01')
          .meta({ description: "First day of the date partition projection (yyyy/MM/dd); the trail's first day is enough." }),
      })
      .optional()
      .meta({
        description:
          'The organization trail (needed when deploy is true): logs at s3://<bucket>/<prefix>/AWSLogs/<org-id>/<account>/CloudTrail/<region>/yyyy/MM/dd/.',
      }),
    database: GLUE_NAME.default('keywatch').meta({ description: 'Glue database of the CloudTrail table.' }),
    table: GLUE_NAME.default('cloudtrail_org').meta({ description: 'The CloudTrail table (partitioned by account, region and day; see partitionColumns).' }),
    partitionColumns: z
      .strictObject({
        account: GLUE_NAME.default('account'),
        region: GLUE_NAME.default('region'),
        date: GLUE_NAME.default('day'),
      })
      .default({ account: 'account', region: 'region', date: 'day' })
      .meta({ description: "Names of the table's partition columns (account ID, region, yyyy/MM/dd day), for an existing table that names them differently." }),
    workgroup: z
      .string({ error: 'must be an Athena workgroup name (1-128 letters, digits, ".", "_" or "-")' })
      .regex(/^[A-Za-z0-9._-]{1,128}$/, { error: 'must be an Athena workgroup name (1-128 letters, digits, ".", "_" or "-")' })
      .default('keywatch-hunt')
      .meta({ description: 'Athena workgroup the queries run in (deploy: true creates it, with the scan cutoff and results location).' }),
    maxScanGigabytes: z
      .number({ error: 'must be a number of gigabytes (1 to 100000)' })
      .int({ error: 'must be a whole number of gigabytes' })
      .min(1, { error: 'must be at least 1 (gigabyte)' })
      .max(100000, { error: 'must be at most 100000 (gigabytes)' })
      .default(1000)
      .meta({ description: 'Athena cancels a query of the workgroup after scanning this many gigabytes (1000 GB costs $5 at $5/TB).' }),
    resultsRetentionDays: z
      .number({ error: 'must be a number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be 1 to 3650 days' })
      .max(3650, { error: 'must be 1 to 3650 days' })
      .default(30)
      .meta({ description: 'Days the query results (they hold source IPs and key IDs) are kept in the results bucket.' }),
  })
  .superRefine((hunt, ctx) => {
    if (hunt.deploy && hunt.trail === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['trail'],
        message: 'is required when deploy is true: name the organization trail bucket, e.g. `trail: { bucket: org-trail-logs-111122223333 }`',
      });
    }
  });

/** The whole keywatch.yml file. */
export const KeywatchConfigSchema = z
  .strictObject({
    organization: z
      .strictObject({
        id: OrganizationId.meta({ description: 'Organization ID; the receiver bus accepts events only from principals of this organization.' }),
        managementAccount: AccountId.meta({ description: 'The management account: StackSets never deploy there, so it gets plain stacks.' }),
      })
      .meta({ description: 'The AWS Organization being watched.' }),
    central: z
      .strictObject({
        account: AccountId.meta({ description: 'The security account that hosts the receiver bus and alert rules.' }),
        region: Region.meta({ description: 'The region of the receiver bus.' }),
        busName: z
          .string()
          .regex(EVENT_BUS_NAME_PATTERN, { error: 'must be 1-256 letters, digits, ".", "_" or "-"' })
          .refine((s) => s !== 'default', { error: 'must not be "default": keywatch needs its own custom bus' })
          .default('keywatch-receiver')
          .meta({ description: 'Name of the receiver event bus.' }),
        alertLogRetentionDays: z
          .number({ error: 'must be a number of days' })
          .int({ error: 'must be a whole number of days' })
          .refine((n) => LOG_RETENTION_DAYS.includes(n), {
            error: `must be one of CloudWatch Logs' retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
          })
          .default(400)
          .meta({ description: 'Days to keep the alert log (a CloudWatch Logs retention value).' }),
        archiveRetentionDays: z
          .number({ error: 'must be a number of days' })
          .int({ error: 'must be a whole number of days' })
          .min(0, { error: 'must be 0 (keep forever) to 3650 days' })
          .max(3650, { error: 'must be 0 (keep forever) to 3650 days' })
          .default(90)
          .meta({ description: 'Days to keep the archive of every received event; 0 keeps them forever.' }),
        shards: z
          .number({ error: 'must be a whole number of receiver buses' })
          .int({ error: 'must be a whole number of receiver buses' })
          .min(1, { error: 'must be 1 (one receiver bus) to 90' })
          .max(90, { error: 'must be 1 (one receiver bus) to 90 (EventBridge allows 100 event buses per account)' })
          .default(1)
          .meta({
            description:
              'Receiver buses (and central stacks) the per-account alert rules are spread over; `keywatch synth` names the number an organization needs. Changing it moves about 1/shards of the accounts.',
          }),
      })
      .meta({ description: 'The security account and region that receive the events and send the alerts.' }),
    deployment: z
      .strictObject({
        organizationalUnits: z
          .array(OrganizationalUnitId)
          .min(1, { error: 'must list at least one root or OU ID' })
          .meta({ description: 'StackSet targets: the root (r-…) and/or OU IDs (ou-…).' }),
        regions: z
          .array(Region)
          .min(1, { error: 'must list at least one region' })
          .meta({ description: 'Every region to watch; include us-east-1 (IAM, global STS and sign-in events land there).' }),
        delegatedAdmin: z
          .boolean({ error: 'must be true (deploying from a delegated administrator account) or false (from the management account)' })
          .meta({ description: 'true when deploying from a registered delegated administrator (CallAs DELEGATED_ADMIN), false from the management account.' }),
        maxConcurrent: z
          .union(
            [
              z
                .number({ error: PERCENT_OR_COUNT('1 or more, or 1%-100%') })
                .int({ error: PERCENT_OR_COUNT('a whole number') })
                .min(1, { error: PERCENT_OR_COUNT('at least 1') }),
              z.string().regex(/^([1-9]\d?|100)%$/, { error: PERCENT_OR_COUNT('1%-100%') }),
            ],
            { error: PERCENT_OR_COUNT('1 or more, or 1%-100%') },
          )
          .default('25%')
          .meta({ description: 'Maximum accounts per region deployed at once (a number, or a percentage such as "25%").' }),
        failureTolerance: z
          .union(
            [
              z
                .number()
                .int({ error: PERCENT_OR_COUNT('a whole number') })
                .min(0, { error: PERCENT_OR_COUNT('0 or more') }),
              z.string().regex(/^(\d{1,2}|100)%$/, { error: PERCENT_OR_COUNT('0%-100%') }),
            ],
            { error: PERCENT_OR_COUNT('0 or more, or 0%-100%') },
          )
          .default('10%')
          .meta({ description: 'Failed accounts tolerated per region before the operation stops (a number, or a percentage such as "10%").' }),
        retainStacksOnAccountRemoval: z
          .boolean({ error: 'must be true or false' })
          .default(false)
          .meta({ description: 'Keep the sender stacks when an account leaves the targeted OUs.' }),
      })
      .meta({ description: 'Where the sender stacks are deployed (service-managed StackSets).' }),
    watch: z
      .strictObject({
        accessKeys: z
          .union([z.enum(['long-term', 'all']), z.array(AccessKeyId).min(1, { error: 'must list at least one key ID, or be "long-term" or "all"' })], {
            error: 'must be "long-term", "all" or a list of access key IDs',
          })
          .default('long-term')
          .meta({ description: 'long-term (AKIA… keys, default), all (every access key, temporary ones included) or an explicit list of key IDs.' }),
        excludeAccessKeys: z.array(AccessKeyId).default([]).meta({ description: 'Key IDs never alerted on.' }),
        readOnlyEvents: z
          .boolean({ error: 'must be true or false' })
          .default(true)
          .meta({ description: 'Also watch read-only calls (List*, Get*, Describe*); stolen keys are usually first used for these.' }),
      })
      .default({ accessKeys: 'long-term', excludeAccessKeys: [], readOnlyEvents: true })
      .meta({ description: 'Which access keys and calls are watched.' }),
    allow: z
      .strictObject({
        networks: z.array(Network).default([]).meta({ description: 'Networks allowed for every account unless an OU or account section replaces them.' }),
        vpcEndpoints: z
          .array(VpcEndpointId)
          .default([])
          .meta({ description: 'VPC endpoint IDs: a call that went through one of them is allowed whatever its source IP.' }),
        organizationalUnits: z
          .array(z.strictObject({ path: OrganizationalUnitPath, ...allowOverride }))
          .default([])
          .meta({ description: 'Per-OU sections, by OU path ("Workloads/Prod"); nested OUs apply outermost first.' }),
        accounts: z
          .array(
            z.strictObject({
              account: z.string().min(1).meta({ description: 'A 12-digit account ID or an account name from the accounts directory.' }),
              ...allowOverride,
            }),
          )
          .default([])
          .meta({ description: 'Per-account sections, by account ID or directory name; applied last.' }),
      })
      .meta({ description: 'The allowed networks: the organization default, then OU sections, then account sections.' }),
    filtering: z.enum(['sender-and-central', 'central-only'], { error: 'must be "sender-and-central" or "central-only"' }).default('sender-and-central').meta({
      description:
        'sender-and-central (default): members forward only events outside the org-wide networks; central-only: members forward every watched-key event.',
    }),
    notify: z
      .strictObject({
        email: z
          .array(Email)
          .min(1, { error: 'must list at least one e-mail address' })
          .meta({ description: 'Security team addresses subscribed to every alert.' }),
        locale: z.enum(['en', 'ja'], { error: 'must be "en" or "ja"' }).default('en').meta({ description: 'Language of the alert text.' }),
        accounts: z
          .array(
            z.strictObject({
              account: z.string().min(1).meta({ description: 'A 12-digit account ID or an account name from the accounts directory.' }),
              email: z.array(Email).min(1, { error: 'must list at least one e-mail address' }),
            }),
          )
          .default([])
          .meta({ description: "Extra recipients for one account's alerts, by account ID or directory name." }),
        chat: z
          .union(
            [
              z.strictObject({
                slack: z.strictObject({
                  workspaceId: z.string({ error: SLACK_WORKSPACE_RULE }).regex(/^[A-Z0-9]{9,15}$/, { error: SLACK_WORKSPACE_RULE }),
                  channelId: z.string({ error: SLACK_CHANNEL_RULE }).regex(/^[A-Z0-9]{9,15}$/, { error: SLACK_CHANNEL_RULE }),
                }),
              }),
              z.strictObject({
                teams: z.strictObject({
                  tenantId: z.uuid({ error: 'must be the Microsoft Teams tenant ID (a UUID)' }),
                  teamId: z.uuid({ error: 'must be the Microsoft Teams team ID (a UUID)' }),
                  channelId: z.string({ error: TEAMS_CHANNEL_RULE }).min(1, { error: TEAMS_CHANNEL_RULE }).max(256, { error: TEAMS_CHANNEL_RULE }),
                }),
              }),
            ],
            { error: 'must be either `slack: { workspaceId, channelId }` or `teams: { tenantId, teamId, channelId }`' },
          )
          .optional()
          .meta({ description: 'Optional AWS Chatbot channel (Slack or Microsoft Teams) for the same alerts.' }),
        mode: z
          .enum(NOTIFY_MODES, { error: 'must be "every", "deduplicated" or "digest"' })
          .default('deduplicated')
          .meta({
            description:
              'How many e-mail, chat and extra-recipient notifications an alert storm sends (the alert log always keeps every alert). every: one per alert; ' +
              'deduplicated (default): per (account, access key, source IP) the first alert of a window in full, then one summary with the count of the rest; ' +
              'digest: only one summary per (account, access key, source IP) window, with the first call and the count.',
          }),
        windowMinutes: z
          .number({ error: 'must be a number of minutes' })
          .int({ error: 'must be a whole number of minutes' })
          .min(NOTIFY_WINDOW_MINUTES.min, { error: `must be ${NOTIFY_WINDOW_MINUTES.min} to ${NOTIFY_WINDOW_MINUTES.max} minutes` })
          .max(NOTIFY_WINDOW_MINUTES.max, { error: `must be ${NOTIFY_WINDOW_MINUTES.min} to ${NOTIFY_WINDOW_MINUTES.max} minutes` })
          .default(NOTIFY_WINDOW_MINUTES.default)
          .meta({
            description:
              'Length of the deduplicated / digest window per (account, access key, source IP), opened by its first alert (default 60, 5 to 1440). ' +
              'Ignored when mode is every.',
          }),
      })
      .meta({ description: 'Who receives the alerts.' }),
    accounts: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Path to the accounts directory file, relative to keywatch.yml (written by `keywatch accounts sync`).' }),
    heartbeat: z
      .strictObject({
        intervalMinutes: z
          .number({ error: 'must be a number of minutes' })
          .int({ error: 'must be a whole number of minutes' })
          .min(5, { error: 'must be 5 to 60 minutes' })
          .max(60, { error: 'must be 5 to 60 minutes' })
          .default(15)
          .meta({
            description:
              'Minutes between heartbeats of every sender rule in every account and region; an account × region alarms after two silent intervals of three (default 15).',
          }),
      })
      .default({ intervalMinutes: 15 })
      .meta({ description: 'Liveness: every forwarding rule carries a heartbeat, and the security account alarms when one goes silent.' }),
    protect: z
      .strictObject({
        scp: z.boolean({ error: 'must be true or false' }).default(false).meta({
          description:
            "Deploy the generated service control policy (keywatch-protection.scp.json) and attach it to deployment.organizationalUnits from the management account's stack.",
        }),
        exemptRoles: z
          .array(z.string().regex(/^[A-Za-z0-9+=,.@_*-]{1,64}$/, { error: 'must be an IAM role name (wildcards * allowed), such as "BreakGlassAdmin"' }))
          .default([])
          .meta({ description: 'Role names (in any account) besides stacksets-exec-* that the protection SCP lets change keywatch, e.g. a break-glass role.' }),
      })
      .default({ scp: false, exemptRoles: [] })
      .meta({ description: "Protection of keywatch's own resources in member accounts." }),
    hunt: HuntSchema.optional().meta({
      description:
        'Optional: `keywatch hunt` runs the same policy as SQL on Amazon Athena over the organization trail; set deploy: true to have keywatch create the Glue table and Athena workgroup.',
    }),
    quotas: z
      .strictObject({
        eventPatternMaxChars: z
          .number()
          .int()
          .min(256)
          .max(4096)
          .default(2048)
          .meta({ description: 'EventBridge event pattern size quota in characters (2,048 by default; adjustable up to 4,096).' }),
        rulesPerBus: z
          .number()
          .int()
          .min(10)
          .max(2000)
          .default(300)
          .meta({ description: 'EventBridge rules per event bus quota (300 by default; 100 in af-south-1 and eu-south-1).' }),
      })
      .default({ eventPatternMaxChars: 2048, rulesPerBus: 300 })
      .meta({ description: 'EventBridge quotas of your account, if you had them raised.' }),
  })
  .meta({
    title: 'keywatch configuration',
    description: 'keywatch.yml: alerts when an IAM access key is used from outside the networks allowed for its account.',
  });

/** The validated configuration, defaults applied. */
export type KeywatchConfig = z.infer<typeof KeywatchConfigSchema>;
/** The configuration as written in YAML, before defaults. */
export type KeywatchConfigInput = z.input<typeof KeywatchConfigSchema>;
