import ipaddr from 'ipaddr.js';
import { formatAddress, type NumericAddress } from './address';

/**
 * What kind of network an address belongs to, which decides how a suggestion treats it:
 * - `aws-service`: an AWS service range of ip-ranges.json that is not `EC2` (AWS's own fleet acting for many
 *   customers): never suggested;
 * - `private`: RFC 1918 / unique-local / loopback / link-local / shared (CGNAT) space, which reaches CloudTrail only
 *   through a VPC endpoint: never suggested (allow the endpoint in `vpcEndpoints` instead);
 * - `cloud`: a cloud or hosting provider (an `EC2` range, or an AS the holder heuristic calls hosting), where
 *   neighbouring addresses belong to other tenants: suggested as observed, never widened;
 * - `isp`: an access (residential or mobile) ISP by the holder heuristic: aggregated, and flagged for review;
 * - `other`: anything else (enterprise networks, unknown): aggregated.
 */
export type NetworkKind = 'aws-service' | 'private' | 'cloud' | 'isp' | 'other';

/** What is known about the network of one address. */
export interface NetworkInfo {
  readonly kind: NetworkKind;
  /** The autonomous system number. @default - not in the ASN dataset */
  readonly asn?: number;
  /** The AS holder's name, as the dataset writes it. @default - not in the ASN dataset */
  readonly holder?: string;
  /** The ip-ranges.json services whose prefixes hold the address (`AMAZON`, `EC2`, `S3`, …). @default - none */
  readonly awsServices?: readonly string[];
}

/** Describes the network of an address; the suggestion core calls it once per distinct address. */
export type DescribeNetwork = (address: NumericAddress) => NetworkInfo;

/** ipaddr.js range names of address space that is not globally routed to AWS's public endpoints. */
const PRIVATE_RANGES = new Set(['private', 'uniqueLocal', 'loopback', 'linkLocal', 'unspecified', 'carrierGradeNat']);

/** True for private, unique-local, loopback, link-local, unspecified and shared (100.64.0.0/10) addresses (ipaddr.js ranges). */
export function isPrivateAddress(address: NumericAddress): boolean {
  return PRIVATE_RANGES.has(ipaddr.parse(formatAddress(address)).range());
}

/**
 * Autonomous systems of cloud and hosting providers, by number: Amazon (16509, 14618, 8987), Google (15169, 396982,
 * 19527, 139070), Microsoft (8075, 8068), Oracle (31898), IBM/SoftLayer (36351), Alibaba (45102, 37963), Tencent
 * (132203, 45090), Cloudflare (13335), Akamai/Linode (63949, 20940), DigitalOcean (14061), OVH (16276), Hetzner (24940,
 * 213230), Scaleway (12876), Vultr/Choopa (20473), Leaseweb (60781, 16265, 28753), Contabo (51167), M247 (9009),
 * DataCamp (60068), GitHub (36459), Fastly (54113).
 */
export const CLOUD_ASNS: ReadonlySet<number> = new Set([
  16509, 14618, 8987, 15169, 396982, 19527, 139070, 8075, 8068, 31898, 36351, 45102, 37963, 132203, 45090, 13335, 63949, 20940, 14061, 16276, 24940, 213230,
  12876, 20473, 60781, 16265, 28753, 51167, 9009, 60068, 36459, 54113,
]);

/** Words in an AS holder's name that mark a hosting or cloud network (checked after CLOUD_ASNS). */
const HOSTING_WORDS = /\b(hosting|host|cloud|data ?cent(?:er|re)s?|datacenter|server|servers|vps|colo(?:cation)?|dedicated|compute)\b/i;

/** Words that mark an access ISP: broadband, cable, DSL, fibre, mobile and telecom operators. */
const ISP_WORDS =
  /\b(broadband|cable|dsl|fib(?:er|re)|mobile|cellular|wireless|telecom\w*|telekom\w*|telecommunications?|communications|telefonica|telstra|comcast|charter|verizon|at&t|vodafone|orange|deutsche telekom|ntt|kddi|softbank|docomo|internet service|isp)\b/i;

/**
 * The holder heuristic: `cloud` when the AS number is in CLOUD_ASNS or the holder's name has a hosting word
 * (hosting, cloud, data center, server, VPS, colocation, dedicated, compute), `isp` when the name has an access-ISP
 * word (broadband, cable, DSL, fibre, mobile, wireless, telecom, communications, or a large operator's name), else
 * `other`. A name heuristic, so a flag for review, not a verdict: hosting words are checked first because hosting
 * companies often call themselves "… Telecom".
 */
export function kindOfHolder(asn: number | undefined, holder: string | undefined): 'cloud' | 'isp' | 'other' {
  if (asn !== undefined && CLOUD_ASNS.has(asn)) return 'cloud';
  if (holder === undefined) return 'other';
  if (HOSTING_WORDS.test(holder)) return 'cloud';
  if (ISP_WORDS.test(holder)) return 'isp';
  return 'other';
}

/**
 * Combines what the datasets say about one address: private space first, then AWS's published ranges (an `EC2`
 * prefix is customer compute, `cloud`; any other service's prefix is `aws-service`), then the AS holder heuristic.
 */
export function networkInfo(address: NumericAddress, asn: { asn: number; holder: string } | undefined, awsServices: readonly string[]): NetworkInfo {
  const base = { asn: asn?.asn, holder: asn?.holder, awsServices: awsServices.length > 0 ? awsServices : undefined };
  if (isPrivateAddress(address)) return { kind: 'private', ...base };
  if (awsServices.length > 0) return { kind: awsServices.includes('EC2') ? 'cloud' : 'aws-service', ...base };
  return { kind: kindOfHolder(asn?.asn, asn?.holder), ...base };
}
