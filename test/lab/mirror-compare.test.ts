import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from './goproxy-server';
import { buildFixtures, buildModule, type BuiltModule } from './module-fixtures';
import { LabSumdb } from './sumdb-server';
import { hash1, hashGoMod } from '../../src/core/cache/dirhash';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { integrityChecks } from '../../src/core/checks/integrity/index';
import type { CheckResult } from '../../src/core/model/result';

function zipHash(m: BuiltModule): string {
  const files: Record<string, string> = {};
  for (const [n, t] of Object.entries(m.files)) files[`${m.path}@${m.version}/${n}`] = t;
  return hash1(files);
}

// Two (or three) lab mirrors and a lab checksum database; the workspace requires
// example.com/hello v1.0.0 and v1.1.0 with honest go.sum lines.
describe('lab mirrors: version lists, .info, .mod and .zip hashes compared', function () {
  this.timeout(120000);
  const honest = buildFixtures();
  let a: GoproxyServer;
  let b: GoproxyServer;
  let db: LabSumdb;
  let dir: string;

  const run = async (env: Record<string, string>, mirrors: string[] = []): Promise<Record<string, CheckResult>> => {
    const full = { PATH: process.env.PATH ?? '', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOENV: 'off', GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOSUMDB: db.gosumdb, ...env };
    const rep = await diagnose({ dir, host: nodeHost({ env: full, cwd: dir }), checks: integrityChecks, options: { mirrors, timeoutMs: 5000 } });
    return Object.fromEntries(rep.results.map((r) => [r.id, r]));
  };

  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-mirror-'));
    const hello = honest.filter((m) => m.path === 'example.com/hello');
    await fsp.writeFile(path.join(dir, 'go.mod'), 'module lab.test/main\n\ngo 1.19\n\nrequire example.com/hello v1.1.0\n');
    await fsp.writeFile(path.join(dir, 'go.sum'), hello.map((m) => `${m.path} ${m.version} ${zipHash(m)}\n${m.path} ${m.version}/go.mod ${hashGoMod(Buffer.from(m.mod))}\n`).join(''));
    db = new LabSumdb();
    await db.start();
    for (const m of honest) await db.add(m.path, m.version, zipHash(m), hashGoMod(Buffer.from(m.mod)));
    a = await startGoproxyServer({ modules: honest });
  });
  afterEach(async () => {
    await a.close();
    await b?.close();
    await db.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('honest mirrors: no finding but the health table (with cache evidence)', async () => {
    b = await startGoproxyServer({ modules: buildFixtures() });
    const d = await run({ GOPROXY: `${a.url},${b.url}/cache` });
    assert.equal(d.GPD701.status, 'ok', JSON.stringify(d.GPD701.findings));
    assert.equal(d.GPD702.status, 'ok', JSON.stringify(d.GPD702.findings));
    const health = (d.GPD701.data as { health: Array<{ mirror: string; ok: number; cache: Record<string, string> }> }).health;
    assert.equal(health.length, 2);
    assert.equal(health[1].mirror, `${b.url}/cache`);
    assert.equal(health[1].cache.age, '86400');
    assert.equal(health[1].cache['x-cache'], 'HIT from lab-cache');
    assert.ok(health.every((h) => h.ok === 8), JSON.stringify(health));
    assert.ok(d.GPD701.findings[0].evidence.some((e) => e.includes('x-cache: HIT from lab-cache')));
  });

  it('a mirror serving a different zip: GPD702 names it, side by side with go.sum and the database', async () => {
    const tampered = honest.map((m) => (m.path === 'example.com/hello' && m.version === 'v1.0.0' ? buildModule({ ...m, files: { ...m.files, 'hello.go': m.files['hello.go'] + '// injected\n' } }) : m));
    b = await startGoproxyServer({ modules: tampered });
    const d = await run({ GOPROXY: `${a.url},${b.url}` });
    assert.equal(d.GPD702.status, 'error');
    assert.equal(d.GPD702.findings.length, 1);
    const f = d.GPD702.findings[0];
    assert.match(f.message, /example\.com\/hello@v1\.0\.0: mirror http:\/\/127\.0\.0\.1:\d+ has other bits/);
    const good = zipHash(honest.find((m) => m.version === 'v1.0.0')!);
    assert.deepEqual(f.evidence.map((e) => e.replace(/\s+/g, ' ')), [
      `${good} mirror ${a.url}`,
      `${zipHash(tampered.find((m) => m.version === 'v1.0.0')!)} mirror ${b.url} ← differs`,
      `${good} go.sum ${path.join(dir, 'go.sum')}:1`,
      `${good} checksum database sumdb.lab.test`,
    ]);
    assert.equal(f.fixes[0].variable, 'GOPROXY');
    assert.equal(f.fixes[0].value, a.url);
    assert.equal(d.GPD701.status, 'ok');
  });

  it('a version missing on one mirror: GPD701 warns, with both answers', async () => {
    b = await startGoproxyServer({ modules: honest.filter((m) => !(m.path === 'example.com/hello' && m.version === 'v1.1.0')) });
    const d = await run({ GOPROXY: a.url }, [b.url]);
    assert.equal(d.GPD701.status, 'warning');
    const missing = d.GPD701.findings.find((f) => f.message.startsWith('example.com/hello@v1.1.0 is missing on'))!;
    assert.ok(missing, JSON.stringify(d.GPD701.findings));
    assert.ok(missing.message.includes(b.url));
    assert.ok(missing.evidence.some((e) => e.startsWith(`${a.url}: .info v1.1.0`)));
    assert.ok(missing.evidence.some((e) => e.startsWith(`${b.url}: reading ${b.url}/example.com/hello/@v/v1.1.0.info: 404 Not Found`)), missing.evidence.join('\n'));
    assert.ok(d.GPD701.findings.some((f) => /lacks v1\.1\.0/.test(f.message)));
    assert.equal(d.GPD702.status, 'ok', JSON.stringify(d.GPD702.findings));
  });

  it('private modules are never sent to a mirror', async () => {
    b = await startGoproxyServer({ modules: buildFixtures() });
    a.clearLog();
    const d = await run({ GOPROXY: a.url, GOPRIVATE: 'example.com/hello' }, [b.url]);
    assert.equal(d.GPD701.status, 'skipped');
    assert.equal(a.log.length + b.log.length, 0);
  });
});

