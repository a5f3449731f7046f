/**
 * A checksum-database client that checks what the go command checks
 * (mod@fe2ec04 sumdb/client.go: Lookup, mergeLatestMem, checkTrees, checkRecord, readTile):
 * the tree head note is signed by the configured key, each looked-up record is proven in the
 * signed tree through authenticated tiles (height 8, as go), and a tree head seen before
 * (go's `$GOPATH/pkg/sumdb/<name>/latest`) is a prefix of the new one. Every request is
 * bounded in bytes and time and honours the signal.
 */
import { escapePath, escapeVersion } from '../parse/module-path';
import { type HttpGet, type HttpResponse, joinURL, statusErrorText } from './http-get';
import { NoteError, VerifierList, newVerifier, openNote } from './note';
import { GO_TILE_HEIGHT, type Tile, type Tree, tileHashReader, tilePath } from './tile';
import { type Hash, TlogError, proveTree, recordHash, storedHashIndex, treeHash, checkTree } from './tlog';
import { parseRecord, parseTree } from './tree-note';

export type SumdbErrorCode =
  | 'http-status' | 'not-found' | 'network' | 'too-large'
  | 'note' | 'tree' | 'record' | 'inclusion' | 'fork' | 'bad-lines';

export class SumdbError extends Error {
  constructor(message: string, readonly code: SumdbErrorCode, readonly status?: number, readonly body?: string) {
    super(message);
  }
}

export interface SumdbClientOptions {
  /** Base URL (route.base). */
  base: string;
  /** Verifier key `name+hash+key`. */
  key: string;
  get: HttpGet;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Cap of lookup and latest bodies (Go's ParseTree refuses more than 1e6 bytes). */
  maxBodyBytes?: number;
}

export interface SignedTree {
  tree: Tree;
  /** The note as served. */
  note: Buffer;
}

export interface LookupResult {
  id: number;
  /** The go.sum lines of the record (`path version h1:...`, `path version/go.mod h1:...`). */
  lines: string[];
  signed: SignedTree;
  url: string;
  timeMs: number;
}

export interface RequestLog {
  url: string;
  status?: number;
  timeMs: number;
  bytes: number;
  error?: string;
}

export class SumdbClient {
  readonly name: string;
  private readonly verifiers: VerifierList;
  private readonly tileCache = new Map<string, Promise<Buffer>>();
  /** Every request made, for evidence. */
  readonly requests: RequestLog[] = [];

  constructor(private readonly o: SumdbClientOptions) {
    const v = newVerifier(o.key);
    this.name = v.name;
    this.verifiers = new VerifierList([v]);
  }

  private async fetch(path: string, maxBytes: number): Promise<HttpResponse> {
    const url = joinURL(this.o.base, path);
    const t0 = Date.now();
    let r: HttpResponse;
    try {
      r = await this.o.get(url, { signal: this.o.signal, timeoutMs: this.o.timeoutMs, maxBytes });
    } catch (e) {
      this.requests.push({ url, timeMs: Date.now() - t0, bytes: 0, error: (e as Error).message });
      if (this.o.signal?.aborted) throw e;
      throw new SumdbError((e as Error).message, 'network');
    }
    this.requests.push({ url, status: r.status, timeMs: r.timeMs, bytes: r.body.length });
    if (r.status !== 200) {
      const body = r.body.subarray(0, 2048).toString('utf8');
      throw new SumdbError(statusErrorText(url, r), r.status === 404 || r.status === 410 ? 'not-found' : 'http-status', r.status, body);
    }
    if (r.truncated) throw new SumdbError(`reading ${url}: body larger than ${maxBytes} bytes`, 'too-large');
    return r;
  }

  /** Opens and parses a signed tree note with the configured key. */
  openTree(msg: Buffer): SignedTree {
    let text: string;
    try {
      text = openNote(msg, this.verifiers).text;
    } catch (e) {
      const m = e instanceof NoteError ? e.message : String(e);
      throw new SumdbError(`reading tree note: ${m}\nnote:\n${msg.toString('utf8')}`, 'note');
    }
    try {
      return { tree: parseTree(text), note: msg };
    } catch (e) {
      throw new SumdbError(`reading tree: ${(e as Error).message}\ntree:\n${text}`, 'tree');
    }
  }

  /** GET /latest (the go command itself never asks it, but servers have it). */
  async latest(): Promise<SignedTree> {
    const r = await this.fetch('latest', this.o.maxBodyBytes ?? 1_000_000);
    return this.openTree(r.body);
  }

