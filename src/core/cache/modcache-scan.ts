/**
 * The module cache as go lays it out (go@1.19.8 src/cmd/go/internal/modfetch/cache.go,
 * fetch.go; GO-FACTS §6.3) and what `go mod verify` checks in it (modcmd/verify.go):
 *
 *   $GOMODCACHE/cache/download/<escaped path>/@v/<escaped v>.{info,mod,zip,ziphash,lock,partial}
 *   $GOMODCACHE/<escaped path>@<escaped v>/          extracted tree
 *
 * Leftovers of interrupted downloads: `<v>.partial` (extraction never finished: go treats the
 * tree as absent and re-extracts), `<file><digits>.tmp` files (tempFile, cache.go:661) and
 * `<dir>.tmp-<digits>` trees (fetch.go:105). `<v>.lock` files are go's flock files: go keeps
 * them on purpose and the kernel drops a lock when its process dies, so they never go stale.
 *
 * Memory stays bounded: directories are listed one at a time, hashing is streamed, and
 * versions are verified by a fixed number of concurrent workers.
 */
import { constants as fsc, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { escapePath, escapeVersion, unescapePath, unescapeVersion } from '../parse/module-path';
import { DirhashError, hashDir, hashGoMod, hashZip } from './dirhash';
import { ZipError } from './zip-reader';
import { readRegularFile } from '../host/node-host';

export interface CacheLocation {
  dir: string;
  exists: boolean;
  isDirectory: boolean;
  writable: boolean;
  /** Free bytes for an unprivileged user, when the platform tells. */
  freeBytes?: number;
  totalBytes?: number;
  error?: string;
}

export async function inspectLocation(dir: string): Promise<CacheLocation> {
  const out: CacheLocation = { dir, exists: false, isDirectory: false, writable: false };
  try {
    const st = await fsp.stat(dir);
    out.exists = true;
    out.isDirectory = st.isDirectory();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ENOENT') out.error = err.message;
  }
  // Where go would create it: the nearest existing ancestor decides writability and space.
  let probe = dir;
  while (!out.exists && path.dirname(probe) !== probe) {
    probe = path.dirname(probe);
    if (await fsp.stat(probe).then(() => true, () => false)) break;
  }
  out.writable = await fsp.access(probe, fsc.W_OK).then(() => true, () => false);
  try {
    const s = await fsp.statfs(probe);
    out.freeBytes = s.bavail * s.bsize;
    out.totalBytes = s.blocks * s.bsize;
  } catch {
    // statfs is not available everywhere.
  }
  return out;
}

export interface Leftover {
  kind: 'partial' | 'tmp-file' | 'tmp-dir' | 'lock-only';
  path: string;
  /** module@version when known. */
  module?: string;
  /** For `partial`: the incomplete extracted tree. */
  tree?: string;
  mtimeMs: number;
  bytes?: number;
}

export interface CachedVersion {
  path: string;
  version: string;
  /** …/cache/download/<escaped>/@v/<escaped v> (append .zip, .ziphash, .mod, …). */
  base: string;
  dir: string;
  has: { zip: boolean; ziphash: boolean; mod: boolean; info: boolean; partial: boolean; dir: boolean; lock: boolean };
}

/** The download-cache folder of a module version. */
export function versionPaths(modcache: string, modPath: string, version: string): { base: string; dir: string } {
  const ep = escapePath(modPath);
  const ev = escapeVersion(version);
  return {
    base: path.join(modcache, 'cache', 'download', ...ep.split('/'), '@v', ev),
    dir: path.join(modcache, ...`${ep}@${ev}`.split('/')),
  };
}

/**
 * Existence answered from directory listings, each folder listed once: looking up thousands
 * of versions costs one listing per folder on their paths, not an lstat per file (a go.mod
 * of 24,000 requirements in a cache without them is answered by a handful of listings).
 * Only for folders under `root`; lstat semantics (a symlink is an entry, never followed).
 */
export class CacheLookup {
  private readonly lists = new Map<string, Promise<ReadonlySet<string> | null>>();
  constructor(private readonly root: string) {}

  /** The names in `dir`, or null when it does not exist (or cannot be listed). */
  names(dir: string): Promise<ReadonlySet<string> | null> {
    let l = this.lists.get(dir);
    if (!l) {
      l = (async () => {
        const parent = path.dirname(dir);
        if (dir !== this.root && parent !== dir && !(await this.exists(dir))) return null;
        return new Set(await fsp.readdir(dir).catch(() => [] as string[]));
      })();
      this.lists.set(dir, l);
    }
    return l;
  }

  async exists(p: string): Promise<boolean> {
    if (p === this.root) return fsp.lstat(p).then(() => true, () => false);
    const parent = path.dirname(p);
    if (parent === p || !(p.startsWith(this.root + path.sep))) return fsp.lstat(p).then(() => true, () => false);
    return (await this.names(parent))?.has(path.basename(p)) ?? false;
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(() => true, () => false);
}

/**
 * `names`: the entries of the version's `@v` folder when the caller has just listed it (a
 * whole-cache walk): the download-cache files are then looked up there instead of one lstat
 * each; only the extracted tree is looked at.
 */
export async function cachedVersion(modcache: string, modPath: string, version: string, names?: ReadonlySet<string>, lookup?: CacheLookup): Promise<CachedVersion | null> {
  let p;
  try {
    p = versionPaths(modcache, modPath, version);
  } catch {
    return null;
  }
  const ev = path.basename(p.base);
  if (!names && lookup) names = (await lookup.names(path.dirname(p.base))) ?? new Set();
  const has = (s: string): Promise<boolean> => (names && s ? Promise.resolve(names.has(ev + s)) : lookup ? lookup.exists(s ? p.base + s : p.dir) : exists(s ? p.base + s : p.dir));
  const [zip, ziphash, mod, info, partial, dir, lock] = await Promise.all(['.zip', '.ziphash', '.mod', '.info', '.partial', '', '.lock'].map(has));
  return { path: modPath, version, base: p.base, dir: p.dir, has: { zip, ziphash, mod, info, partial, dir, lock } };
}

/**
 * Walks cache/download and yields every `@v` folder with its module path, one at a time
 * (the sumdb cache under cache/download/sumdb is not a module).
 */
export async function* walkDownloadCache(modcache: string, signal?: AbortSignal): AsyncGenerator<{ modPath: string; atV: string; names: string[] }> {
  const root = path.join(modcache, 'cache', 'download');
  const stack: string[] = [root];
  while (stack.length) {
    if (signal?.aborted) return;
    const d = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const full = path.join(d, e.name);
      if (d === root && e.name === 'sumdb') continue;
      if (e.name === '@v') {
        const rel = path.relative(root, d).split(path.sep).join('/');
        let modPath: string;
        try {
          modPath = unescapePath(rel);
        } catch {
          modPath = rel;
        }
        let names: string[] = [];
        try {
          names = await fsp.readdir(full);
        } catch {
          // unreadable: reported by the caller through missing files
        }
        yield { modPath, atV: full, names };
      } else stack.push(full);
    }
  }
}

const TMP_FILE = /^(.+?)\d+\.tmp$/;
const TMP_DIR = /\.tmp-\d+$/;

/** Leftovers of interrupted downloads in the whole cache. */
export async function findLeftovers(modcache: string, o: { signal?: AbortSignal; limit?: number } = {}): Promise<{ leftovers: Leftover[]; truncated: boolean; versions: number }> {
  const limit = o.limit ?? 1000;
  const leftovers: Leftover[] = [];
  let versions = 0;
  const add = async (l: Omit<Leftover, 'mtimeMs'>) => {
    if (leftovers.length >= limit) return;
    const st = await fsp.lstat(l.path).catch(() => null);
    leftovers.push({ ...l, mtimeMs: st?.mtimeMs ?? 0, ...(st?.isFile() ? { bytes: st.size } : {}) });
  };
  for await (const { modPath, atV, names } of walkDownloadCache(modcache, o.signal)) {
    const set = new Set(names);
    for (const n of names) {
      if (n.endsWith('.zip')) versions++;
      if (n.endsWith('.partial')) {
        const ev = n.slice(0, -'.partial'.length);
        const escRel = path.relative(path.join(modcache, 'cache', 'download'), path.dirname(atV));
        await add({ kind: 'partial', path: path.join(atV, n), module: `${modPath}@${safeUnescapeVersion(ev)}`, tree: path.join(modcache, `${escRel}@${ev}`) });
      } else if (TMP_FILE.test(n)) {
        await add({ kind: 'tmp-file', path: path.join(atV, n), module: `${modPath}@${safeUnescapeVersion(TMP_FILE.exec(n)![1].replace(/\.(zip|mod|info|ziphash)$/, ''))}` });
      } else if (n.endsWith('.lock')) {
        const ev = n.slice(0, -'.lock'.length);
        if (!set.has(`${ev}.zip`) && !set.has(`${ev}.mod`) && !set.has(`${ev}.info`)) {
          await add({ kind: 'lock-only', path: path.join(atV, n), module: `${modPath}@${safeUnescapeVersion(ev)}` });
        }
      }
    }
  }
  // Extraction temp trees sit next to the extracted trees: look for them at every level
  // above the `@` folders (bounded by the limit, never descending into extracted trees).
  const stack = [modcache];
  while (stack.length && leftovers.length < limit) {
    if (o.signal?.aborted) break;
    const d = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (d === modcache && e.name === 'cache') continue;
      const full = path.join(d, e.name);
      if (TMP_DIR.test(e.name)) await add({ kind: 'tmp-dir', path: full });
      else if (!e.name.includes('@')) stack.push(full);
    }
  }
  return { leftovers, truncated: leftovers.length >= limit, versions };
}

