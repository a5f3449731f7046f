import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { goSandbox, type GoSandbox } from './cache-go-env';
import { describeEachGo, type GoUnderTest } from './go-versions';
import { versionPaths } from '../../src/core/cache/modcache-scan';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';

async function cli(argv: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stdoutIsTTY: false, stderrIsTTY: false, env, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

// `go-proxy-doctor cache --verify` and `sums` on a cache the real go filled.
describeEachGo('go differential: the cache and sums commands', function (this: Mocha.Suite, g: GoUnderTest) {
  this.timeout(180000);
  let proxy: GoproxyServer;
  let sb: GoSandbox;
  before(async () => {
    proxy = await startGoproxyServer();
    sb = await goSandbox(g, { GOPROXY: proxy.url, GOSUMDB: 'off' });
    await fsp.writeFile(path.join(sb.work, 'main.go'), 'package main\n\nimport "example.com/hello"\n\nfunc main() { _ = hello.Hello }\n');
    const r = await sb.go(['get', 'example.com/hello@v1.0.0', 'example.com/incompat@v2.0.0+incompatible']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await sb.cleanup();
    await proxy.close();
  });

  it('cache --verify: clean, then the same damage go mod verify finds', async () => {
    const ok = await cli(['cache', '--verify'], sb.env, sb.work);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /2 cached versions verified/);
    assert.match(ok.out, /all cached versions verified/);
    const p = versionPaths(sb.modcache, 'example.com/hello', 'v1.0.0');
    await fsp.appendFile(path.join(p.dir, 'hello.go'), '// edited\n');
    const go = await sb.go(['mod', 'verify']);
    const bad = await cli(['cache', '--verify'], sb.env, sb.work);
    assert.equal(bad.code, 1);
    const line = `example.com/hello v1.0.0: dir has been modified (${p.dir})`;
    assert.ok(go.stdout.includes(line) || go.stderr.includes(line), go.stderr);
    assert.ok(bad.out.includes(line), bad.out);
    assert.ok(bad.out.includes('go mod download example.com/hello@v1.0.0'));
    const json = JSON.parse((await cli(['cache', '--verify', '--format', 'json'], sb.env, sb.work)).out) as { damaged: Array<{ goVerify: string[] }> };
    assert.deepEqual(json.damaged.map((d) => d.goVerify), [[line]]);
  });

  it('sums --offline: go.sum against the cache, at the go.sum line', async () => {
    const file = path.join(sb.work, 'go.sum');
    const sum = await fsp.readFile(file, 'utf8');
    await fsp.writeFile(file, sum.replace(/^(example\.com\/incompat v2\.0\.0\+incompatible\/go\.mod) h1:\S+$/m, '$1 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));
    const r = await cli(['sums', sb.work, '--offline', '--format', 'json'], sb.env, sb.work);
    assert.equal(r.code, 1, r.err);
    const rep = JSON.parse(r.out) as { results: Array<{ id: string; status: string; findings: Array<{ message: string }> }> };
    const g804 = rep.results.find((x) => x.id === 'GPD804')!;
    assert.equal(g804.status, 'error');
    assert.match(g804.findings[0].message, /example\.com\/incompat@v2\.0\.0\+incompatible\/go\.mod/);
    assert.deepEqual(rep.results.map((x) => x.id).sort(), ['GPD702', 'GPD703', 'GPD704', 'GPD705', 'GPD803', 'GPD804']);
  });
});
