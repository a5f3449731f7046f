/**
 * Runs one whole command as a child process and measures it from outside: wall time with
 * process.hrtime around the spawn, peak resident set size from GNU time (`/usr/bin/time`,
 * the kernel's ru_maxrss of the child and its waited-for descendants).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface RunSpec {
  cmd: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Kill the process group after this long (the run then counts as capped). */
  timeoutMs: number;
  /** Measure peak RSS (wraps the command in /usr/bin/time). */
  rss?: boolean;
  /** Exit codes that count as a completed run (default: any). */
  okCodes?: number[];
}

export interface RunResult {
  seconds: number;
  /** Peak RSS in MB (1 MB = 2^20 bytes), when asked for. */
  rssMB?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed at the timeout. */
  capped: boolean;
  stdout: string;
  stderr: string;
}

const TIME = '/usr/bin/time';

export function canMeasureRss(): boolean {
  return existsSync(TIME);
}

/** Keeps the last `max` bytes of a stream (enough for error messages, bounded for big output). */
function tail(max: number) {
  const chunks: Buffer[] = [];
  let len = 0;
  return {
    push(b: Buffer) {
      chunks.push(b);
      len += b.length;
      while (len > max && chunks.length > 1) len -= chunks.shift()!.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

export async function runMeasured(spec: RunSpec): Promise<RunResult> {
  const tmp = spec.rss ? mkdtempSync(path.join(tmpdir(), 'gpd-bench-time-')) : '';
  const timeFile = tmp && path.join(tmp, 'time.txt');
  const [cmd, args] = spec.rss ? [TIME, ['-f', '%M', '-o', timeFile, spec.cmd, ...spec.args]] : [spec.cmd, spec.args];
  const out = tail(1 << 20);
  const err = tail(1 << 16);
  try {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: spec.env, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let capped = false;
    const timer = setTimeout(() => {
      capped = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, spec.timeoutMs);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c, s) => resolve({ code: c, signal: s }));
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearTimeout(timer);
    // Descendants that outlived the leader (go's helpers) go with it.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // none left
    }
    let rssMB: number | undefined;
    if (spec.rss && !capped) {
      const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
      if (Number.isFinite(kb) && kb > 0) rssMB = kb / 1024;
    }
    const result: RunResult = { seconds, rssMB, code, signal, capped, stdout: out.text(), stderr: err.text() };
    if (!capped && spec.okCodes && (code === null || !spec.okCodes.includes(code))) {
      throw new Error(`${path.basename(spec.cmd)} ${spec.args.join(' ')} exited ${code ?? signal}: ${result.stderr.slice(-2000) || result.stdout.slice(-2000)}`);
    }
    return result;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs a list of steps one after another; the wall time of the whole sequence. */
export async function runSequence(specs: RunSpec[]): Promise<{ seconds: number; results: RunResult[] }> {
  const t0 = process.hrtime.bigint();
  const results: RunResult[] = [];
  for (const s of specs) results.push(await runMeasured(s));
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, results };
}
