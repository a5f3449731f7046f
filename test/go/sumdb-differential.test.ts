import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { LabSumdb } from '../lab/sumdb-server';
import { goSandbox, type GoSandbox } from './cache-go-env';
import { describeEachGo, type GoUnderTest } from './go-versions';
import { hash1, hashGoMod } from '../../src/core/cache/dirhash';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { integrityChecks } from '../../src/core/checks/integrity/index';
import type { CheckResult } from '../../src/core/model/result';
import type { BuiltModule } from '../lab/module-fixtures';

// The real go verifies modules against the lab checksum database (signed with a test key,
// same tlog/note code as the doctor). Honest: go accepts its notes and proofs. Lying: go
// refuses, and the doctor reports the same lie.
function zipHash(m: BuiltModule): string {
  const files: Record<string, string> = {};
  for (const [n, t] of Object.entries(m.files)) files[`${m.path}@${m.version}/${n}`] = t;
  return hash1(files);
}

describeEachGo('go differential: checksum database verification', function (this: Mocha.Suite, g: GoUnderTest) {
  this.timeout(180000);
  let proxy: GoproxyServer;
  let db: LabSumdb;
  let sb: GoSandbox;
  const HELLO = 'example.com/hello@v1.0.0';
  const EVIL = hash1({ x: 'evil' });

  before(async () => {
    proxy = await startGoproxyServer();
  });
  after(async () => proxy.close());
  beforeEach(async () => {
    db = new LabSumdb();
    await db.start();
  });
  afterEach(async () => {
    await db.close();
    await sb?.cleanup();
  });

  const fill = async (wrong?: string) => {
    for (const m of proxy.modules) await db.add(m.path, m.version, `${m.path}@${m.version}` === wrong ? EVIL : zipHash(m), hashGoMod(Buffer.from(m.mod)));
  };
  const start = async () => {
    sb = await goSandbox(g, { GOPROXY: proxy.url, GOSUMDB: db.gosumdb });
  };
  const download = async (spec: string) => {
    const r = await sb.go(['mod', 'download', '-json', spec]);
    let err = r.stderr;
    try {
      err += (JSON.parse(r.stdout) as { Error?: string }).Error ?? '';
    } catch {
      // not JSON
    }
    return { code: r.code, err };
  };
  const doctor = async (modules: string[]): Promise<Record<string, CheckResult>> => {
    const rep = await diagnose({ dir: sb.work, host: nodeHost({ env: sb.env, cwd: sb.work }), checks: integrityChecks, options: { modules, timeoutMs: 5000 } });
    return Object.fromEntries(rep.results.map((r) => [r.id, r]));
  };
  const text = (r: CheckResult) => JSON.stringify(r.findings);

  it('honest: go accepts the notes and proofs; the doctor finds nothing wrong', async () => {
    await fill();
    await start();
    const g = await download(HELLO);
    assert.equal(g.code, 0, g.err);
    assert.ok(db.log.some((l) => l.path.startsWith('/tile/8/0/')), 'go read a tile');
    const d = await doctor([HELLO]);
    for (const id of ['GPD701', 'GPD702', 'GPD703', 'GPD704', 'GPD705']) assert.equal(d[id].status, 'ok', `${id}: ${d[id].reason ?? ''} ${text(d[id])}`);
    assert.match(text(d.GPD703), /at http:\/\/127\.0\.0\.1:\d+ \(from GOSUMDB\)/);
  });

  it('go\'s own sumdb cache, served as a file:// proxy, verifies with our client (mod_sumdb_file_path.txt)', async () => {
    await fill();
    await start();
    assert.equal((await download(HELLO)).code, 0);
    const dl = path.join(sb.modcache, 'cache', 'download');
    await fsp.writeFile(path.join(dl, 'sumdb', 'sumdb.lab.test', 'supported'), '');
    const { SumdbClient } = await import('../../src/core/sumdb/client');
    const { goHttpGet } = await import('../../src/core/sumdb/http-get');
    const { resolveSumdbRoute } = await import('../../src/core/sumdb/route');
    const { parseGosumdb } = await import('../../src/core/parse/gosumdb');
    const { parseGoproxy } = await import('../../src/core/parse/goproxy-list');
    const { pathToFileURL } = await import('node:url');
    const get = goHttpGet({});
    const r = await resolveSumdbRoute(parseGosumdb(db.vkey), parseGoproxy(pathToFileURL(dl).href, '', 'linux'), { get, timeoutMs: 5000 });
    assert.equal(r.via, 'proxy');
    db.log.length = 0;
    const got = await new SumdbClient({ base: r.base!, key: db.vkey, get, timeoutMs: 5000 }).lookup('example.com/hello', 'v1.0.0');
    assert.equal(got.lines.length, 2);
    assert.equal(db.log.length, 0, 'everything came from the files go wrote');
  });

  it('a corrupted signature: go refuses the tree note, so does the doctor (same words)', async () => {
    await fill();
    db.lie.badSignature = true;
    await start();
    const g = await download(HELLO);
    assert.notEqual(g.code, 0);
    const goWords = /reading tree note: invalid signature for key sumdb\.lab\.test\+[0-9a-f]{8}/.exec(g.err)?.[0];
    assert.ok(goWords, g.err);
    const d = await doctor([HELLO]);
    assert.equal(d.GPD704.status, 'error');
    assert.ok(text(d.GPD704).includes(goWords!), text(d.GPD704));
  });

  it('a lookup answer that is not in the signed tree: both say cannot authenticate record data', async () => {
    await fill();
    db.lie.tamperLookup = true;
    await start();
    const g = await download(HELLO);
    assert.notEqual(g.code, 0);
    assert.match(g.err, /cannot authenticate record data in server response/);
    const d = await doctor([HELLO]);
    assert.equal(d.GPD704.status, 'error');
    assert.match(text(d.GPD704), /cannot authenticate record data in server response/);
  });

  it('the database records another hash: go says checksum mismatch, the doctor shows whose bits differ', async () => {
    await fill(HELLO);
    await start();
    const g = await download(HELLO);
    assert.notEqual(g.code, 0);
    const m = /verifying module: checksum mismatch\n\tdownloaded: (h1:\S+)\n\tsumdb\.lab\.test: (h1:\S+)/.exec(g.err);
    assert.ok(m, g.err);
    assert.equal(m[2], EVIL);
    const d = await doctor([HELLO]);
    assert.equal(d.GPD702.status, 'error');
    const f = d.GPD702.findings.find((x) => x.message.includes('example.com/hello@v1.0.0:') || x.message.includes('on example.com/hello@v1.0.0'))!;
    assert.ok(f, text(d.GPD702));
    // Side by side: go's "downloaded" is the mirror's hash, go's "sumdb.lab.test" the database's.
    assert.ok(f.evidence.some((e) => e.startsWith(`${m[1]}  mirror ${proxy.url}`)), f.evidence.join('\n'));
    assert.ok(f.evidence.some((e) => e.startsWith(`${EVIL}  checksum database sumdb.lab.test`)), f.evidence.join('\n'));
  });

  it('a rewritten history after go stored the tree head: both detect server misbehavior', async () => {
    await fill();
    await start();
    assert.equal((await download('example.com/incompat@v2.0.0+incompatible')).code, 0);
    const stored = path.join(sb.gopath, 'pkg', 'sumdb', 'sumdb.lab.test', 'latest');
    await fsp.access(stored);
    await db.fork('example.com/hello', 'v1.0.0', `example.com/hello v1.0.0 ${EVIL}\nexample.com/hello v1.0.0/go.mod ${hashGoMod(Buffer.from(proxy.modules[0].mod))}\n`);
    await db.add('example.com/later', 'v1.0.0', EVIL, EVIL);
    const g = await download(HELLO);
    assert.notEqual(g.code, 0);
    assert.match(g.err, /SECURITY ERROR\ngo\.sum database server misbehavior detected!/);
    const d = await doctor([]);
    assert.equal(d.GPD704.status, 'error');
    assert.match(text(d.GPD704), /server misbehavior detected/);
    assert.ok(text(d.GPD704).includes(stored));
  });

  it('410 for a path: go fails the download, the doctor offers GONOSUMDB (not GOSUMDB=off)', async () => {
    await fill();
    db.lie.status = [[/^\/lookup\/example\.com\/hello@/, 410]];
    await start();
    const g = await download(HELLO);
    assert.notEqual(g.code, 0);
    assert.match(g.err, /lookup\/example\.com\/hello@v1\.0\.0: 410 Gone/);
    const d = await doctor([HELLO]);
    assert.equal(d.GPD705.status, 'error');
    const f = d.GPD705.findings[0];
    assert.match(f.message, /410 Gone/);
    assert.deepEqual(f.fixes.map((x) => [x.variable, x.preferred, Boolean(x.weakening)]), [['GONOSUMDB', true, false], ['GOPRIVATE', false, false], ['GOSUMDB', false, true]]);
    assert.equal(f.fixes[0].value, 'example.com');
    // With the fix applied, go succeeds.
    const ok = await sb.go(['mod', 'download', HELLO], { GONOSUMDB: f.fixes[0].value! });
    assert.equal(ok.code, 0, ok.stderr);
  });
});
