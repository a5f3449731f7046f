import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hash1, hashZip } from '../../src/core/cache/dirhash';
import { findLeftovers, inspectLocation, verifyVersion, versionPaths } from '../../src/core/cache/modcache-scan';
import { verifyCache } from '../../src/core/cache/verify-cache';
import { runHashTask } from '../../src/core/cache/hash-pool';
import { readZipDirectory } from '../../src/core/cache/zip-reader';
import { createHash } from 'node:crypto';
import { makeZip, moduleZip } from '../lab/module-zip';

const FILES = { 'go.mod': 'module example.com/hello\n\ngo 1.16\n', 'hello.go': 'package hello\n\nfunc Hello() string { return "hello" }\n' };
const H = 'h1:gs5rzous9MLvET163M6ToWy96w2xqKCTuglpJoSElpQ=';

/** Lays out one version the way go does: zip, ziphash, mod, extracted tree. */
async function put(cache: string, mod: string, v: string, o: { zip?: Buffer; ziphash?: string; tree?: Record<string, string>; partial?: boolean } = {}) {
  const p = versionPaths(cache, mod, v);
  await fsp.mkdir(path.dirname(p.base), { recursive: true });
  await fsp.writeFile(`${p.base}.zip`, o.zip ?? moduleZip(mod, v, FILES));
  await fsp.writeFile(`${p.base}.ziphash`, `${o.ziphash ?? H}\n`);
  await fsp.writeFile(`${p.base}.mod`, FILES['go.mod']);
  if (o.partial) await fsp.writeFile(`${p.base}.partial`, '');
  for (const [n, t] of Object.entries(o.tree ?? FILES)) {
    await fsp.mkdir(path.dirname(path.join(p.dir, n)), { recursive: true });
    await fsp.writeFile(path.join(p.dir, n), t);
  }
  return p;
}