describe('lab checksum database checks: route, verification, private paths', function () {
  this.timeout(120000);
  let proxy: GoproxyServer;
  let db: LabSumdb;
  let dir: string;
  before(async () => {
    proxy = await startGoproxyServer();
  });
  after(async () => proxy.close());
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-sumdb-'));
    await fsp.writeFile(path.join(dir, 'go.mod'), 'module lab.test/main\n\ngo 1.19\n\nrequire corp.example/secret v1.0.0\n');
    db = new LabSumdb();
    await db.start();
  });
  afterEach(async () => {
    await db.close();
    await fsp.rm(dir, { recursive: true, force: true });
  });
  const run = async (env: Record<string, string>): Promise<Record<string, CheckResult>> => {
    const full = { PATH: process.env.PATH ?? '', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOENV: 'off', ...env };
    const rep = await diagnose({ dir, host: nodeHost({ env: full, cwd: dir }), checks: integrityChecks.filter((c) => c.id >= 'GPD703'), options: { timeoutMs: 5000 } });
    return Object.fromEntries(rep.results.map((r) => [r.id, r]));
  };

  it('503 on /supported after ",": GPD703 error with go\'s words; "|" is the preferred fix', async () => {
    const goproxy = `${proxy.url}/s503,${db.url}`;
    const d = await run({ GOPROXY: goproxy, GOSUMDB: db.vkey });
    assert.equal(d.GPD703.status, 'error');
    const f = d.GPD703.findings[0];
    assert.match(f.message, /<module>@<version>: verifying go\.mod: <module>@<version>\/go\.mod: reading http:\/\/127\.0\.0\.1:\d+\/s503\/sumdb\/sumdb\.lab\.test\/supported: 503 Service Unavailable/);
    assert.equal(f.fixes[0].value, `${proxy.url}/s503|${db.url}`);
    assert.equal(f.fixes[0].preferred, true);
    assert.ok(f.fixes.every((x) => !x.weakening || !x.preferred));
    assert.equal(d.GPD704.status, 'skipped');
    // The fix works: through the second entry.
    const ok = await run({ GOPROXY: f.fixes[0].value!, GOSUMDB: db.vkey });
    assert.equal(ok.GPD703.status, 'ok');
    assert.match(ok.GPD703.findings[0].message, new RegExp(`through ${db.url.replace(/[.]/g, '\\.')}`));
  });

  it('410 for a private path: GPD705 with GONOSUMDB preferred; covered paths are never looked up', async () => {
    db.lie.status = [[/^\/lookup\/corp\.example\//, 410]];
    const d = await run({ GOPROXY: proxy.url, GOSUMDB: db.gosumdb });
    assert.equal(d.GPD705.status, 'error');
    assert.equal(d.GPD705.findings[0].fixes[0].variable, 'GONOSUMDB');
    assert.equal(d.GPD705.findings[0].fixes[0].value, 'corp.example');
    db.log.length = 0;
    const fixed = await run({ GOPROXY: proxy.url, GOSUMDB: db.gosumdb, GONOSUMDB: 'corp.example' });
    assert.equal(fixed.GPD705.status, 'ok');
    assert.ok(!db.log.some((l) => l.path.includes('corp.example')), 'no lookup of a GONOSUMDB path');
  });

  it('go.sum disagrees with the database: GPD704 error at the go.sum line, both hashes shown', async () => {
    const m = proxy.modules.find((x) => x.path === 'example.com/hello' && x.version === 'v1.0.0')!;
    await db.add(m.path, m.version, zipHash(m), hashGoMod(Buffer.from(m.mod)));
    const fake = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    await fsp.writeFile(path.join(dir, 'go.mod'), 'module lab.test/main\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
    await fsp.writeFile(path.join(dir, 'go.sum'), `example.com/hello v1.0.0/go.mod ${hashGoMod(Buffer.from(m.mod))}\nexample.com/hello v1.0.0 ${fake}\n`);
    const d = await run({ GOPROXY: proxy.url, GOSUMDB: db.gosumdb });
    assert.equal(d.GPD704.status, 'error', JSON.stringify(d.GPD704));
    const f = d.GPD704.findings[0];
    assert.equal(f.location!.startLine, 2);
    assert.ok(f.evidence[0].includes(fake) && f.evidence[1].includes(zipHash(m)), f.evidence.join('\n'));
    assert.match(f.message, /verifying module: checksum mismatch/);
  });

  it('GOSUMDB=off: the checksum database checks do not apply', async () => {
    const d = await run({ GOPROXY: proxy.url, GOSUMDB: 'off' });
    assert.equal(d.GPD703.status, 'skipped');
    assert.match(d.GPD703.reason!, /GOSUMDB=off/);
  });
});
