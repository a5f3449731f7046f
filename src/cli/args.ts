/** A usage error: exit code 2. */
export class UsageError extends Error {}

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

export function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function parseTimeout(v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || !/^\d+$/.test(v)) throw new UsageError(`--timeout must be a positive number of milliseconds, got "${v}"`);
  return n;
}

/** Colour unless --no-color, NO_COLOR (any value, https://no-color.org), or not a TTY. */
export function useColor(noColorFlag: boolean | undefined, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
