/** Quotes a word for a POSIX shell, leaving plain words as they are. */
export function shellQuote(v: string): string {
  if (v === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(v)) return v;
  return `'${v.replace(/'/g, `'\\''`)}'`;
}
