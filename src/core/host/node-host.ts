import { spawn } from 'node:child_process';
import { promises as fsp, constants as fsc } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecOptions, ExecResult, Host } from '../model/host';
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

/** The real machine. `env` defaults to this process's environment. */
export function nodeHost(overrides: Partial<Pick<Host, 'env' | 'cwd' | 'homedir' | 'platform'>> = {}): Host {
  const env = overrides.env ?? { ...process.env };
  const platform = overrides.platform ?? goosOf(process.platform);
  return {
    platform,
    env,
    homedir: overrides.homedir !== undefined ? overrides.homedir : (env.HOME ?? (platform === 'windows' ? env.USERPROFILE : undefined) ?? os.homedir() ?? null),
    cwd: overrides.cwd ?? process.cwd(),
    async readFile(p: string, maxBytes = 64 * 1024 * 1024) {
      // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it would hang
      // forever); then only regular files are read, checked on the open descriptor.
      const fh = await fsp.open(p, process.platform === 'win32' ? fsc.O_RDONLY : fsc.O_RDONLY | fsc.O_NONBLOCK);
      try {
        const st = await fh.stat();
        if (!st.isFile()) throw notRegular(p, st);
        if (st.size > maxBytes) throw Object.assign(new Error(`${p}: file is larger than ${maxBytes} bytes`), { code: 'EFBIG' });
        return await fh.readFile();
      } finally {
        await fh.close();
      }
    },
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