describe('cache scan: layout, leftovers and go mod verify checks on hand-made caches', () => {
  let cache: string;
  beforeEach(async () => {
    cache = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-cache-'));
  });
  afterEach(async () => {
    await fsp.chmod(cache, 0o755).catch(() => {});
    await fsp.rm(cache, { recursive: true, force: true });
  });

  it('an intact version passes; escaping puts Upper under !upper as go does', async () => {
    await put(cache, 'example.com/hello', 'v1.0.0');
    const v = await verifyVersion(cache, 'example.com/hello', 'v1.0.0');
    assert.deepEqual([v!.zipHash, v!.dirHash, v!.goVerify, v!.problems], [H, H, [], []]);
    const up = versionPaths(cache, 'example.com/Upper', 'v1.0.0');
    assert.ok(up.base.endsWith(path.join('cache', 'download', 'example.com', '!upper', '@v', 'v1.0.0')));
    assert.ok(up.dir.endsWith(path.join('example.com', '!upper@v1.0.0')));
  });

  it('zip entries with ../ or outside the module, and symlink entries, are reported', async () => {
    const zip = makeZip([
      { name: 'example.com/hello@v1.0.0/go.mod', data: FILES['go.mod'] },
      { name: 'example.com/hello@v1.0.0/../../../etc/evil', data: 'x' },
      { name: 'example.com/hello@v1.0.0/link', data: '/etc/passwd', mode: 0o120777 },
    ]);
    const h = hash1({ 'example.com/hello@v1.0.0/go.mod': FILES['go.mod'], 'example.com/hello@v1.0.0/../../../etc/evil': 'x', 'example.com/hello@v1.0.0/link': '/etc/passwd' });
    await put(cache, 'example.com/hello', 'v1.0.0', { zip, ziphash: h, tree: {} });
    const p = versionPaths(cache, 'example.com/hello', 'v1.0.0');
    await fsp.rm(p.dir, { recursive: true, force: true });
    const v = (await verifyVersion(cache, 'example.com/hello', 'v1.0.0'))!;
    assert.equal(v.zipHash, h);
    assert.deepEqual(v.goVerify, []);
    assert.ok(v.problems.some((x) => x.includes('../')), v.problems.join('\n'));
    assert.ok(v.problems.some((x) => x.includes('symlink entries')), v.problems.join('\n'));
  });

  it('a symlink in the extracted tree and an unreadable file are reported, not followed blindly', async () => {
    const p = await put(cache, 'example.com/hello', 'v1.0.0');
    await fsp.symlink('/etc/hostname', path.join(p.dir, 'extra'));
    const v = (await verifyVersion(cache, 'example.com/hello', 'v1.0.0'))!;
    assert.ok(v.problems.some((x) => x.includes('symlinks')));
    assert.ok(v.goVerify.some((x) => x.includes('dir has been modified')));
    if (process.getuid?.() !== 0) {
      await fsp.rm(path.join(p.dir, 'extra'));
      await fsp.chmod(path.join(p.dir, 'hello.go'), 0);
      const u = (await verifyVersion(cache, 'example.com/hello', 'v1.0.0'))!;
      assert.ok(u.goVerify.some((x) => /permission denied/.test(x)), u.goVerify.join('\n'));
    }
  });

  it('a zip bomb is refused by size, quickly, and reported', async () => {
    const zip = makeZip([{ name: 'example.com/hello@v1.0.0/big', data: Buffer.alloc(4 << 20), declaredSize: 0xfffffff0 }]);
    await put(cache, 'example.com/hello', 'v1.0.0', { zip });
    const t0 = Date.now();
    const v = (await verifyVersion(cache, 'example.com/hello', 'v1.0.0'))!;
    assert.ok(Date.now() - t0 < 2000);
    assert.ok(v.goVerify.some((x) => /more than \d+ bytes uncompressed/.test(x)), v.goVerify.join('\n'));
  });

  it('leftovers: .partial, tmp files and dirs, lock-only downloads', async () => {
    const p = await put(cache, 'example.com/hello', 'v1.0.0', { partial: true });
    await fsp.writeFile(`${p.base}.zip987654321.tmp`, 'x');
    await fsp.mkdir(`${p.dir}.tmp-123456`, { recursive: true });
    await fsp.writeFile(`${path.dirname(p.base)}/v9.9.9.lock`, '');
    const r = await findLeftovers(cache);
    const kinds = r.leftovers.map((l) => `${l.kind} ${l.module ?? path.basename(l.path)}`).sort();
    assert.deepEqual(kinds, ['lock-only example.com/hello@v9.9.9', 'partial example.com/hello@v1.0.0', 'tmp-dir hello@v1.0.0.tmp-123456', 'tmp-file example.com/hello@v1.0.0']);
    assert.equal(r.leftovers.find((l) => l.kind === 'partial')!.tree, p.dir);
    // A .partial tree is skipped as go mod verify skips it.
    const v = (await verifyVersion(cache, 'example.com/hello', 'v1.0.0'))!;
    assert.equal(v.partial, true);
    assert.equal(v.dirHash, undefined);
  });

  it('verifyCache walks every version with bounded work and keeps only the damaged ones', async () => {
    for (let i = 0; i < 20; i++) {
      const mod = `example.com/m${i}`;
      const files = { 'go.mod': `module ${mod}\n`, 'a.go': `package m\n// ${i}\n` };
      const zip = moduleZip(mod, 'v1.0.0', files);
      const zf = path.join(cache, `t${i}.zip`);
      await fsp.writeFile(zf, zip);
      const h = (await hashZip(zf)).hash;
      await fsp.rm(zf);
      await put(cache, mod, 'v1.0.0', { zip, ziphash: h, tree: i === 7 ? { ...files, 'a.go': 'package m\n// changed\n' } : files });
    }
    const r = await verifyCache(cache, { width: 3 });
    assert.equal(r.versions, 20);
    assert.deepEqual(r.damaged.map((d) => d.goVerify), [[`example.com/m7 v1.0.0: dir has been modified (${versionPaths(cache, 'example.com/m7', 'v1.0.0').dir})`]]);
  });

  it('the hash workers run on this machine and agree with plain SHA-256', async () => {
    const f = path.join(cache, 'a.zip');
    const files = { 'go.mod': 'module m\n', 'big.go': 'x'.repeat(3 << 20) };
    await fsp.writeFile(f, moduleZip('m', 'v1.0.0', files));
    const entries = await readZipDirectory(f);
    const r = await runHashTask({ kind: 'zip', file: f, entries: entries.map((e) => ({ lho: e.localHeaderOffset, csize: e.compressedSize, usize: e.uncompressedSize, method: e.method, crc: e.crc32 })) });
    assert.ok(r && r.ok, JSON.stringify(r));
    assert.deepEqual(r.hex, Object.values(files).map((t) => createHash('sha256').update(t).digest('hex')));
    const g = await runHashTask({ kind: 'files', files: [f, path.join(cache, 'missing')] });
    assert.ok(g && !g.ok && g.index === 1 && /open .*missing: no such file or directory/.test(g.message), JSON.stringify(g));
  });

  it('location: a missing cache under a writable parent is creatable; free space is known', async () => {
    const l = await inspectLocation(path.join(cache, 'not', 'yet'));
    assert.equal(l.exists, false);
    assert.equal(l.writable, true);
    assert.ok((l.freeBytes ?? 0) > 0);
  });
});
