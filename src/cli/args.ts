import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoBinary } from '../core/model/options';

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

/** `--go PATH`: the go binary to run instead of `go` on PATH, checked before anything runs. */
export function goBinaryOption(value: string | undefined, cwd: string): GoBinary | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError('--go needs the path of a go binary');
  const file = path.resolve(cwd, value);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UsageError(`--go ${value}: no such file`);
  }
  if (st.isDirectory()) {
    const inside = ['go', path.join('bin', 'go')].find((f) => fs.existsSync(path.join(file, f)));
    throw new UsageError(`--go ${value}: is a folder; give the go binary itself${inside ? ` (${path.join(value, inside)})` : ''}`);
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new UsageError(`--go ${value}: not an executable file`);
  }
  return { path: file, chosenBy: '--go' };
}

/** The help line of --go, its text starting at `column` (0-based) like the lines around it. */
export function goOptionHelp(column: number): string {
  return `${'  --go PATH'.padEnd(column)}the go binary to run (default: go on PATH)\n`;
}
