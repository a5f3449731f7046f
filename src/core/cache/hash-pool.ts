/**
 * SHA-256 of files and of zip entries on every core: a small pool of worker threads that
 * read and hash with synchronous I/O (no event loop of ours is blocked). The worker is plain
 * JavaScript kept in a string so that it runs the same from the test build and from the
 * bundles. Entries larger than BIG are left to the caller's streaming path, so a worker never
 * holds more than BIG bytes of one entry.
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';

export const BIG = 16 << 20;

export interface ZipTaskEntry {
  lho: number;
  csize: number;
  usize: number;
  method: number;
  crc: number;
}

export type HashTask =
  | { kind: 'files'; files: string[] }
  | { kind: 'zip'; file: string; entries: ZipTaskEntry[] };

/** hex digests in task order (null: too large for a worker, stream it), or the first failure. */
export type HashResult =
  | { ok: true; hex: Array<string | null> }
  | { ok: false; index?: number; code: string; message: string };

const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const BIG = ${BIG};
const CHUNK = 1 << 20;
const chunk = Buffer.allocUnsafe(CHUNK);
const lfh = Buffer.alloc(30);
// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer forever.
function openRegular(p) {
  const fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0));
  if (!fs.fstatSync(fd).isFile()) {
    const isDir = fs.fstatSync(fd).isDirectory();
    fs.closeSync(fd);
    throw Object.assign(new Error(isDir ? 'read ' + p + ': is a directory' : 'open ' + p + ': not a regular file (go would wait on it forever)'), { code: isDir ? 'EISDIR' : 'ENOTREG' });
  }
  return fd;
}
parentPort.on('message', (msg) => {
  const task = msg.task;
  const hex = [];
  let result = null;
  if (task.kind === 'files') {
    for (let i = 0; i < task.files.length && !result; i++) {
      const p = task.files[i];
      let fd;
      try {
        fd = openRegular(p);
        const h = crypto.createHash('sha256');
        for (;;) {
          const n = fs.readSync(fd, chunk, 0, CHUNK, null);
          if (n === 0) break;
          h.update(n === CHUNK ? chunk : chunk.subarray(0, n));
        }
        hex.push(h.digest('hex'));
      } catch (e) {
        const what = e.code === 'EACCES' ? 'open ' + p + ': permission denied' : e.code === 'EISDIR' ? 'read ' + p + ': is a directory' : e.code === 'ENOENT' ? 'open ' + p + ': no such file or directory' : String(e.message);
        result = { ok: false, index: i, code: e.code || 'read', message: what };
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    }
  } else {
    let fd;
    try {
      fd = openRegular(task.file);
      for (let i = 0; i < task.entries.length && !result; i++) {
        const e = task.entries[i];
        if (fs.readSync(fd, lfh, 0, 30, e.lho) !== 30 || lfh.readUInt32LE(0) !== 0x04034b50) { result = { ok: false, index: i, code: 'format', message: 'zip: not a valid zip file' }; break; }
        if (e.method !== 0 && e.method !== 8) { result = { ok: false, index: i, code: 'unsupported', message: 'zip: unsupported compression algorithm' }; break; }
        if (e.csize > BIG || e.usize > BIG) { hex.push(null); continue; }
        const start = e.lho + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
        const comp = Buffer.allocUnsafe(e.csize);
        let got = 0;
        while (got < e.csize) {
          const n = fs.readSync(fd, comp, got, e.csize - got, start + got);
          if (n === 0) break;
          got += n;
        }
        if (got < e.csize) { result = { ok: false, index: i, code: 'format', message: 'unexpected EOF' }; break; }
        let data;
        if (e.method === 8) {
          try { data = e.csize === 0 ? Buffer.alloc(0) : zlib.inflateRawSync(comp, { maxOutputLength: e.usize + 1 }); }
          catch (x) { result = { ok: false, index: i, code: 'format', message: 'zip: not a valid zip file' }; break; }
        } else data = comp;
        if (data.length > e.usize) { result = { ok: false, index: i, code: 'format', message: 'zip: not a valid zip file' }; break; }
        if (data.length < e.usize) { result = { ok: false, index: i, code: 'format', message: 'unexpected EOF' }; break; }
        if ((zlib.crc32(data) >>> 0) !== e.crc && e.crc !== 0) { result = { ok: false, index: i, code: 'checksum', message: 'zip: checksum error' }; break; }
        hex.push(crypto.createHash('sha256').update(data).digest('hex'));
      }
    } catch (e) {
      result = { ok: false, code: e.code || 'read', message: String(e.message) };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
  parentPort.postMessage({ id: msg.id, result: result || { ok: true, hex } });
});
`;

interface Slot {
  worker: Worker;
  busy: number;
}

class HashPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { slot: Slot; resolve(r: HashResult): void; reject(e: Error): void }>();
  private nextId = 1;
  broken = false;

  constructor(private readonly size: number) {}

  private slot(): Slot {
    if (this.slots.length < this.size && this.slots.every((s) => s.busy > 0)) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      const slot: Slot = { worker, busy: 0 };
      worker.on('message', (m: { id: number; result: HashResult }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (--slot.busy === 0) worker.unref();
        p.resolve(m.result);
      });
      const fail = (e: Error) => {
        this.broken = true;
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots.splice(i, 1);
        for (const [id, p] of this.pending) {
          if (p.slot === slot) {
            this.pending.delete(id);
            p.reject(e);
          }
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`hash worker exited (${code})`)));
      worker.unref();
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  run(task: HashTask): Promise<HashResult> {
    const slot = this.slot();
    const id = this.nextId++;
    return new Promise<HashResult>((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      if (slot.busy++ === 0) slot.worker.ref();
      slot.worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}

let shared: HashPool | null = null;
/** Workers could not start in this process (a host that forbids them): stream instead. */
let unavailable = false;

/** The process's hash pool (one worker per core), or null when workers cannot start here. */
export function hashPool(): HashPool | null {
  if (unavailable) return null;
  if (shared && !shared.broken) return shared;
  try {
    shared = new HashPool(Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
    return shared;
  } catch {
    return null;
  }
}

/** Runs a task on the pool; null when the pool is unavailable (the caller streams instead). */
export async function runHashTask(task: HashTask): Promise<HashResult | null> {
  const p = hashPool();
  if (!p) return null;
  let pending: Promise<HashResult>;
  try {
    pending = p.run(task);
  } catch {
    unavailable = true;
    return null;
  }
  try {
    return await pending;
  } catch {
    return null;
  }
}

export async function closeHashPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
