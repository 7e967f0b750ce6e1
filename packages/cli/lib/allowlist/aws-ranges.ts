import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { z } from 'zod';
import { KeywatchError, PrefixIndex, isValidNetwork, type NumericAddress } from '@keywatch/shared';
import { writeFileAtomic } from '../output/write-file';

/** Where AWS publishes its address ranges (docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html). */
export const AWS_IP_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';

const Prefix4 = z.object({ ip_prefix: z.string().refine(isValidNetwork, 'must be an IPv4 CIDR'), region: z.string(), service: z.string() });
const Prefix6 = z.object({ ipv6_prefix: z.string().refine(isValidNetwork, 'must be an IPv6 CIDR'), region: z.string(), service: z.string() });
/** The part of ip-ranges.json keywatch reads (other fields, such as network_border_group, are kept in the file and ignored). */
const AwsIpRangesSchema = z.object({
  syncToken: z.string().min(1),
  createDate: z.string().min(1),
  prefixes: z.array(Prefix4),
  ipv6_prefixes: z.array(Prefix6),
});

/** AWS's published ranges, ready for lookups. */
export interface AwsIpRanges {
  /** The file they were read from. */
  readonly file: string;
  /** The publication's syncToken (seconds since the epoch, as text). */
  readonly syncToken: string;
  /** The publication's createDate (YYYY-MM-DD-hh-mm-ss). */
  readonly createDate: string;
  /** IPv4 and IPv6 prefix counts. */
  readonly prefixes: number;
  /** The services (`AMAZON`, `EC2`, `S3`, …) whose prefixes hold `address`, sorted, without duplicates. */
  readonly servicesOf: (address: NumericAddress) => string[];
}

/** The cache file of `update-aws-ranges`: $XDG_CACHE_HOME/keywatch/aws-ip-ranges.json, else ~/.cache/keywatch/aws-ip-ranges.json. */
export function defaultAwsRangesFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'keywatch', 'aws-ip-ranges.json');
}

/** Validates ip-ranges.json text; throws KeywatchError naming `file`, the field and the fix. */
export function parseAwsIpRanges(text: string, file: string): AwsIpRanges {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KeywatchError(`${file} is not JSON (${(e as Error).message}); run \`keywatch allowlist update-aws-ranges\` to fetch it again`);
  }
  const r = AwsIpRangesSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new KeywatchError(
      `${file} is not AWS's ip-ranges.json: ${issue.path.join('.') || '(top level)'} ${issue.message}; run \`keywatch allowlist update-aws-ranges\` to fetch it again`,
    );
  }
  const index = new PrefixIndex<string>();
  for (const p of r.data.prefixes) index.add(p.ip_prefix, p.service);
  for (const p of r.data.ipv6_prefixes) index.add(p.ipv6_prefix, p.service);
  return {
    file,
    syncToken: r.data.syncToken,
    createDate: r.data.createDate,
    prefixes: r.data.prefixes.length + r.data.ipv6_prefixes.length,
    servicesOf: (address) => [...new Set(index.lookup(address))].sort(),
  };
}

/** Reads a cached ip-ranges.json; undefined when the file does not exist (the caller warns), KeywatchError when it is unusable. */
export function readAwsIpRanges(file: string): AwsIpRanges | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeywatchError(`cannot read ${file} (${(e as Error).message}); check its permissions`);
  }
  return parseAwsIpRanges(text, file);
}

/** A fetch function (globalThis.fetch's shape, the part keywatch uses); tests pass their own. */
export type Fetch = (url: string) => Promise<{ readonly ok: boolean; readonly status: number; readonly statusText?: string; text(): Promise<string> }>;

/** Options of updateAwsRanges. */
export interface UpdateAwsRangesOptions {
  /** The cache file. @default defaultAwsRangesFile() */
  readonly file?: string;
  /** How to fetch. @default globalThis.fetch */
  readonly fetch?: Fetch;
  /** The URL. @default AWS_IP_RANGES_URL */
  readonly url?: string;
}

/**
 * `keywatch allowlist update-aws-ranges`: fetches AWS's ip-ranges.json on the operator's machine, validates it and
 * writes it atomically to the cache file (kept as AWS published it, syncToken and createDate included); keeps the
 * old file when anything fails. Throws KeywatchError (exit 2) for a network failure or a body that is not the file.
 */
export async function updateAwsRanges(options: UpdateAwsRangesOptions = {}): Promise<AwsIpRanges> {
  const file = options.file ?? defaultAwsRangesFile();
  const url = options.url ?? AWS_IP_RANGES_URL;
  const doFetch: Fetch = options.fetch ?? ((u) => globalThis.fetch(u));
  let text: string;
  try {
    const response = await doFetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    text = await response.text();
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new KeywatchError(
      `cannot fetch ${url}: ${(e as Error).message}${cause ? ` (${cause})` : ''}; check the network or proxy of this machine and try again`,
    );
  }
  const ranges = parseAwsIpRanges(text, url);
  await writeFileAtomic(file, text);
  return { ...ranges, file };
}
