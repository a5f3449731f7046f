import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { LabSumdb } from '../lab/sumdb-server';
import { labToolchainModule, recordInSumdb } from '../lab/toolchain-module';
import { describeEachGo, goPathEnv } from './go-versions';
import { execBounded, nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment, GO_VARIABLES } from '../../src/core/env/gather';
import { diagnose } from '../../src/core/diagnose';
import { renderText } from '../../src/core/report/text';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/core/report/report';

/**
 * Gathering never switches toolchains. In a module whose go.mod asks for go 1.99.0, with
 * GOTOOLCHAIN=auto and GOPROXY at a loopback lab that serves golang.org/toolchain, a plain
 * `go env -json` downloads go1.99.0 (the control below watches it happen); the doctor's
 * gathering sends no request, reports the local go and the user's own GOTOOLCHAIN, and the
 * report names the toolchain go commands here switch to.
 */
describeEachGo('go differential: gathering the environment never switches toolchains', (g) => {
  let lab: GoproxyServer;
  let db: LabSumdb;
  let root: string;

  before(async function () {
    this.timeout(60000);
    const toolchains = [labToolchainModule('go1.99.0')];
    lab = await startGoproxyServer({ modules: toolchains });
    db = new LabSumdb();
    await db.start();
    await recordInSumdb(db, toolchains);
  });
  after(async () => {
    await lab?.close();
    await db?.close();
    if (root) {
      await execBounded('chmod', ['-R', 'u+w', root], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', timeoutMs: 30000 }).catch(() => null);
      await fsp.rm(root, { recursive: true, force: true });
    }
  });

  it('go 1.99.0, GOTOOLCHAIN=auto, GOPROXY=lab: no request, the local go, the switch named', async function () {
    this.timeout(120000);
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-tcgather-'));
    const work = path.join(root, 'work');
    await fsp.mkdir(work, { recursive: true });
    await fsp.writeFile(path.join(work, 'go.mod'), 'module lab.test/m\n\ngo 1.99.0\n');
    const env: Record<string, string> = {
      PATH: goPathEnv(g), HOME: root, GOPATH: path.join(root, 'gopath'), GOMODCACHE: path.join(root, 'modcache'),
      GOCACHE: path.join(root, 'gocache'), GOENV: path.join(root, 'goenv'), GOFLAGS: '-modcacherw', GO111MODULE: 'on',
      GOTOOLCHAIN: 'auto', GOPROXY: lab.url, GOSUMDB: db.gosumdb, GONOSUMDB: '', GONOPROXY: '', GOPRIVATE: '', GOINSECURE: '',
      HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '', CGO_ENABLED: '0',
    };
    const host = nodeHost({ env, cwd: work, homedir: root, platform: 'linux' });

    lab.clearLog();
    const gathered = await gatherEnvironment(host, { cwd: work, timeoutMs: 30000 });
    assert.deepEqual(lab.log.map((e) => e.path), [], `${g.release}: gathering asked the lab`);
    assert.equal(gathered.fromGo, true, `${g.release}: ${gathered.go.error}`);
    assert.equal(gathered.go.error, undefined);
    assert.equal(gathered.go.version, g.release);
    assert.equal(gathered.vars.GOTOOLCHAIN.value, 'auto');
    assert.equal(gathered.vars.GOTOOLCHAIN.source, 'os');

    // The values agree with go's own answers without a switch: go env -json with the local
    // toolchain, and `go env GOTOOLCHAIN`, which the local toolchain answers (select.go Select).
    const local = await execBounded('go', ['env', '-json'], { env: { ...env, GOTOOLCHAIN: 'local' }, cwd: work, timeoutMs: 30000 });
    const goJson = JSON.parse(local.stdout) as Record<string, string>;
    for (const name of GO_VARIABLES) if (name in goJson && name !== 'GOTOOLCHAIN') assert.equal(gathered.vars[name].value, goJson[name], `${g.release}: ${name}`);
    if (g.minor >= 21) {
      const tc = await execBounded('go', ['env', 'GOTOOLCHAIN'], { env, cwd: work, timeoutMs: 30000 });
      assert.equal(tc.stdout.trim(), 'auto');
      assert.equal(gathered.go.envJson?.GOTOOLCHAIN, 'auto');
    }
    assert.deepEqual(lab.log.map((e) => e.path), [], `${g.release}: go env GOTOOLCHAIN asked the lab`);

    const report = await diagnose({ dir: work, host, options: { offline: true, only: ['GPD142'] } });
    assert.deepEqual(lab.log.map((e) => e.path), [], `${g.release}: the diagnosis asked the lab`);
    assert.equal(report.go.version, g.release);
    if (g.minor >= 21) {
      assert.deepEqual(report.go.switchesTo, { toolchain: 'go1.99.0', cause: 'go line', reason: 'go.mod says `go 1.99.0`, newer than the rest: go switches to go1.99.0.' });
      assert.match(renderText(report, { color: false }), /go commands here switch to go1\.99\.0 \(go line\)/);
    } else {
      assert.equal(report.go.switchesTo, undefined, 'go1.19.8 never switches');
    }

    // The CLI, in a go 1.23 module with GOPROXY=off: the warning at the go line, go's words, no download in the header.
    const m23 = path.join(root, 'm23');
    await fsp.mkdir(m23, { recursive: true });
    await fsp.writeFile(path.join(m23, 'go.mod'), 'module lab.test/m\n\ngo 1.23\n');
    const out = { text: '', err: '' };
    const io = { stdout: (t: string) => { out.text += t; }, stderr: (t: string) => { out.err += t; }, stdoutIsTTY: false, stderrIsTTY: false, env: { ...env, GOPROXY: 'off' }, cwd: m23 };
    await main(['--offline', '--only', 'GPD151', '--format', 'json', m23], io);
    const cli = JSON.parse(out.text) as Report;
    assert.equal(cli.go.version, g.release);
    assert.equal(cli.go.error, undefined);
    const found = cli.results.flatMap((r) => r.findings);
    if (g.minor >= 21) {
      assert.deepEqual(found.map((f) => [f.id, f.severity, f.location?.startLine, f.location?.startColumn]), [['GPD151', 'warning', 3, 4]]);
      assert.ok(found[0].message.endsWith('go: downloading go1.23 (linux/amd64)\ngo: download go1.23 for linux/amd64: toolchain not available'), found[0].message);
    } else {
      assert.deepEqual(found, []);
    }

    // Control: a plain go env -json in this folder does switch, through the lab.
    const plain = await execBounded('go', ['env', '-json', 'GOVERSION'], { env, cwd: work, timeoutMs: 60000 });
    if (g.minor >= 21) {
      assert.ok(lab.log.some((e) => e.path.includes('golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip')), `${g.release}: ${JSON.stringify(lab.log.map((e) => e.path))}`);
      assert.match(plain.stderr, /go: downloading go1\.99\.0 \(linux\/amd64\)/);
    } else {
      assert.deepEqual(lab.log.map((e) => e.path), []);
      assert.equal(JSON.parse(plain.stdout).GOVERSION, 'go1.19.8');
    }
  });
});
