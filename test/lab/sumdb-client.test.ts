import * as assert from 'node:assert/strict';
import { startGoproxyServer, type GoproxyServer } from './goproxy-server';
import { LabSumdb } from './sumdb-server';
import { SumdbClient, SumdbError } from '../../src/core/sumdb/client';
import { goHttpGet } from '../../src/core/sumdb/http-get';
import { resolveSumdbRoute } from '../../src/core/sumdb/route';
import { parseGoproxy } from '../../src/core/parse/goproxy-list';
import { parseGosumdb } from '../../src/core/parse/gosumdb';
import { hash1 } from '../../src/core/cache/dirhash';

const get = goHttpGet({});

function h1(s: string): string {
  return hash1({ x: s });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof SumdbError ? e.code : `other: ${(e as Error).message}`;
  }
}

describe('lab sumdb: client verification against a real checksum database', function () {
  this.timeout(60000);
  let db: LabSumdb;
  const client = (key = db.vkey) => new SumdbClient({ base: db.url, key, get, timeoutMs: 5000 });

  beforeEach(async () => {
    db = new LabSumdb();
    await db.start();
    // 300 records: lookups then need level-1 tiles and partial tiles, as on a real database.
    for (let i = 0; i < 300; i++) await db.add(`example.com/m${i}`, 'v1.0.0', h1(`zip ${i}`), h1(`mod ${i}`));
    await db.add('example.com/Upper', 'v1.2.3', h1('upper zip'), h1('upper mod'));
  });
  afterEach(async () => db.close());

  it('honest: the tree head is signed, every record is proven in the tree', async () => {
    const c = client();
    const latest = await c.latest();
    assert.equal(latest.tree.N, 301);
    for (const i of [0, 1, 127, 255, 256, 299]) {
      const r = await c.lookup(`example.com/m${i}`, 'v1.0.0');
      assert.equal(r.id, i);
      assert.deepEqual(r.lines, [`example.com/m${i} v1.0.0 ${h1(`zip ${i}`)}`, `example.com/m${i} v1.0.0/go.mod ${h1(`mod ${i}`)}`]);
    }
    const up = await c.lookup('example.com/Upper', 'v1.2.3/go.mod');
    assert.equal(up.lines.length, 2);
    assert.ok(db.log.some((l) => l.path === '/lookup/example.com/!upper@v1.2.3'), 'path escaped as go escapes it');
    assert.ok(db.log.some((l) => /^\/tile\/8\/1\/000\.p\/1$/.test(l.path)), 'level-1 tile read');
    assert.ok(db.log.some((l) => /^\/tile\/8\/0\/001\.p\/45$/.test(l.path)), 'partial tile read');
  });

  it('a corrupted signature: reading tree note: invalid signature for key', async () => {
    db.lie.badSignature = true;
    const c = client();
    await assert.rejects(c.latest(), (e: SumdbError) => e.code === 'note' && /invalid signature for key sumdb\.lab\.test\+[0-9a-f]{8}/.test(e.message));
    assert.equal(await code(c.lookup('example.com/m1', 'v1.0.0')), 'note');
  });

  it('another key under the same name: note has no verifiable signatures', async () => {
    const other = new LabSumdb('sumdb.lab.test');
    await assert.rejects(client(other.vkey).latest(), /note has no verifiable signatures/);
  });

  it('a lookup whose text is not the logged record: cannot authenticate record data', async () => {
    db.lie.tamperLookup = true;
    await assert.rejects(client().lookup('example.com/m7', 'v1.0.0'), (e: SumdbError) => e.code === 'inclusion' && /cannot authenticate record data in server response/.test(e.message));
  });

  it('a rewritten history is a fork: server misbehavior detected, with the proof', async () => {
    const c = client();
    const before = await c.latest();
    await db.fork('example.com/m5', 'v1.0.0', `example.com/m5 v1.0.0 ${h1('evil')}\nexample.com/m5 v1.0.0/go.mod ${h1('mod 5')}\n`);
    await db.add('example.com/new', 'v1.0.0', h1('n'), h1('n'));
    const c2 = client();
    const after = await c2.latest();
    // The forked record itself verifies against the forked tree...
    assert.deepEqual((await c2.lookup('example.com/m5', 'v1.0.0')).lines[0], `example.com/m5 v1.0.0 ${h1('evil')}`);
    // ...but the old tree head is not a prefix of the new one.
    await assert.rejects(c2.checkConsistency(before, after), (e: SumdbError) => e.code === 'fork' && /^SECURITY ERROR\ngo.sum database server misbehavior detected!/.test(e.message) && /proof of misbehavior:/.test(e.message));
  });

  it('an honest growth is consistent', async () => {
    const c = client();
    const before = await c.latest();
    for (let i = 0; i < 40; i++) await db.add(`example.com/late${i}`, 'v1.0.0', h1(`l${i}`), h1(`l${i}`));
    await c.checkConsistency(before, await client().latest());
  });

  it('404 and 410 for a path are not-found answers with the status kept', async () => {
    db.lie.status = [[/^\/lookup\/corp\.example\//, 410]];
    const e = await client().lookup('corp.example/secret', 'v1.0.0').catch((x: SumdbError) => x);
    assert.ok(e instanceof SumdbError);
    assert.equal(e.code, 'not-found');
    assert.equal(e.status, 410);
    assert.match(e.message, /^reading http:\/\/127\.0\.0\.1:\d+\/lookup\/corp\.example\/secret@v1\.0\.0: 410 Gone/);
  });
});

describe('lab sumdb: routing as go does (sumdb.go initBase, TryProxies)', function () {
  this.timeout(60000);
  let db: LabSumdb;
  let proxy: GoproxyServer;
  before(async () => {
    db = new LabSumdb();
    await db.start();
    proxy = await startGoproxyServer();
  });
  after(async () => {
    await db.close();
    await proxy.close();
  });
  const route = (goproxy: string, gosumdb = db.vkey) => resolveSumdbRoute(parseGosumdb(gosumdb), parseGoproxy(goproxy, '', 'linux'), { get, timeoutMs: 5000 });

  it('404 on /supported → next entry; 200 → through that proxy, never direct', async () => {
    const r = await route(`${proxy.url}/s404,${db.url}`);
    assert.equal(r.via, 'proxy');
    assert.equal(r.base, `${db.url}/sumdb/sumdb.lab.test`);
    assert.deepEqual(r.steps.map((s) => s.outcome), ['not-found-next', 'supported']);
    const c = new SumdbClient({ base: r.base!, key: db.vkey, get, timeoutMs: 5000 });
    await db.add('example.com/x', 'v1.0.0', h1('x'), h1('x'));
    assert.equal((await c.lookup('example.com/x', 'v1.0.0')).lines.length, 2);
  });

  it('503 after "," stops the walk: the database is unreachable with that error', async () => {
    const r = await route(`${proxy.url}/s503,${db.url}`);
    assert.equal(r.via, 'unreachable');
    assert.match(r.error!, /^reading http:\/\/127\.0\.0\.1:\d+\/s503\/sumdb\/sumdb\.lab\.test\/supported: 503 Service Unavailable/);
    assert.deepEqual(r.steps.map((s) => s.outcome), ['error-stop']);
  });

  it('503 before "|" falls through', async () => {
    const r = await route(`${proxy.url}/s503|${db.url}`);
    assert.equal(r.via, 'proxy');
  });

  it('all not found, or direct: connect to https://<name>', async () => {
    assert.equal((await route(`${proxy.url}/s404`)).base, 'https://sumdb.lab.test');
    const d = await route('direct');
    assert.equal(d.via, 'direct');
    assert.deepEqual(d.steps.map((s) => s.outcome), ['stop-direct']);
    assert.equal((await route(`${proxy.url}/s410,off`)).via, 'direct');
  });

  it('a file:// proxy with sumdb/<name>/supported serves the database, with no fallback (mod_sumdb_file_path.txt)', async () => {
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const url = await import('node:url');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gpd-fileproxy-'));
    try {
      await fs.mkdir(path.join(dir, 'sumdb', 'sumdb.lab.test'), { recursive: true });
      await fs.writeFile(path.join(dir, 'sumdb', 'sumdb.lab.test', 'supported'), '');
      const fileProxy = url.pathToFileURL(dir).href;
      const r = await route(`${fileProxy},${db.url}`);
      assert.equal(r.via, 'proxy');
      assert.equal(r.base, `${fileProxy}/sumdb/sumdb.lab.test`);
      const e = await new SumdbClient({ base: r.base!, key: db.vkey, get, timeoutMs: 5000 }).lookup('golang.org/x/text', 'v0.3.2').catch((x: SumdbError) => x);
      assert.ok(e instanceof SumdbError && e.code === 'not-found');
      assert.equal(e.message, `reading ${fileProxy}/sumdb/sumdb.lab.test/lookup/golang.org/x/text@v0.3.2: no such file or directory`);
      const none = await route(`${url.pathToFileURL(path.join(dir, 'nothing')).href},${db.url}`);
      assert.deepEqual(none.steps.map((s) => s.outcome), ['not-found-next', 'supported']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('an explicit URL skips the proxies; sum.golang.google.cn is sum.golang.org at another URL', async () => {
    const r = await route(`${proxy.url}/s503`, `${db.vkey} ${db.url}`);
    assert.equal(r.via, 'explicit-url');
    assert.equal(r.steps.length, 0);
    const cn = await route(`${proxy.url}/s503`, 'sum.golang.google.cn');
    assert.equal(cn.via, 'explicit-url');
    assert.equal(cn.base, 'https://sum.golang.google.cn');
    assert.equal(cn.name, 'sum.golang.org');
  });
});

describe('lab sumdb: hostile servers are bounded', function () {
  this.timeout(30000);
  let server: import('node:http').Server;
  let url = '';
  before(async () => {
    const http = await import('node:http');
    server = http.createServer((req, res) => {
      if (req.url === '/huge/latest') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        let sent = 0;
        const pump = () => {
          while (sent < 64 << 20 && res.write(chunk)) sent += chunk.length;
          if (sent >= 64 << 20) res.end();
        };
        res.on('drain', pump);
        pump();
        return;
      }
      if (req.url === '/stall/latest') return; // never answers
      if (req.url?.startsWith('/loop/')) {
        res.writeHead(302, { location: req.url });
        return void res.end();
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  const key = new LabSumdb().vkey;

  it('a 64 MiB tree head is cut at 1 MB and refused', async () => {
    const t0 = Date.now();
    await assert.rejects(new SumdbClient({ base: `${url}/huge`, key, get, timeoutMs: 10000 }).latest(), (e: SumdbError) => e.code === 'too-large');
    assert.ok(Date.now() - t0 < 5000);
  });

  it('a server that never answers times out', async () => {
    const t0 = Date.now();
    await assert.rejects(new SumdbClient({ base: `${url}/stall`, key, get, timeoutMs: 500 }).latest(), (e: SumdbError) => e.code === 'network');
    assert.ok(Date.now() - t0 < 3000);
  });

  it('an endless redirect stops after go\'s 10 redirects', async () => {
    await assert.rejects(new SumdbClient({ base: `${url}/loop`, key, get, timeoutMs: 5000 }).latest(), (e: SumdbError) => e.code === 'network' && /redirect/i.test(e.message));
  });

  it('an aborted signal stops a lookup promptly', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await assert.rejects(new SumdbClient({ base: `${url}/stall`, key, get, timeoutMs: 20000, signal: ac.signal }).latest());
    assert.ok(Date.now() - t0 < 3000);
  });
});
