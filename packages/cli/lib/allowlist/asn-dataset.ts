import * as fs from 'fs';
import * as path from 'path';
import { KeywatchError, RangeTableBuilder, type NumericAddress, type RangeTable } from '@keywatch/shared';

/** The autonomous system of an address range. */
export interface AutonomousSystem {
  readonly asn: number;
  /** The AS holder's name. */
  readonly holder: string;
}

/** The npm package that ships the IP-to-ASN data (CC BY 4.0: RouteViews, DB-IP, NRO), read from its numeric CSV files. */
export const ASN_PACKAGE = '@ip-location-db/asn';

/** Looks addresses up in an IP-to-ASN dataset; each family's table is loaded on its first lookup, never at import. */
export class AsnDataset {
  private v4?: RangeTable<AutonomousSystem>;
  private v6?: RangeTable<AutonomousSystem>;

  /** A dataset read from `dir` (asn-ipv4-num.csv, asn-ipv6-num.csv). @default - the installed @ip-location-db/asn package */
  constructor(readonly dir: string = defaultAsnDirectory()) {}

  /** The AS of `address`; undefined when the dataset has no range for it. */
  lookup(address: NumericAddress): AutonomousSystem | undefined {
    if (address.family === 4) return (this.v4 ??= this.load(4)).lookup(address);
    return (this.v6 ??= this.load(6)).lookup(address);
  }

  private load(family: 4 | 6): RangeTable<AutonomousSystem> {
    const file = path.join(this.dir, `asn-ipv${family}-num.csv`);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new KeywatchError(`cannot read the ASN dataset ${file} (${(e as Error).message}); reinstall keywatch's dependencies (npm ci)`);
    }
    try {
      return parseAsnCsv(bytes, family, file);
    } catch (e) {
      throw new KeywatchError(`the ASN dataset ${file} is not usable: ${(e as Error).message}; reinstall ${ASN_PACKAGE}`);
    }
  }
}

/** The folder of the installed @ip-location-db/asn package. */
export function defaultAsnDirectory(): string {
  return path.dirname(require.resolve(`${ASN_PACKAGE}/package.json`));
}

/**
 * Reads an ip-location-db numeric ASN CSV — `first,last,asn,holder`, the addresses as decimal integers, the holder
 * quoted when it holds a comma or quote (`"LLC ""SPUTNIK"""`) — into a RangeTable. Only the last field can be quoted,
 * so a line is split at its first three commas from the raw bytes instead of through a CSV library, and a holder is
 * decoded once per AS (one object per AS is shared by its rows): the IPv4 file's 400,000 rows load in a fraction of a
 * second into about 10 MB.
 */
export function parseAsnCsv(bytes: Buffer, family: 4 | 6, file: string): RangeTable<AutonomousSystem> {
  const builder = new RangeTableBuilder<AutonomousSystem>(family);
  const holders = new Map<number, AutonomousSystem>();
  const commas = [0, 0, 0];
  let line = 0;
  let lineStart = 0;
  const n = bytes.length;
  // one pass over the bytes in JavaScript: Buffer.indexOf is a native call each time, which costs more than the scan
  while (lineStart < n) {
    line++;
    let found = 0;
    let i = lineStart;
    for (; i < n; i++) {
      const b = bytes[i];
      if (b === 10) break;
      if (b === 44 && found < 3) commas[found++] = i;
    }
    const next = i + 1;
    let end = i;
    if (end > lineStart && bytes[end - 1] === 13) end--;
    if (end > lineStart) {
      if (found < 3) throw new Error(`${file} line ${line}: expected first,last,asn,holder`);
      const [c1, c2, c3] = commas;
      const asn = decimal(bytes, c2 + 1, c3, file, line);
      let as = holders.get(asn);
      if (as === undefined) {
        let holder = bytes.toString('utf8', c3 + 1, end);
        if (holder.startsWith('"')) holder = holder.slice(1, -1).replace(/""/g, '"');
        holders.set(asn, (as = { asn, holder }));
      }
      if (family === 4) builder.add(decimal(bytes, lineStart, c1, file, line), decimal(bytes, c1 + 1, c2, file, line), as);
      else builder.add(BigInt(bytes.toString('latin1', lineStart, c1)), BigInt(bytes.toString('latin1', c1 + 1, c2)), as);
    }
    lineStart = next;
  }
  return builder.build();
}

/** The decimal number in bytes [from, to) (at most 2^53); throws naming the line when it is not one. */
function decimal(bytes: Buffer, from: number, to: number, file: string, line: number): number {
  if (to <= from || to - from > 15) throw new Error(`${file} line ${line}: expected a decimal number`);
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) throw new Error(`${file} line ${line}: expected a decimal number`);
    n = n * 10 + d;
  }
  return n;
}
