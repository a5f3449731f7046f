import { spawn } from 'node:child_process';
import { promises as fsp, constants as fsc } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecOptions, ExecResult, Host, ReadFileOptions } from '../model/host';
import type { GoOS } from '../model/environment';

/** Node's platform name → Go's GOOS. */
export function goosOf(p: NodeJS.Platform): GoOS {
  switch (p) {
    case 'win32': return 'windows';
    case 'darwin': return 'darwin';
    case 'freebsd': return 'freebsd';
    case 'openbsd': return 'openbsd';
    case 'sunos': return 'solaris';
    case 'aix': return 'aix';
    case 'android': return 'android';
    case 'netbsd': return 'netbsd';
    default: return 'linux';
  }
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

export async function execBounded(file: string, args: string[], o: ExecOptions): Promise<ExecResult> {
  const max = o.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise<ExecResult>((resolve) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.env)) if (v !== undefined) env[k] = v;
    let child;
    try {
      child = spawn(file, args, { env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: '', timedOut: false, truncated: false, error: { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message } });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let truncated = false;
    let timedOut = false;
    let done = false;
    const kill = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, o.timeoutMs);
    const onAbort = () => kill();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', (b: Buffer) => {
      if (outLen < max) out.push(b.subarray(0, max - outLen));
      else truncated = true;
      outLen += b.length;
      if (outLen > max) truncated = true;
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (errLen < max) err.push(b.subarray(0, max - errLen));
      else truncated = true;
      errLen += b.length;
      if (errLen > max) truncated = true;
    });
    const settle = (code: number | null, error?: { code?: string; message: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({
        code: timedOut || o.signal?.aborted ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        truncated,
        ...(error ? { error } : {}),
      });
    };
    child.on('error', (e: NodeJS.ErrnoException) => settle(null, { code: e.code, message: e.message }));
    child.on('close', (code) => settle(code));
  });
}

async function whichIn(name: string, env: Record<string, string | undefined>, platform: GoOS): Promise<string | null> {
  const sep = platform === 'windows' ? ';' : ':';
  const exts = platform === 'windows' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        await fsp.access(p, fsc.X_OK);
        const st = await fsp.stat(p);
        if (st.isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The error for a path that is not a regular file: `code` EISDIR for a folder, else ENOTREG. */
function notRegular(p: string, st: import('node:fs').Stats): NodeJS.ErrnoException {
  const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
  return Object.assign(new Error(`${p}: is ${what}, not a regular file`), { code: st.isDirectory() ? 'EISDIR' : 'ENOTREG', kind: what });
}

function fail(code: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

/**
 * Opens a regular file for reading without ever blocking: O_NONBLOCK makes open() return at
 * once on a FIFO (a plain open waits for a writer forever, holding a thread), and fstat of
 * the opened file refuses anything but a regular file (no TOCTOU between a stat and the open).
 */
export async function openRegularFile(p: string): Promise<fsp.FileHandle> {
  const fh = await fsp.open(p, fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegular(p, st);
    return fh;
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Whether `p` is `dir` or inside it (both real, absolute paths). */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real path of an opened file: on Linux the kernel's own name for the descriptor
 * (/proc/self/fd), so a symlink swapped after the open cannot fool it; elsewhere realpath of
 * the name, accepted only when it is still the same file (device and inode).
 */
async function realPathOf(fh: fsp.FileHandle, p: string): Promise<string> {
  if (process.platform === 'linux') {
    const r = await fsp.readlink(`/proc/self/fd/${fh.fd}`).catch(() => null);
    if (r && path.isAbsolute(r)) return r;
  }
  const real = await fsp.realpath(p);
  const [a, b] = await Promise.all([fh.stat(), fsp.stat(real)]);
  if (a.dev !== b.dev || a.ino !== b.ino) throw fail('EOUTSIDE', `${p} changed while it was read`, { target: real });
  return real;
}

/**
 * Reads a regular file of at most `maxBytes` (more, even when it grows while read: EFBIG).
 * See Host.readFile for `within`.
 */
export async function readRegularFile(p: string, maxBytes: number, o: ReadFileOptions = {}): Promise<Buffer> {
  const fh = await openRegularFile(p);
  try {
    if (o.within !== undefined) {
      const [real, root] = await Promise.all([realPathOf(fh, p), fsp.realpath(o.within).catch(() => path.resolve(o.within!))]);
      if (!isInside(real, root)) throw fail('EOUTSIDE', `${p} points outside the workspace, to ${real}; it was not read`, { target: real });
    }
    const size = (await fh.stat()).size;
    if (size > maxBytes) throw fail('EFBIG', `${p}: file is larger than ${maxBytes} bytes`);
    // Up to one byte more than allowed, so that a file that grew since the fstat is caught.
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, size) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got > maxBytes) throw fail('EFBIG', `${p}: file is larger than ${maxBytes} bytes`);
        const next = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(next);
        buf = next;
      }
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) return buf.subarray(0, got);
      got += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** The real machine. `env` defaults to this process's environment. */
export function nodeHost(overrides: Partial<Pick<Host, 'env' | 'cwd' | 'homedir' | 'platform'>> = {}): Host {
  const env = overrides.env ?? { ...process.env };
  const platform = overrides.platform ?? goosOf(process.platform);
  return {
    platform,
    env,
    homedir: overrides.homedir !== undefined ? overrides.homedir : (env.HOME ?? (platform === 'windows' ? env.USERPROFILE : undefined) ?? os.homedir() ?? null),
    cwd: overrides.cwd ?? process.cwd(),
    readFile: (p: string, maxBytes = 64 * 1024 * 1024, o?: ReadFileOptions) => readRegularFile(p, maxBytes, o),
    async stat(p: string) {
      try {
        const st = await fsp.stat(p);
        return { isFile: st.isFile(), isDirectory: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode };
      } catch {
        return null;
      }
    },
    readdir: (p: string) => fsp.readdir(p),
    exec: execBounded,
    which: (name: string) => whichIn(name, env, platform),
    now: () => Date.now(),
    realpath: async (p: string) => {
      try {
        return await fsp.realpath(p);
      } catch {
        return null;
      }
    },
  };
}
