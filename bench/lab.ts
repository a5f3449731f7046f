/**
 * The benchmark's loopback lab, built on the project's lab servers: generated modules served
 * by the lab GOPROXY, a lab checksum database that logs them, and "delay fronts" — HTTP(S)
 * servers that hold every response for a fixed time and then pass the request on, `/sumdb/`
 * paths to the checksum database (a proxy that proxies the database, as go's
 * `<proxy>/sumdb/<name>/supported` protocol expects) and everything else to the GOPROXY.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { startGoproxyServer, type GoproxyServer } from '../test/lab/goproxy-server';
import { buildModule, type BuiltModule, type FixtureModule } from '../test/lab/module-fixtures';
import { LabSumdb } from '../test/lab/sumdb-server';
import { hash1, hashGoMod } from '../src/core/cache/dirhash';

/** A small deterministic generator (mulberry32), so every run serves the same modules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` sizes spread log-uniformly between `minBytes` and 300× that, then scaled so they
 * add up to `totalBytes` (a few big modules, many small ones, like a real cache).
 */
export function moduleSizes(count: number, totalBytes: number, minBytes: number, seed = 7): number[] {
  const rnd = seededRandom(seed);
  const raw = Array.from({ length: count }, () => Math.exp(Math.log(minBytes) + rnd() * Math.log(300)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => Math.max(256, Math.round((x * totalBytes) / sum)));
}

/** Incompressible bytes from the seeded generator (zips as large as the tree). */
function noise(rnd: () => number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i += 4) {
    const v = (rnd() * 4294967296) >>> 0;
    b[i] = v & 0xff;
    if (i + 1 < n) b[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < n) b[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < n) b[i + 3] = v >>> 24;
  }
  return b;
}

export interface GeneratedModule extends BuiltModule {
  /** go.sum lines (zip and go.mod hashes). */
  zipHash: string;
  modHash: string;
  /** Bytes of the files (uncompressed). */
  bytes: number;
}

/**
 * Modules `<prefix>/mNNN v1.0.0`: a go.mod, a Go file, and `sizes[i]` bytes of data split
 * over 1–12 files under testdata/.
 */
export function generateModules(prefix: string, sizes: number[], seed = 11): GeneratedModule[] {
  const rnd = seededRandom(seed);
  return sizes.map((size, i) => {
    const path = `${prefix}/m${String(i).padStart(3, '0')}`;
    const version = 'v1.0.0';
    const mod = `module ${path}\n\ngo 1.18\n`;
    const files: Record<string, string | Buffer> = {
      'go.mod': mod,
      [`m${i}.go`]: `package m${i}\n\n// Size is the number of data bytes in this module.\nconst Size = ${size}\n`,
    };
    const parts = 1 + Math.floor(rnd() * 12);
    let left = size;
    for (let p = 0; p < parts && left > 0; p++) {
      const n = p === parts - 1 ? left : Math.min(left, Math.max(1, Math.floor(size / parts)));
      files[`testdata/blob${p}.bin`] = noise(rnd, n);
      left -= n;
    }
    const fm = { path, version, time: '2024-01-02T03:04:05Z', mod, files } as unknown as FixtureModule;
    const built = buildModule(fm);
    const prefixed: Record<string, string | Buffer> = {};
    for (const [name, data] of Object.entries(files)) prefixed[`${path}@${version}/${name}`] = data;
    return { ...built, zipHash: hash1(prefixed), modHash: hashGoMod(Buffer.from(mod)), bytes: size };
  });
}

/** go.mod requiring every module, and the go.sum that matches them. */
export function workspaceFiles(name: string, mods: GeneratedModule[]): { goMod: string; goSum: string } {
  const goMod = `module ${name}\n\ngo 1.19\n\nrequire (\n${mods.map((m) => `\t${m.path} ${m.version}\n`).join('')})\n`;
  const goSum = mods.map((m) => `${m.path} ${m.version} ${m.zipHash}\n${m.path} ${m.version}/go.mod ${m.modHash}\n`).join('');
  return { goMod, goSum };
}

export interface DelayFront {
  url: string;
  port: number;
  /** Requests seen (method and path), for the report. */
  requests: string[];
  close(): Promise<void>;
}

/** Holds each response `delayMs`, then forwards to the checksum database or the GOPROXY. */
export async function startDelayFront(o: {
  goproxy: string;
  sumdb?: string;
  delayMs: number;
  tls?: { key: string; cert: string };
}): Promise<DelayFront> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const p = req.url ?? '/';
    requests.push(`${req.method} ${p}`);
    const t = setTimeout(() => {
      timers.delete(t);
      const base = o.sumdb && p.startsWith('/sumdb/') ? o.sumdb : o.goproxy;
      const up = http.request(`${base}${p}`, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (ur) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const h of ['content-type', 'content-length', 'content-encoding', 'location']) if (ur.headers[h] !== undefined) headers[h] = ur.headers[h];
        res.writeHead(ur.statusCode ?? 502, headers);
        ur.pipe(res);
      });
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway\n');
      });
      up.end();
    }, o.delayMs);
    timers.add(t);
  };
  const server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }, handler) : http.createServer(handler);
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on('connection', track);
  server.on('secureConnection', track);
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The lab GOPROXY serving `mods`, and (optionally) a checksum database logging them. */
export async function startModuleLab(mods: GeneratedModule[], withSumdb: boolean): Promise<{ goproxy: GoproxyServer; sumdb?: LabSumdb; close(): Promise<void> }> {
  const goproxy = await startGoproxyServer({ modules: mods });
  let sumdb: LabSumdb | undefined;
  if (withSumdb) {
    sumdb = new LabSumdb('sumdb.lab.test');
    for (const m of mods) await sumdb.add(m.path, m.version, m.zipHash, m.modHash);
    await sumdb.start();
  }
  return {
    goproxy,
    sumdb,
    close: async () => {
      await goproxy.close();
      await sumdb?.close();
    },
  };
}
