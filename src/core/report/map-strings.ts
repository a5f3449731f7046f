/** Deep copy of `value` (plain data: arrays and objects) with every string passed through `f`. */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  return walk(value, f) as T;
}

function walk(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, f);
    return out;
  }
  return value;
}
