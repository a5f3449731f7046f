import { closeSync, constants as fsc, fstatSync, ftruncateSync, fsyncSync, openSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * Writing repaired files: all of them or none, never over a change made since they were read.
 *
 * Each file is written in place, through one open descriptor: the bytes are compared and
 * replaced on the same inode, so
 * - a hard link stays one file (a rename would split it: the other names keep the old text);
 * - a symlink stays a symlink and its target gets the new text (for a link in the workspace,
 *   only when the target is in the workspace too);
 * - mode, owner, ACLs and extended attributes stay as they are, and a file bind-mounted
 *   into a container or watched by inode keeps being the file;
 * - the bytes compared are the bytes replaced (one descriptor, not a path looked up twice),
 *   and the path is checked to still name that file just before;
 * - no write permission on the folder is needed (there is no temporary file).
 * VS Code saves files in place too. The price is that the write is not atomic against a
 * crash; it is kept short instead: the new bytes go in with one positional write from the
 * start, the file is cut to length after (never empty in between), then synced; a failure
 * puts the original bytes back, and so does a failure on a later file.
 *
 * Between the last comparison and the write no other code of this process runs (they are
 * synchronous); another process can still write in those microseconds — files have no
 * compare-and-swap — but any change made before them is seen and nothing is written.
 */

/** One file to replace: `expected` is what the edits were computed from. */
export interface FileWrite {
  file: string;
  expected: Uint8Array;
  next: Uint8Array;
}

export type WriteFailureCode =
  | 'missing' | 'not-regular' | 'outside-workspace' | 'read-only' | 'not-writable' | 'same-file'
  | 'changed' | 'write-failed' | 'restored' | 'not-restored';

export interface WriteFailure {
  /** The path as given. */
  file: string;
  code: WriteFailureCode;
  message: string;
}

export interface WriteOutcome {
  /** Files that now hold their new bytes: all of them, or none (or, when a restore failed, those left changed). */
  written: string[];
  /** Empty when every file was written. */
  failures: WriteFailure[];
}

export interface WriteOptions {
  /**
   * The workspace folder: a path under it must still be under it with every symlink
   * resolved (a link to a file outside is not written through).
   */
  root?: string;
  /** Called after every file was checked, just before each is compared and written (tests). */
  beforeWrite?(file: string): void;
}

interface Checked {
  w: FileWrite;
  fd: number;
  /** `partial`: the write failed midway, so the file holds neither text. */
  state: 'open' | 'written' | 'partial';
}

/**
 * Replaces the bytes of every file, or of none. Never throws for a file's problem: each one
 * comes back as a failure naming the file.
 */
export async function writeFilesAllOrNothing(writes: readonly FileWrite[], options: WriteOptions = {}): Promise<WriteOutcome> {
  const todo = writes.filter((w) => !Buffer.from(w.expected).equals(Buffer.from(w.next)));
  const failures: WriteFailure[] = [];
  const checked: Checked[] = [];
  const realRoot = options.root === undefined ? undefined : await realpathOr(options.root);
  try {
    // 1. Every file checked (and opened for writing) before any is written.
    for (const w of todo) {
      const r = await checkFile(w, options.root, realRoot);
      if ('code' in r) failures.push(r);
      else checked.push(r);
    }
    const byInode = new Map<string, string>();
    for (const c of checked) {
      const st = fstatSync(c.fd);
      const key = `${st.dev}:${st.ino}`;
      const other = byInode.get(key);
      if (other !== undefined) failures.push({ file: c.w.file, code: 'same-file', message: `is the same file as ${other} (a link): its edits were computed twice; edit one of them` });
      else byInode.set(key, c.w.file);
    }
    if (failures.length) return { written: [], failures };

    // 2. Written one by one; the first failure restores the files already written.
    for (const c of checked) {
      options.beforeWrite?.(c.w.file);
      const f = compareAndWrite(c);
      if (f) {
        failures.push(f);
        failures.push(...restore(checked));
        return { written: checked.filter((x) => x.state !== 'open').map((x) => x.w.file), failures };
      }
    }
    return { written: checked.map((c) => c.w.file), failures: [] };
  } finally {
    for (const c of checked) {
      try {
        closeSync(c.fd);
      } catch {
        // already closed
      }
    }
  }
}

async function checkFile(w: FileWrite, root: string | undefined, realRoot: string | undefined): Promise<Checked | WriteFailure> {
  const fail = (code: WriteFailureCode, message: string): WriteFailure => ({ file: w.file, code, message });
  let link: Stats;
  try {
    link = await fsp.lstat(w.file);
  } catch (e) {
    return fail('missing', `cannot be written: ${reason(e)}`);
  }
  let real: string;
  try {
    real = await fsp.realpath(w.file);
  } catch (e) {
    return fail('missing', link.isSymbolicLink() ? `is a symlink to a file that does not exist (${reason(e)})` : `cannot be written: ${reason(e)}`);
  }
  // A link inside the workspace that leads out of it is not followed: the workspace may be
  // untrusted, and what it points at is not its to change. Files outside it (the user's own
  // rc files, often links into a dotfiles repository) are written through their links.
  if (root !== undefined && realRoot !== undefined && within(path.resolve(root), path.resolve(w.file)) && !within(realRoot, real)) {
    return fail('outside-workspace', `leads through a symlink to ${real}, outside the workspace; not written`);
  }
  let st: Stats;
  try {
    st = await fsp.stat(real);
  } catch (e) {
    return fail('missing', `cannot be written: ${reason(e)}`);
  }
  if (!st.isFile()) return fail('not-regular', `is not a regular file${real !== w.file ? ` (${real})` : ''}; not written`);
  // Root may write anything; a file without any write bit was made read-only on purpose.
  if ((st.mode & 0o222) === 0) return fail('read-only', `is read-only (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); make it writable to apply the edits`);
  if (st.size !== w.expected.length) return fail('changed', changedMessage);
  let fd: number;
  try {
    // O_NOFOLLOW: the path was resolved above; a link put there since is a change.
    // O_NONBLOCK: a FIFO swapped in since the stat must not hang the open.
    fd = openSync(real, fsc.O_RDWR | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOENT') return fail('changed', changedMessage);
    if (code === 'EROFS') return fail('not-writable', 'is on a read-only file system; not written');
    return fail('not-writable', `cannot be opened for writing: ${reason(e)}`);
  }
  const c: Checked = { w, fd, state: 'open' };
  const fst = fstatSync(fd);
  if (!fst.isFile() || fst.dev !== st.dev || fst.ino !== st.ino || !holds(fd, w.expected)) {
    closeSync(fd);
    return fail('changed', changedMessage);
  }
  return c;
}

const changedMessage = 'changed since it was read (run again to see the edits for its new text)';

/** The last comparison and the write, with nothing else of this process in between. */
function compareAndWrite(c: Checked): WriteFailure | undefined {
  if (!stillNamed(c) || !holds(c.fd, c.w.expected)) return { file: c.w.file, code: 'changed', message: changedMessage };
  try {
    putBytes(c.fd, c.w.next);
    c.state = 'written';
  } catch (e) {
    c.state = 'partial';
    return { file: c.w.file, code: 'write-failed', message: `cannot be written: ${reason(e)}` };
  }
  return undefined;
}

/** The path still leads to the open file (an editor saving by rename puts a new file there). */
function stillNamed(c: Checked): boolean {
  try {
    const now = statSync(c.w.file);
    const open = fstatSync(c.fd);
    return now.dev === open.dev && now.ino === open.ino;
  } catch {
    return false;
  }
}

/**
 * Puts back the original bytes of every file written (the one that failed included). A file
 * changed by someone else since it was written is left as it is.
 */
function restore(checked: Checked[]): WriteFailure[] {
  const out: WriteFailure[] = [];
  for (const c of checked) {
    if (c.state === 'open') continue;
    try {
      if (c.state === 'written' && !holds(c.fd, c.w.next)) {
        out.push({ file: c.w.file, code: 'not-restored', message: 'was written and then changed by another program; left as it is' });
        continue;
      }
      putBytes(c.fd, c.w.expected);
      c.state = 'open';
      out.push({ file: c.w.file, code: 'restored', message: 'was written, then put back as it was' });
    } catch (e) {
      out.push({ file: c.w.file, code: 'not-restored', message: `was written and could not be put back (${reason(e)}); it holds the new text` });
    }
  }
  return out;
}

/** One positional write from the start, then the cut to length, then sync. */
function putBytes(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, done);
  ftruncateSync(fd, bytes.length);
  fsyncSync(fd);
}

/** True when the file's bytes are exactly `bytes` (size first: the cheap signal). */
function holds(fd: number, bytes: Uint8Array): boolean {
  if (fstatSync(fd).size !== bytes.length) return false;
  const got = readAll(fd, bytes.length + 1);
  return got.length === bytes.length && got.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
}

function readAll(fd: number, max: number): Buffer {
  const buf = Buffer.alloc(max);
  let n = 0;
  while (n < max) {
    const r = readSync(fd, buf, n, max - n, n);
    if (r === 0) break;
    n += r;
  }
  return buf.subarray(0, n);
}

/**
 * A regular file's bytes, within `maxBytes`. Opened without blocking and checked after the
 * open: a FIFO put where a file was never hangs the read.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const fh = await fsp.open(file, fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EFTYPE' });
    if (st.size > maxBytes) throw Object.assign(new Error(`more than ${maxBytes} bytes`), { code: 'EFBIG' });
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

async function realpathOr(p: string): Promise<string> {
  try {
    return await fsp.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'it does not exist';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a folder';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    default: return err.message ?? String(e);
  }
}
