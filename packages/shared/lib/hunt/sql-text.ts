/** A SQL string literal (Trino/ANSI): single quotes, each quote inside doubled; no other character needs escaping. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier (Trino/ANSI): double quotes, each double quote inside doubled. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A parenthesised list of string literals for IN, e.g. ('a', 'b'). */
export function sqlStringList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}
