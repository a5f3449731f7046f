import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { goSandbox, type GoSandbox } from './cache-go-env';
import { describeEachGo, type GoUnderTest } from './go-versions';
import { hashDir, hashGoMod, hashZip } from '../../src/core/cache/dirhash';
import { versionPaths } from '../../src/core/cache/modcache-scan';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { cacheChecks } from '../../src/core/checks/cache/index';
import type { CheckResult } from '../../src/core/model/result';

// A module cache filled by the real go from a loopback GOPROXY, then damaged in each way
// go mod verify (go@1.19.8 modcmd/verify.go) and the doctor look for.
describeEachGo('go differential: module cache hashes and corruption', function (this: Mocha.Suite, g: GoUnderTest) {
  this.timeout(180000);
  let proxy: GoproxyServer;
  let sb: GoSandbox;
  const MODS = ['example.com/hello@v1.0.0', 'example.com/incompat@v2.0.0+incompatible'];

  before(async () => {
    proxy = await startGoproxyServer();
  });
  after(async () => {
    await proxy.close();
  });
  beforeEach(async () => {
    sb = await goSandbox(g, { GOPROXY: proxy.url, GOSUMDB: 'off' });
    await fsp.writeFile(path.join(sb.work, 'main.go'), 'package main\n\nimport (\n\t"example.com/hello"\n\t"example.com/incompat"\n)\n\nfunc main() { _ = hello.Hello; _ = incompat.V }\n');
    const r = await sb.go(['get', ...MODS]);
    assert.equal(r.code, 0, r.stderr);
  });
  afterEach(async () => {
    await sb.cleanup();
  });

  const doctor = async (): Promise<Record<string, CheckResult>> => {
    const rep = await diagnose({ dir: sb.work, host: nodeHost({ env: sb.env, cwd: sb.work }), checks: cacheChecks, options: { offline: true } });
    return Object.fromEntries(rep.results.map((r) => [r.id, r]));
  };
  const goVerify = async () => {
    const r = await sb.go(['mod', 'verify']);
    return { code: r.code, out: (r.stdout + r.stderr).trim() };
  };
  const paths = (spec: string) => {
    const at = spec.lastIndexOf('@');
    return versionPaths(sb.modcache, spec.slice(0, at), spec.slice(at + 1));
  };

  it('our h1 of each zip, extracted tree and go.mod equals go .ziphash and go.sum', async () => {
    const sum = await fsp.readFile(path.join(sb.work, 'go.sum'), 'utf8');
    for (const spec of MODS) {
      const [mp, v] = [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)];
      const p = paths(spec);
      const ziphash = (await fsp.readFile(`${p.base}.ziphash`, 'utf8')).trim();
      assert.equal((await hashZip(`${p.base}.zip`)).hash, ziphash, `${spec} zip`);
      assert.equal((await hashDir(p.dir, spec)).hash, ziphash, `${spec} dir`);
      assert.ok(sum.includes(`${mp} ${v} ${ziphash}\n`), `${spec} go.sum zip line`);
      assert.ok(sum.includes(`${mp} ${v}/go.mod ${hashGoMod(await fsp.readFile(`${p.base}.mod`))}\n`), `${spec} go.sum go.mod line`);
    }
    assert.deepEqual(await goVerify(), { code: 0, out: 'all modules verified' });
    const d = await doctor();
    assert.equal(d.GPD803.status, 'ok', JSON.stringify(d.GPD803.findings));
    assert.equal(d.GPD804.status, 'ok', JSON.stringify(d.GPD804.findings));
    assert.equal(d.GPD802.status, 'ok');
    assert.equal(d.GPD801.status, 'ok');
  });

  it('an edited extracted file: go mod verify says dir has been modified, and so do we', async () => {
    const p = paths('example.com/hello@v1.0.0');
    await fsp.appendFile(path.join(p.dir, 'hello.go'), '\n// changed\n');
    const g = await goVerify();
    assert.equal(g.code, 1);
    assert.match(g.out, /example\.com\/hello v1\.0\.0: dir has been modified/);
    const d = await doctor();
    assert.equal(d.GPD803.status, 'error');
    assert.equal(d.GPD803.findings.length, 1);
    assert.ok(d.GPD803.findings[0].message.includes(`example.com/hello v1.0.0: dir has been modified (${p.dir})`));
    assert.ok(d.GPD803.findings[0].fixes[0].preferred && d.GPD803.findings[0].fixes[0].command!.includes(p.dir));
    assert.equal(d.GPD803.findings[0].fixes[1].command, 'go clean -modcache');
    assert.equal(d.GPD803.findings[0].fixes[1].preferred, false);
  });

  it('a modified zip and a missing ziphash: same verdicts as go mod verify', async () => {
    const up = paths('example.com/hello@v1.0.0');
    // Replace the zip with a valid zip of other content.
    const other = paths('example.com/incompat@v2.0.0+incompatible');
    await fsp.copyFile(`${other.base}.zip`, `${up.base}.zip`);
    const inc = paths('example.com/incompat@v2.0.0+incompatible');
    await fsp.rm(`${inc.base}.ziphash`);
    const g = await goVerify();
    assert.equal(g.code, 1);
    assert.match(g.out, /example\.com\/hello v1\.0\.0: zip has been modified/);
    assert.match(g.out, /example\.com\/incompat v2\.0\.0\+incompatible: missing ziphash: open .*v2\.0\.0\+incompatible\.ziphash: no such file or directory/);
    const d = await doctor();
    const msgs = d.GPD803.findings.map((f) => f.message).join('\n');
    assert.ok(msgs.includes(`example.com/hello v1.0.0: zip has been modified (${up.base}.zip)`), msgs);
    assert.ok(msgs.includes(`example.com/incompat v2.0.0+incompatible: missing ziphash: open ${inc.base}.ziphash: no such file or directory`), msgs);
    // The extracted tree still matches its .ziphash: go and we only blame the zip.
    assert.ok(!/hello v1\.0\.0: dir has been modified/.test(g.out));
    assert.ok(!msgs.includes('hello v1.0.0: dir has been modified'));
  });

  it('a zip that is not a zip: the same line as go mod verify', async () => {
    const p = paths('example.com/hello@v1.0.0');
    await fsp.writeFile(`${p.base}.zip`, 'this is not a zip file, it is text that is long enough');
    const g = await goVerify();
    assert.equal(g.code, 1);
    const goLine = g.out.split('\n').find((l) => l.startsWith('example.com/hello v1.0.0: '))!;
    assert.ok(goLine, g.out);
    const d = await doctor();
    assert.equal(d.GPD803.status, 'error');
    assert.ok(d.GPD803.findings[0].message.includes(goLine), `${goLine}\n${d.GPD803.findings[0].message}`);
  });

  it('a .partial marker: go mod verify ignores the tree, we report the leftover', async () => {
    const p = paths('example.com/hello@v1.0.0');
    await fsp.writeFile(`${p.base}.partial`, '');
    await fsp.appendFile(path.join(p.dir, 'hello.go'), '\n// half written\n');
    await fsp.writeFile(`${p.base}.zip123456789.tmp`, 'half a zip');
    const g = await goVerify();
    assert.deepEqual(g, { code: 0, out: 'all modules verified' });
    const d = await doctor();
    assert.equal(d.GPD803.status, 'ok', JSON.stringify(d.GPD803.findings));
    assert.equal(d.GPD802.status, 'warning');
    const text = JSON.stringify(d.GPD802.findings);
    assert.ok(text.includes('example.com/hello@v1.0.0'));
    assert.ok(text.includes('v1.0.0.zip123456789.tmp'));
    assert.ok(d.GPD802.findings[0].fixes[0].command!.includes(p.dir));
  });

  it('go.sum edited: go build fails with checksum mismatch, we show both hashes at the line', async () => {
    const file = path.join(sb.work, 'go.sum');
    const sum = await fsp.readFile(file, 'utf8');
    const p = paths('example.com/hello@v1.0.0');
    const real = (await fsp.readFile(`${p.base}.ziphash`, 'utf8')).trim();
    const fake = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    await fsp.writeFile(file, sum.replace(`example.com/hello v1.0.0 ${real}`, `example.com/hello v1.0.0 ${fake}`));
    const b = await sb.go(['build', './...']);
    assert.notEqual(b.code, 0);
    assert.match(b.stderr, /verifying example\.com\/hello@v1\.0\.0: checksum mismatch\n\tdownloaded: (h1:\S+)\n\tgo\.sum: +h1:AAAA/);
    assert.equal(/downloaded: (h1:\S+)/.exec(b.stderr)![1], real);
    const d = await doctor();
    assert.equal(d.GPD804.status, 'error');
    const f = d.GPD804.findings[0];
    assert.ok(f.evidence.some((e) => e.includes(`go.sum:     ${fake}`)) && f.evidence.some((e) => e.includes(`downloaded: ${real}`)));
    const line = sum.split('\n').findIndex((l) => l.startsWith('example.com/hello v1.0.0 ')) + 1;
    assert.equal(f.location!.startLine, line);
    assert.equal(f.fixes[0].kind, 'edit');
    // GOSUMDB=off here: re-recording is not verified, so the fix is not preferred.
    assert.equal(f.fixes[0].preferred, false);
  });
});
