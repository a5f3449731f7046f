/**
 * The "h1:" hash of go.sum and the module cache, exactly as golang.org/x/mod/sumdb/dirhash
 * Hash1 (mod@fe2ec04 sumdb/dirhash/hash.go): SHA-256 over lines
 * `hex(sha256(content)) + "  " + name + "\n"` sorted by name (byte order), base64.
 * Files are hashed as streams; for a zip the names and contents come from its central
 * directory, one entry at a time.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { openRegularFile } from '../host/node-host';
import { DEFAULT_ZIP_LIMITS, ZipError, type ZipLimits, openZipEntry, readZipDirectory } from './zip-reader';
import { runHashTask } from './hash-pool';

export class DirhashError extends Error {
  constructor(message: string, readonly code: 'newline' | 'not-dir' | 'read' | 'symlink' | 'zip') {
    super(message);
  }
}

/** Byte-order comparison of UTF-8 names (Go's slices.Sort on strings). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Combines per-file SHA-256 digests (hex) into the h1: hash. */
export function summarize1(files: Array<{ name: string; sha256: string }>): string {
  const sorted = [...files].sort((a, b) => compareBytes(a.name, b.name));
  const h = createHash('sha256');
  for (const f of sorted) {
    if (f.name.includes('\n')) throw new DirhashError('dirhash: filenames with newlines are not supported', 'newline');
    h.update(`${f.sha256}  ${f.name}\n`);
  }
  return `h1:${h.digest('base64')}`;
}

/** Hash1 over in-memory files (small inputs: go.mod, tests). */
export function hash1(files: Record<string, string | Uint8Array>): string {
  return summarize1(Object.entries(files).map(([name, data]) => ({ name, sha256: createHash('sha256').update(data).digest('hex') })));
}

/** The h1: of a go.mod as go.sum's `/go.mod` line records it (go@1.19.8 modfetch/fetch.go:585-589). */
export function hashGoMod(content: Uint8Array): string {
  return hash1({ 'go.mod': content });
}

export async function sha256Stream(stream: Readable, signal?: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (signal?.aborted) {
      stream.destroy();
      throw signal.reason ?? new Error('aborted');
    }
    h.update(chunk);
  }
  return h.digest('hex');
}

export interface ZipHashResult {
  hash: string;
  names: string[];
  /** Entries that are symlinks by their Unix mode (go never writes these into module zips). */
  symlinks: string[];
}

/** dirhash.HashZip(zipfile, Hash1), streaming each entry. Throws ZipError/DirhashError like Go fails. */
export async function hashZip(file: string, o: { limits?: ZipLimits; signal?: AbortSignal } = {}): Promise<ZipHashResult> {
  const entries = await readZipDirectory(file, o.limits ?? DEFAULT_ZIP_LIMITS);
  // Go keeps the last entry of a duplicated name for every occurrence (a map by name).
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const name of byName.keys()) {
    if (name.includes('\n')) throw new DirhashError('dirhash: filenames with newlines are not supported', 'newline');
  }
  const unique = [...byName.values()];
  const digests = new Map<string, string>();
  // On the worker pool when there is one; entries too large for a worker are streamed here.
  const r = await runHashTask({ kind: 'zip', file, entries: unique.map((e) => ({ lho: e.localHeaderOffset, csize: e.compressedSize, usize: e.uncompressedSize, method: e.method, crc: e.crc32 })) });
  if (r && !r.ok) throw new ZipError(r.message, r.code === 'checksum' ? 'checksum' : r.code === 'unsupported' ? 'unsupported' : 'format');
  for (let i = 0; i < unique.length; i++) {
    const e = unique[i];
    const hex = r?.ok ? r.hex[i] : null;
    digests.set(e.name, hex ?? (await sha256Stream(await openZipEntry(file, e), o.signal)));
  }
  const names = entries.map((e) => e.name);
  return {
    hash: summarize1(names.map((name) => ({ name, sha256: digests.get(name)! }))),
    names,
    symlinks: entries.filter((e) => e.unixMode !== null && (e.unixMode & 0o170000) === 0o120000).map((e) => e.name),
  };
}

async function streamFile(full: string, signal?: AbortSignal): Promise<string> {
  try {
    const fh = await openRegularFile(full);
    return await sha256Stream(createReadStream(full, { fd: fh, autoClose: true, highWaterMark: 256 * 1024 }), signal);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // A FIFO in the tree: go's os.Open would wait for a writer forever; the doctor says so.
    if (err.code) throw new DirhashError(`${err.code === 'EISDIR' ? 'read' : 'open'} ${full}: ${err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'ENOTREG' ? 'not a regular file (go would wait on it forever)' : err.message}`, 'read');
    throw e;
  }
}

export interface DirHashResult {
  hash: string;
  files: string[];
  /** Symlinks found (go follows them when hashing; its extractor never creates any). */
  symlinks: string[];
}

/**
 * dirhash.HashDir(dir, prefix, Hash1): every non-directory under dir (lstat, like
 * filepath.Walk), named prefix + "/" + relative path with forward slashes.
 */
export async function hashDir(dir: string, prefix: string, o: { signal?: AbortSignal; maxFiles?: number } = {}): Promise<DirHashResult> {
  const st = await fsp.stat(dir).catch((e: NodeJS.ErrnoException) => {
    throw new DirhashError(`lstat ${dir}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`, 'read');
  });
  if (!st.isDirectory()) throw new DirhashError(`${dir} is not a directory`, 'not-dir');
  const files: Array<{ name: string; full: string }> = [];
  const symlinks: string[] = [];
  const maxFiles = o.maxFiles ?? 200_000;
  const walk = async (d: string, rel: string): Promise<void> => {
    const ents = await fsp.readdir(d, { withFileTypes: true });
    for (const ent of ents) {
      const n = ent.name;
      // d is already clean (from path.join) and n a single name: plain concatenation, as
      // filepath.Walk does, without path.join's normalization on every file.
      const full = d + path.sep + n;
      const r = rel ? `${rel}/${n}` : n;
      if (ent.isDirectory()) await walk(full, r);
      else {
        if (ent.isSymbolicLink()) symlinks.push(`${prefix}/${r}`);
        files.push({ name: `${prefix}/${r}`, full });
        if (files.length > maxFiles) throw new DirhashError(`more than ${maxFiles} files under ${dir}`, 'read');
      }
    }
  };
  await walk(dir, '');
  for (const f of files) {
    if (f.name.includes('\n')) throw new DirhashError('dirhash: filenames with newlines are not supported', 'newline');
  }
  const digests: Array<{ name: string; sha256: string }> = new Array(files.length);
  const BATCH = 256;
  const batches: Array<Promise<void>> = [];
  for (let b = 0; b < files.length; b += BATCH) {
    const part = files.slice(b, b + BATCH);
    batches.push((async () => {
      const r = await runHashTask({ kind: 'files', files: part.map((f) => f.full) });
      if (r && !r.ok) throw new DirhashError(r.message, 'read');
      for (let i = 0; i < part.length; i++) {
        const hex = r?.ok ? r.hex[i] : null;
        digests[b + i] = { name: part[i].name, sha256: hex ?? (await streamFile(part[i].full, o.signal)) };
      }
    })());
  }
  await Promise.all(batches);
  return { hash: summarize1(digests), files: files.map((f) => f.name), symlinks };
}
