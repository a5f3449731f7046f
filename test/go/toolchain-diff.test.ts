import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { LabSumdb } from '../lab/sumdb-server';
import { buildFixtures } from '../lab/module-fixtures';
import { labToolchainModule, labToolchainRanLine, recordInSumdb, toolchainModuleVersion } from '../lab/toolchain-module';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';
import { execBounded, nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { runChecks } from '../../src/core/engine/run-checks';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { discoverWorkspace } from '../../src/core/sources/discover';
import { environmentChecks } from '../../src/core/checks/environment/index';
import { walkChain } from '../../src/core/net/chain-walk';
import type { CheckResult } from '../../src/core/model/result';
import type { ToolchainOutcome } from '../../src/core/toolchain/toolchain-outcome';

/**
 * Toolchain switching, real go against the doctor. The lab GOPROXY serves a tiny fake
 * golang.org/toolchain (go1.99.0, go1.99.1: bin/go is a shell script that says who it is) and
 * the lab checksum database knows it, so go1.26.8 and go1.27.3 really download, verify and run
 * it — or fail, with their own words. go1.19.8 runs every case too (it never switches, and
 * refuses the Go 1.21 go.mod syntax). Direct fetches go to a refused loopback HTTP proxy, so
 * nothing ever reaches golang.org or proxy.golang.org.
 *
 * The doctor's prediction (which toolchain runs, and what go prints on stderr) must equal what
 * each release does.
 */

type ProxyKind = 'lab' | 'bare' | 'off' | 'direct';

interface Case {
  name: string;
  gomod: string;
  /** undefined: not set in the OS, so the go/env file or $GOROOT/go.env decides. */
  gotoolchain?: string;
  proxy: ProxyKind;
  gosumdb?: 'off';
  os?: Record<string, string>;
  /** Content of a go.work beside go.mod. */
  gowork?: string;
  /** Content of the go/env file. */
  goenv?: string;
  /** The doctor cannot know without asking golang.org: its prediction is the failure go prints where those hosts are out of reach. */
  uncertain?: boolean;
}

const GO99 = 'module lab.test/m\n\ngo 1.99.0\n';
const CASES: Case[] = [
  { name: 'go 1.22, auto: the local go is new enough (go1.19.8 reads a language version)', gomod: 'module lab.test/m\n\ngo 1.22\n', gotoolchain: 'auto', proxy: 'lab' },
  { name: 'go 1.99.0, local: go.mod requires a newer go', gomod: GO99, gotoolchain: 'local', proxy: 'lab' },
  { name: 'go 1.99.0, auto, lab: switches to go1.99.0', gomod: GO99, gotoolchain: 'auto', proxy: 'lab' },
  { name: 'go 1.99.0, auto, GOPROXY=off: toolchain not available', gomod: GO99, gotoolchain: 'auto', proxy: 'off' },
  { name: 'go 1.99.0, auto, a proxy without golang.org/toolchain: toolchain not available', gomod: GO99, gotoolchain: 'auto', proxy: 'bare' },
  { name: 'go 1.99.0, auto, GOPROXY=direct with golang.org out of reach', gomod: GO99, gotoolchain: 'auto', proxy: 'direct', uncertain: true },
  { name: 'go 1.99.0, auto, lab, GOSUMDB=off: the checksum database is required', gomod: GO99, gotoolchain: 'auto', proxy: 'lab', gosumdb: 'off' },
  { name: 'go 1.99.0, auto, lab, GONOSUMDB=golang.org/toolchain: ignored, still verified, switches', gomod: GO99, gotoolchain: 'auto', proxy: 'lab', os: { GONOSUMDB: 'golang.org/toolchain' } },
  { name: 'go 1.99.0, auto, lab, GOPRIVATE=golang.org: direct, out of reach', gomod: GO99, gotoolchain: 'auto', proxy: 'lab', os: { GOPRIVATE: 'golang.org' }, uncertain: true },
  { name: 'go 1.99.0, path: not in PATH', gomod: GO99, gotoolchain: 'path', proxy: 'lab' },
  { name: 'go 1.99 (language version), auto: go asks for go1.99.0', gomod: 'module lab.test/m\n\ngo 1.99\n', gotoolchain: 'auto', proxy: 'lab' },
  { name: 'toolchain go1.99.1, auto, lab: switches to go1.99.1', gomod: 'module lab.test/m\n\ngo 1.21\n\ntoolchain go1.99.1\n', gotoolchain: 'auto', proxy: 'lab' },
  { name: 'toolchain go1.99.1, local: no switch, no error', gomod: 'module lab.test/m\n\ngo 1.21\n\ntoolchain go1.99.1\n', gotoolchain: 'local', proxy: 'lab' },
  { name: 'toolchain go1.99 (language version), auto: invalid toolchain', gomod: 'module lab.test/m\n\ngo 1.21\n\ntoolchain go1.99\n', gotoolchain: 'auto', proxy: 'lab' },
  { name: 'toolchain default, go 1.99.0, GOTOOLCHAIN=go1.26.8+auto: keeps the minimum, TooNewError names it', gomod: 'module lab.test/m\n\ngo 1.99.0\n\ntoolchain default\n', gotoolchain: 'go1.26.8+auto', proxy: 'lab' },
  { name: 'go.work go 1.99.0 beats go.mod go 1.22 (auto, lab): switches', gomod: 'module lab.test/m\n\ngo 1.22\n', gowork: 'go 1.99.0\n\nuse .\n', gotoolchain: 'auto', proxy: 'lab' },
  { name: 'go.work go 1.99.0, local: go.work requires a newer go', gomod: 'module lab.test/m\n\ngo 1.22\n', gowork: 'go 1.99.0\n\nuse .\n', gotoolchain: 'local', proxy: 'lab' },
  { name: 'go.work toolchain go1.99.1 (auto, GOPROXY=off)', gomod: 'module lab.test/m\n\ngo 1.22\n', gowork: 'go 1.22\n\ntoolchain go1.99.1\n\nuse .\n', gotoolchain: 'auto', proxy: 'off' },
  { name: 'GOTOOLCHAIN=go1.99.1: switches whatever go.mod says', gomod: 'module lab.test/m\n\ngo 1.22\n', gotoolchain: 'go1.99.1', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=go1.99.1+path: not in PATH', gomod: 'module lab.test/m\n\ngo 1.22\n', gotoolchain: 'go1.99.1+path', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=go1.22.0+auto, go 1.99.0: go.mod wins', gomod: GO99, gotoolchain: 'go1.22.0+auto', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=local+auto, go 1.99.0: switches', gomod: GO99, gotoolchain: 'local+auto', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=go1.26.8, go 1.99.0: no +auto, no switch by go.mod', gomod: GO99, gotoolchain: 'go1.26.8', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=go1.99 (language version): invalid toolchain', gomod: 'module lab.test/m\n\ngo 1.22\n', gotoolchain: 'go1.99', proxy: 'lab' },
  { name: 'GOTOOLCHAIN="go 1.22": invalid', gomod: 'module lab.test/m\n\ngo 1.22\n', gotoolchain: 'go 1.22', proxy: 'lab' },
  { name: 'GOTOOLCHAIN unset: $GOROOT/go.env decides (local in go1.26.8, auto in go1.27.3)', gomod: GO99, proxy: 'lab' },
  { name: 'GOTOOLCHAIN=local in the go/env file', gomod: GO99, goenv: 'GOTOOLCHAIN=local\n', proxy: 'lab' },
  { name: 'GOTOOLCHAIN=auto in the go/env file, GOPROXY=off', gomod: GO99, goenv: 'GOTOOLCHAIN=auto\nGOPROXY=off\n', proxy: 'lab' },
];

interface Seen {
  runs: string;
  stderr: string;
}

function actual(g: GoUnderTest, code: number | null, stdout: string, stderr: string): Seen {
  const ran = /^lab toolchain (\S+) ran: /.exec(stdout);
  if (code === 0 && ran) return { runs: ran[1], stderr: stderr.trim() };
  if (code === 0) return { runs: g.release, stderr: stderr.trim() };
  return { runs: '', stderr: stderr.trim() };
}

describeEachGo('go differential: toolchain switching', (g) => {
  let lab: GoproxyServer;
  let bare: GoproxyServer;
  let db: LabSumdb;
  const roots: string[] = [];

  before(async function () {
    this.timeout(60000);
    const toolchains = ['go1.99.0', 'go1.99.1'].map(labToolchainModule);
    lab = await startGoproxyServer({ modules: [...buildFixtures(), ...toolchains] });
    bare = await startGoproxyServer({ modules: buildFixtures() });
    db = new LabSumdb();
    await db.start();
    await recordInSumdb(db, [...buildFixtures(), ...toolchains]);
  });
  after(async () => {
    await lab?.close();
    await bare?.close();
    await db?.close();
    for (const r of roots) {
      await execBounded('chmod', ['-R', 'u+w', r], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', timeoutMs: 30000 }).catch(() => null);
      await fsp.rm(r, { recursive: true, force: true });
    }
  });

  async function sandbox(c: Case) {
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-tc-'));
    roots.push(root);
    const work = path.join(root, 'work');
    await fsp.mkdir(work, { recursive: true });
    await fsp.writeFile(path.join(work, 'go.mod'), c.gomod);
    if (c.gowork !== undefined) await fsp.writeFile(path.join(work, 'go.work'), c.gowork);
    const goenv = path.join(root, 'goenv');
    if (c.goenv !== undefined) await fsp.writeFile(goenv, c.goenv);
    const goproxy = c.proxy === 'lab' ? lab.url : c.proxy === 'bare' ? bare.url : c.proxy;
    const env: Record<string, string> = {
      PATH: goPathEnv(g), HOME: root, GOPATH: path.join(root, 'gopath'), GOMODCACHE: path.join(root, 'modcache'),
      GOCACHE: path.join(root, 'gocache'), GOENV: goenv, GOFLAGS: '-modcacherw', GO111MODULE: 'on',
      GOPROXY: goproxy, GOSUMDB: c.gosumdb ?? db.gosumdb, GONOSUMDB: '', GONOPROXY: '', GOPRIVATE: '', GOINSECURE: '',
      // Direct fetches (golang.org/toolchain?go-get=1) meet a refused proxy: nothing leaves the machine.
      HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '',
      CGO_ENABLED: '0', ...(c.os ?? {}),
    };
    if (c.gotoolchain !== undefined) env.GOTOOLCHAIN = c.gotoolchain;
    if (c.goenv !== undefined && /^GOPROXY=/m.test(c.goenv)) delete env.GOPROXY;
    return { root, work, env };
  }

  async function doctor(work: string, env: Record<string, string>): Promise<{ outcome: ToolchainOutcome; results: Record<string, CheckResult> }> {
    const host = nodeHost({ env, cwd: work, homedir: env.HOME, platform: 'linux' });
    // With go: gathering runs go env with GOTOOLCHAIN=local (toolchain-gather.test.ts), so it never switches here.
    const goEnv = await gatherEnvironment(host, { cwd: work, timeoutMs: 30000 });
    assert.equal(goEnv.go.version, g.release, `${g.release}: gathering switched (${goEnv.go.error ?? ''})`);
    // The user's GOTOOLCHAIN as `go env GOTOOLCHAIN` prints it equals the one computed from the files.
    const computed = await gatherEnvironment(host, { cwd: work, noExec: true });
    assert.equal(goEnv.vars.GOTOOLCHAIN.value, computed.vars.GOTOOLCHAIN.value, `${g.release}: GOTOOLCHAIN`);
    const memo = new Map<string, Promise<unknown>>();
    const checks = environmentChecks.filter((c) => /^GPD15\d$/.test(c.id));
    const results = await runChecks(checks, {
      dir: work, host, env: goEnv, options: { ...DEFAULT_OPTIONS, offline: false, timeoutMs: 10000 }, redactor: new Redactor(),
      workspace: () => discoverWorkspace(host, work, undefined, { homeDir: env.HOME, etcDir: null }),
      memo: <T>(k: string, f: () => Promise<T>) => {
        if (!memo.has(k)) memo.set(k, f());
        return memo.get(k) as Promise<T>;
      },
      log: () => {},
    });
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    for (const r of results) assert.notEqual(r.status, 'crashed', `${r.id}: ${r.reason}`);
    const outcome = byId.GPD152.data as ToolchainOutcome;
    assert.ok(outcome, `no prediction (GPD152: ${byId.GPD152.status} ${byId.GPD152.reason ?? ''})`);
    return { outcome, results: byId };
  }

  for (const c of CASES) {
    it(c.name, async function () {
      this.timeout(120000);
      const { work, env } = await sandbox(c);
      const r = await execBounded('go', ['list', '-m'], { env, cwd: work, timeoutMs: 90000 });
      const seen = actual(g, r.code, r.stdout, r.stderr);
      if (seen.runs.startsWith('go1.99')) assert.equal(r.stdout.trim(), labToolchainRanLine(seen.runs, ['list', '-m']));
      const { outcome, results } = await doctor(work, env);
      assert.deepEqual({ runs: outcome.runs, stderr: outcome.stderr }, seen, `${g.release}: doctor predicted ${JSON.stringify(outcome)}`);
      assert.equal(outcome.certain, !(c.uncertain && g.minor >= 21), `${g.release}: certainty (${outcome.note ?? ''})`);
      // The check that explains a failure reports it, at a place in a file when go.mod decides.
      if (outcome.reportedBy && outcome.reportedBy !== 'GPD133') {
        const f = results[outcome.reportedBy].findings[0];
        assert.ok(f, `${outcome.reportedBy} has no finding`);
        assert.ok(f.message.endsWith(outcome.stderr), f.message);
        assert.ok(f.fixes.length > 0 || outcome.reportedBy === 'GPD154', `${outcome.reportedBy} offers no fix`);
      }
      if (outcome.runs !== '' || outcome.reportedBy === 'GPD133') {
        for (const id of ['GPD151', 'GPD152', 'GPD153', 'GPD154']) assert.ok(!results[id].findings.some((f) => f.severity === 'error'), `${id}: ${results[id].findings.map((f) => f.message).join(' | ')}`);
      }
    });
  }

  it('go 1.23 with GOPROXY=off: this go is fine (no error), go1.21.0-12/go1.22.0-5 are warned of with their words; go 1.23.0 is not', async function () {
    this.timeout(120000);
    for (const gomod of ['module lab.test/m\n\ngo 1.23\n', 'module lab.test/m\n\ngo 1.23.0\n']) {
      const { work, env } = await sandbox({ name: '', gomod, gotoolchain: 'auto', proxy: 'off' });
      const r = await execBounded('go', ['list', '-m'], { env, cwd: work, timeoutMs: 90000 });
      const { results } = await doctor(work, env);
      const errors = ['GPD151', 'GPD152', 'GPD153', 'GPD154'].flatMap((id) => results[id].findings.filter((f) => f.severity === 'error'));
      // go1.26.8 and go1.27.3 run the module; go1.19.8 refuses `go 1.23.0` (GPD152), reads `go 1.23`.
      assert.equal(r.code === 0, errors.length === 0, `${g.release}: go exit ${r.code} ${r.stderr}; errors ${errors.map((f) => f.message).join(' | ')}`);
      const w = results.GPD151.findings.filter((f) => f.severity === 'warning');
      if (gomod.includes('1.23.0') || g.minor < 21) {
        assert.deepEqual(w, [], `${g.release}: ${gomod}`);
        continue;
      }
      assert.equal(r.code, 0, `${g.release}: ${r.stderr}`);
      assert.equal(w.length, 1, `${g.release}: ${JSON.stringify(results.GPD151.findings)}`);
      assert.ok(w[0].message.endsWith('go: downloading go1.23 (linux/amd64)\ngo: download go1.23 for linux/amd64: toolchain not available'), w[0].message);
      assert.match(w[0].message, /go1\.21\.0-go1\.21\.12 and go1\.22\.0-go1\.22\.5/);
      assert.deepEqual(w[0].location, { file: path.join(work, 'go.mod'), startLine: 3, startColumn: 4, endLine: 3, endColumn: 8 });
      assert.deepEqual(w[0].fixes[0].edits?.map((e) => e.newText), ['1.23.0']);
    }
  });

  it('go.mod line and column: the finding points at the version of the go line', async function () {
    this.timeout(120000);
    const { work, env } = await sandbox({ name: '', gomod: GO99, gotoolchain: 'auto', proxy: 'off' });
    const { results } = await doctor(work, env);
    const f = g.minor >= 21 ? results.GPD153.findings[0] : results.GPD152.findings[0];
    assert.ok(f, `${g.release}: no finding`);
    assert.deepEqual(f.location, { file: path.join(work, 'go.mod'), startLine: 3, startColumn: 4, endLine: 3, endColumn: 10 });
  });

  it('GOTOOLCHAIN from $GOROOT/go.env: the finding names that line (go1.26.8 ships GOTOOLCHAIN=local)', async function () {
    this.timeout(120000);
    if (g.minor < 21) {
      // go1.19.8 has no go.env and never switches: only the go line it cannot read is reported.
      const { work, env } = await sandbox({ name: '', gomod: GO99, proxy: 'lab' });
      const { results } = await doctor(work, env);
      assert.deepEqual(results.GPD152.findings.map((f) => f.location?.startLine), [3]);
      return;
    }
    const { work, env } = await sandbox({ name: '', gomod: GO99, proxy: 'off' });
    const { results } = await doctor(work, env);
    const goenv = path.join(path.dirname(g.binDir), 'go.env');
    const f = [...results.GPD152.findings, ...results.GPD153.findings][0];
    assert.ok(f, `${g.release}: no finding`);
    const rel = f.related?.find((r) => r.location.file === goenv);
    assert.ok(rel, `${g.release}: related ${JSON.stringify(f.related)}`);
    const text = (await fsp.readFile(goenv, 'utf8')).split('\n')[rel.location.startLine - 1];
    assert.equal(text.slice(rel.location.startColumn - 1, rel.location.endColumn - 1), g.release === 'go1.26.8' ? 'local' : 'auto');
  });

  it('resolve golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: the chain walk agrees with go mod download', async function () {
    this.timeout(120000);
    const version = toolchainModuleVersion('go1.99.1');
    for (const proxy of ['lab', 'bare'] as const) {
      const { work, env } = await sandbox({ name: '', gomod: 'module lab.test/m\n\ngo 1.19\n', gotoolchain: 'local', proxy });
      const r = await execBounded('go', ['mod', 'download', '-json', `golang.org/toolchain@${version}`], { env, cwd: work, timeoutMs: 90000 });
      const j = JSON.parse(r.stdout) as { Error?: string; Zip?: string };
      const w = await walkChain('golang.org/toolchain', version, { goproxy: env.GOPROXY, gonoproxy: '', platform: 'linux', env, timeoutMs: 10000 });
      assert.equal(w.verdict.served, !j.Error, `${proxy}: go says ${j.Error ?? 'ok'}; walk ${JSON.stringify(w.verdict)}`);
      if (j.Error) assert.equal(w.verdict.error, j.Error);
    }
  });
});