function safeUnescapeVersion(ev: string): string {
  try {
    return unescapeVersion(ev);
  } catch {
    return ev;
  }
}

export interface VersionVerdict {
  path: string;
  version: string;
  /** Contents of .ziphash (trimmed), as go mod verify reads it. */
  ziphash?: string;
  zipHash?: string;
  dirHash?: string;
  modHash?: string;
  /** What `go mod verify` prints for this version, when it complains. */
  goVerify: string[];
  /** Problems beyond what go mod verify checks (symlinks, unsafe names, .partial). */
  problems: string[];
  /** The tree is incomplete (.partial): go treats it as absent. */
  partial: boolean;
  zipPath: string;
  dir: string;
}

function errText(e: unknown): string {
  if (e instanceof ZipError || e instanceof DirhashError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return `open ${err.path ?? ''}: no such file or directory`;
  if (err.code === 'EACCES') return `open ${err.path ?? ''}: permission denied`;
  return err.message ?? String(e);
}

/** The checks of go mod verify (verifyMod) for one version, plus the hostile-cache checks. */
export async function verifyVersion(modcache: string, modPath: string, version: string, signal?: AbortSignal, names?: ReadonlySet<string>, lookup?: CacheLookup): Promise<VersionVerdict | null> {
  const cv = await cachedVersion(modcache, modPath, version, names, lookup);
  if (!cv) return null;
  const zipPath = `${cv.base}.zip`;
  const v: VersionVerdict = { path: modPath, version, goVerify: [], problems: [], partial: cv.has.partial, zipPath, dir: cv.dir };
  const label = `${modPath} ${version}`;
  if (cv.has.mod) {
    try {
      v.modHash = hashGoMod(await readBounded(`${cv.base}.mod`, 16 << 20));
    } catch (e) {
      v.problems.push(`cannot read ${cv.base}.mod: ${errText(e)}`);
    }
  }
  const dirPresent = cv.has.dir && !cv.has.partial;
  if (cv.has.partial) v.problems.push(`${cv.base}.partial exists: the extraction into ${cv.dir} never finished; go treats the tree as absent and extracts again`);
  let h: string;
  try {
    // A real .ziphash is one line ("h1:" and 44 base64 characters); go reads the whole file
    // (os.ReadFile in modcmd/verify.go), so anything larger cannot be a hash and is not read.
    if ((names || lookup) && !cv.has.ziphash) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    h = (await readRegularFile(`${cv.base}.ziphash`, MAX_ZIPHASH_BYTES)).toString('utf8').trim();
    v.ziphash = h;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EFBIG' || code === 'ENOTREG') {
      // go compares what it read with the hash: for garbage that is "has been modified";
      // for a FIFO go waits for a writer forever.
      h = code === 'EFBIG' ? `(more than ${MAX_ZIPHASH_BYTES} bytes, not a hash)` : '(not a regular file)';
      v.ziphash = h;
      v.problems.push(code === 'EFBIG'
        ? `${cv.base}.ziphash is larger than ${MAX_ZIPHASH_BYTES} bytes: a .ziphash is one line, so this is not one (it was not read)`
        : `${cv.base}.ziphash is not a regular file (a FIFO or a device): go mod verify would wait on it forever`);
    } else {
      if (!cv.has.zip && !cv.has.dir) return cv.has.mod || cv.has.partial ? v : null;
      v.goVerify.push(`${label}: missing ziphash: ${errText(Object.assign(e as object, { path: `${cv.base}.ziphash` }))}`);
      if (cv.has.zip) {
        try {
          v.zipHash = (await hashZip(zipPath, { signal })).hash;
        } catch (e2) {
          v.problems.push(`${zipPath}: ${errText(e2)}`);
        }
      }
      return v;
    }
  }
  if (cv.has.zip) {
    try {
      const z = await hashZip(zipPath, { signal });
      v.zipHash = z.hash;
      const prefix = `${modPath}@${version}/`;
      const unsafe = z.names.filter((n) => !n.startsWith(prefix) || n.split('/').some((p) => p === '..' || p === '.'));
      if (unsafe.length) v.problems.push(`the zip has entries outside ${prefix} or with ../ (${unsafe.slice(0, 3).join(', ')})`);
      if (z.symlinks.length) v.problems.push(`the zip has symlink entries (${z.symlinks.slice(0, 3).join(', ')})`);
      if (z.hash !== h) v.goVerify.push(`${label}: zip has been modified (${zipPath})`);
    } catch (e) {
      v.goVerify.push(`${label}: ${errText(e)}`);
      return v;
    }
  }
  if (dirPresent) {
    try {
      const d = await hashDir(cv.dir, `${modPath}@${version}`, { signal });
      v.dirHash = d.hash;
      if (d.symlinks.length) v.problems.push(`the extracted tree has symlinks, which go never creates (${d.symlinks.slice(0, 3).join(', ')})`);
      if (d.hash !== h) v.goVerify.push(`${label}: dir has been modified (${cv.dir})`);
    } catch (e) {
      v.goVerify.push(`${label}: ${errText(e)}`);
    }
  }
  return v;
}