  /**
   * GET /lookup/<path>@<version>, then the checks of client.go Lookup: the record parses,
   * its tree note is signed, and its hash is in that tree (through authenticated tiles).
   */
  async lookup(modPath: string, version: string): Promise<LookupResult> {
    const v = version.endsWith('/go.mod') ? version.slice(0, -'/go.mod'.length) : version;
    let epath: string;
    let evers: string;
    try {
      epath = escapePath(modPath);
      evers = escapeVersion(v);
    } catch (e) {
      throw new SumdbError((e as Error).message, 'bad-lines');
    }
    const t0 = Date.now();
    const r = await this.fetch(`lookup/${epath}@${evers}`, this.o.maxBodyBytes ?? 1_000_000);
    let rec;
    try {
      rec = parseRecord(r.body);
    } catch (e) {
      throw new SumdbError((e as Error).message, 'record');
    }
    const signed = this.openTree(rec.rest);
    await this.checkRecord(rec.id, rec.text, signed.tree);
    // Both lines of the record (go's Lookup keeps only the one asked for).
    const lines = rec.text.toString('utf8').split('\n').filter((l) => l.startsWith(`${modPath} ${v} `) || l.startsWith(`${modPath} ${v}/go.mod `));
    return { id: rec.id, lines, signed, url: r.url, timeMs: Date.now() - t0 };
  }

  /** client.go checkRecord: the record's hash must be the tree's leaf `id`. */
  async checkRecord(id: number, data: Buffer, tree: Tree): Promise<void> {
    if (id >= tree.N) throw new SumdbError(`cannot validate record ${id} in tree of size ${tree.N}`, 'inclusion');
    let hashes: Hash[];
    try {
      hashes = await tileHashReader(tree, this.tileReader())([storedHashIndex(0, id)]);
    } catch (e) {
      if (e instanceof SumdbError) throw e;
      throw new SumdbError((e as Error).message, 'inclusion');
    }
    if (!hashes[0].equals(recordHash(data))) throw new SumdbError('cannot authenticate record data in server response', 'inclusion');
  }

  /**
   * client.go checkTrees: `older` must be a prefix of `newer`. A fork is go's
   * `SECURITY ERROR\ngo.sum database server misbehavior detected!`.
   */
  async checkConsistency(older: SignedTree, newer: SignedTree): Promise<void> {
    if (older.tree.N > newer.tree.N) return this.checkConsistency(newer, older);
    if (older.tree.N === 0) return;
    const thr = tileHashReader(newer.tree, this.tileReader());
    let h: Hash;
    try {
      h = await treeHash(older.tree.N, thr);
    } catch (e) {
      if (e instanceof SumdbError) throw e;
      const what = older.tree.N === newer.tree.N ? `checking tree#${older.tree.N}` : `checking tree#${older.tree.N} against tree#${newer.tree.N}`;
      throw new SumdbError(`${what}: ${(e as Error).message}`, (e as TlogError).code === 'inconsistent' ? 'fork' : 'inclusion');
    }
    if (h.equals(older.tree.hash)) return;
    const indent = (b: Buffer) => b.toString('utf8').replace(/\n/g, '\n\t');
    let proof = '';
    try {
      const p = await proveTree(newer.tree.N, older.tree.N, thr);
      checkTree(p, newer.tree.N, newer.tree.hash, older.tree.N, h);
      proof = p.map((x) => `\n\t${x.toString('base64')}`).join('');
    } catch {
      proof = '\tinternal error: generated inconsistent proof\n';
    }
    throw new SumdbError(
      `SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n\t${indent(older.note)}\nnew database:\n\t${indent(newer.note)}\nproof of misbehavior:\n\t${h.toString('base64')}${proof}`,
      'fork',
    );
  }

  private tileReader() {
    return {
      height: GO_TILE_HEIGHT,
      readTiles: (tiles: Tile[]) => Promise.all(tiles.map((t) => this.readTile(t))),
    };
  }

  /** client.go readTile: the partial tile, else the full one cut to width. */
  private readTile(tile: Tile): Promise<Buffer> {
    const k = tilePath(tile);
    let p = this.tileCache.get(k);
    if (!p) {
      p = (async () => {
        const full: Tile = { ...tile, W: 2 ** tile.H };
        const max = full.W * 32;
        try {
          return (await this.fetch(tilePath(tile), max)).body;
        } catch (e) {
          if (tile.W === full.W) throw e;
          try {
            const d = (await this.fetch(tilePath(full), max)).body;
            return d.subarray(0, (d.length / full.W) * tile.W);
          } catch {
            throw e;
          }
        }
      })();
      this.tileCache.set(k, p);
    }
    return p;
  }
}
