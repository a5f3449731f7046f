/**
 * A real checksum database on 127.0.0.1 (port 0), built with the same tlog and note code
 * as the doctor: records appended to a tamper-evident log, the tree head signed with a test
 * Ed25519 key in Go's note format, `/latest`, `/lookup/<path>@<version>` and `/tile/...`
 * served as golang.org/x/mod/sumdb/server.go serves them — at the root and under
 * `/sumdb/<name>/` (with `/supported`), so it can stand in for a proxy that proxies it.
 *
 * It lies on demand:
 *   - `recordWrong(path, version, h1)`: an honest log of a wrong hash (go: checksum mismatch);
 *   - `lie.badSignature`: tree notes carry a corrupted signature;
 *   - `lie.tamperLookup`: lookups answer text that is not the logged record;
 *   - `fork(path, version, lines)`: serve a rewritten history (go: server misbehavior);
 *   - `lie.status`: per path-regexp status codes (404/410 for private paths, 503, ...);
 *   - `lie.supported`: status of `/sumdb/<name>/supported` (default 200).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateKey, newSigner, signNote, type Signer } from '../../src/core/sumdb/note';
import { type Hash, storedHashes, treeHash } from '../../src/core/sumdb/tlog';
import { parseTilePath, readTileData } from '../../src/core/sumdb/tile';
import { formatRecord, formatTree } from '../../src/core/sumdb/tree-note';
import { unescapePath, unescapeVersion } from '../../src/core/parse/module-path';

export interface SumdbLies {
  badSignature?: boolean;
  tamperLookup?: boolean;
  /** [regexp over the request path (after any /sumdb/<name> prefix), status]. */
  status?: Array<[RegExp, number]>;
  supported?: number;
}

interface Log {
  records: Buffer[];
  hashes: Hash[];
  index: Map<string, number>;
}

export interface SumdbRequest {
  path: string;
  status: number;
}

export class LabSumdb {
  readonly name: string;
  readonly skey: string;
  readonly vkey: string;
  readonly lie: SumdbLies = {};
  readonly log: SumdbRequest[] = [];
  private readonly signer: Signer;
  private honest: Log = { records: [], hashes: [], index: new Map() };
  private forked: Log | null = null;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(name = 'sumdb.lab.test', keys?: { skey: string; vkey: string }) {
    this.name = name;
    const k = keys ?? generateKey(name);
    this.skey = k.skey;
    this.vkey = k.vkey;
    this.signer = newSigner(this.skey);
  }

  /** GOSUMDB value that makes go use this database at its own URL. */
  get gosumdb(): string {
    return `${this.vkey} ${this.url}`;
  }

  /** Appends the record of path@version (both go.sum lines) to the history being served. */
  async add(path: string, version: string, zipHash: string, modHash: string): Promise<number> {
    return appendRecord(this.current(), path, version, `${path} ${version} ${zipHash}\n${path} ${version}/go.mod ${modHash}\n`);
  }

  /** Appends a record whose hash is wrong: the log is honest about a wrong hash. */
  async recordWrong(path: string, version: string, zipHash: string, modHash: string): Promise<number> {
    return this.add(path, version, zipHash, modHash);
  }

  /** From now on serve a rewritten history where path@version has other lines. */
  async fork(path: string, version: string, lines: string): Promise<void> {
    const f: Log = { records: [], hashes: [], index: new Map() };
    for (const [key, id] of [...this.honest.index.entries()].sort((a, b) => a[1] - b[1])) {
      const [p, v] = key.split('@');
      await appendRecord(f, p, v, key === `${path}@${version}` ? lines : this.honest.records[id].toString());
    }
    this.forked = f;
  }

  private current(): Log {
    return this.forked ?? this.honest;
  }

  async signedTree(): Promise<Buffer> {
    const l = this.current();
    const n = l.records.length;
    const h = await treeHash(n, (idx) => idx.map((x) => l.hashes[x]));
    const note = signNote(formatTree({ N: n, hash: h }), [this.signer]);
    if (!this.lie.badSignature) return note;
    // Flip one byte of the signature (past the 4-byte key hash): the key still matches.
    const s = note.toString();
    const i = s.lastIndexOf(' ') + 1;
    const sig = Buffer.from(s.slice(i).trim(), 'base64');
    sig[10] ^= 0x55;
    return Buffer.from(`${s.slice(0, i)}${sig.toString('base64')}\n`);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${(e as Error).message}\n`);
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=UTF-8') => {
      this.log.push({ path: req.url ?? '', status });
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    const proxied = `/sumdb/${this.name}/`;
    if (path.startsWith(proxied)) {
      path = path.slice(proxied.length - 1);
      if (path === '/supported') return send(this.lie.supported ?? 200, '');
    }
    for (const [re, status] of this.lie.status ?? []) {
      if (re.test(path)) return send(status, `${status === 410 ? 'gone' : 'not found'}: lab says ${status}\n`);
    }
    const l = this.current();
    if (path === '/latest') return send(200, await this.signedTree());
    if (path.startsWith('/lookup/')) {
      const spec = path.slice('/lookup/'.length);
      const at = spec.lastIndexOf('@');
      let key: string;
      try {
        key = `${unescapePath(decodeURIComponent(spec.slice(0, at)))}@${unescapeVersion(decodeURIComponent(spec.slice(at + 1)))}`;
      } catch (e) {
        return send(400, `${(e as Error).message}\n`);
      }
      const id = l.index.get(key);
      if (id === undefined) return send(404, `not found: ${key}: unknown module\n`);
      let text = l.records[id];
      if (this.lie.tamperLookup) text = Buffer.from(text.toString().replace(/h1:[A-Za-z0-9+/]/, 'h1:X'));
      return send(200, Buffer.concat([formatRecord(id, text), await this.signedTree()]));
    }
    if (path.startsWith('/tile/')) {
      const t = parseTilePath(path.slice(1));
      if (!t || t.L < 0) return send(404, 'not found\n');
      const n = l.records.length;
      // The tile must lie inside the tree: W hashes at level L*H from N*2^H.
      const levelSize = Math.floor(n / 2 ** (t.H * t.L));
      if (t.N * 2 ** t.H + t.W > levelSize) return send(404, 'not found\n');
      const data = await readTileData(t, (idx) => idx.map((x) => l.hashes[x]));
      return send(200, data, 'application/octet-stream');
    }
    return send(404, 'not found\n');
  }
}

async function appendRecord(l: Log, path: string, version: string, text: string): Promise<number> {
  const id = l.records.length;
  const data = Buffer.from(text);
  const hashes = await storedHashes(id, data, (idx) => idx.map((x) => l.hashes[x]));
  l.records.push(data);
  l.hashes.push(...hashes);
  l.index.set(`${path}@${version}`, id);
  return id;
}

export async function startLabSumdb(name?: string): Promise<LabSumdb> {
  const db = new LabSumdb(name);
  await db.start();
  return db;
}