/** A small file read at once (go.mod files are a few hundred bytes), bounded by `max`. */
async function readBounded(file: string, max: number): Promise<Buffer> {
  try {
    return await readRegularFile(file, max);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EFBIG') throw new Error(`${file} is larger than ${max} bytes`);
    throw e;
  }
}

/** More than any .ziphash go writes (one line of about 50 bytes). */
export const MAX_ZIPHASH_BYTES = 4096;

/** Every cached version (download cache), one at a time. */
export async function* cachedVersions(modcache: string, signal?: AbortSignal): AsyncGenerator<{ path: string; version: string; names: ReadonlySet<string> }> {
  for await (const { modPath, names } of walkDownloadCache(modcache, signal)) {
    const seen = new Set<string>();
    const all = new Set(names);
    for (const n of names) {
      const m = /^(.+)\.(zip|ziphash|partial)$/.exec(n);
      if (!m || seen.has(m[1])) continue;
      seen.add(m[1]);
      yield { path: modPath, version: safeUnescapeVersion(m[1]), names: all };
    }
  }
}

/** Runs `f` over `items` with at most `width` at once (default: one per core). */
export async function mapLimit<T, R>(items: AsyncIterable<T> | Iterable<T>, f: (t: T) => Promise<R>, width = defaultWidth(), signal?: AbortSignal): Promise<R[]> {
  const out: R[] = [];
  const it = (Symbol.asyncIterator in Object(items) ? (items as AsyncIterable<T>)[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  let index = 0;
  const worker = async () => {
    for (;;) {
      if (signal?.aborted) return;
      const n = await it.next();
      if (n.done) return;
      const i = index++;
      out[i] = await f(n.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  return out;
}

/** Versions in flight: twice the cores, so the hash workers (one per core) never wait on I/O. */
export function defaultWidth(): number {
  return Math.max(4, 2 * (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}
