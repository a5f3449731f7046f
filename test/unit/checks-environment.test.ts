import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { environmentChecks } from '../../src/core/checks/environment/index';
import { runChecks } from '../../src/core/engine/run-checks';
import { gatherEnvironment } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import type { Check } from '../../src/core/model/check';
import type { GoOS } from '../../src/core/model/environment';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import type { CheckResult } from '../../src/core/model/result';
import { Redactor } from '../../src/core/report/redact';
import { discoverWorkspace } from '../../src/core/sources/discover';

const byId = (id: string): Check => environmentChecks.find((c) => c.id === id)!;

/** Runs checks on a real temp folder with the given OS environment and files (go not run). */
async function run(ids: string[], env: Record<string, string>, files: Record<string, string> = {}, platform: GoOS = 'linux', goVersion?: string, offline = true): Promise<CheckResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gpd-env-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const host = nodeHost({ env: { HOME: dir, XDG_CONFIG_HOME: dir, ...env }, cwd: dir, homedir: dir, platform });
    const goEnv = await gatherEnvironment(host, { noExec: true, cwd: dir });
    if (goVersion) goEnv.go.version = goVersion;
    const m = new Map<string, Promise<unknown>>();
    return await runChecks(ids.map(byId), {
      dir, host, env: goEnv, options: { ...DEFAULT_OPTIONS, offline }, redactor: new Redactor(),
      workspace: () => discoverWorkspace(host, dir, undefined, { homeDir: dir, etcDir: null }),
      memo: <T>(k: string, f: () => Promise<T>) => { if (!m.has(k)) m.set(k, f()); return m.get(k) as Promise<T>; },
      log: () => {},
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('checks: environment layer on a real folder', () => {
  it('registers GPD101-GPD134 in id order, each in its own file with docs', () => {
    const ids = environmentChecks.map((c) => c.id);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of ['GPD101', 'GPD102', 'GPD103', 'GPD104', 'GPD105', 'GPD106', 'GPD107', 'GPD111', 'GPD112', 'GPD121', 'GPD122', 'GPD123', 'GPD124', 'GPD131', 'GPD132', 'GPD133', 'GPD134']) assert.ok(ids.includes(id), id);
  });

  it('points at the exact span in the go/env file when the value comes from there', async () => {
    const [r] = await run(['GPD101'], {}, { 'go/env': 'GOSUMDB=off\nGOPROXY=https://proxy.golang.org,Direct\n' });
    assert.equal(r.status, 'error');
    const f = r.findings[0];
    assert.equal(f.variable, 'GOPROXY');
    assert.ok(f.location, 'no location');
    assert.equal(f.location!.startLine, 2);
    // "GOPROXY=" is 8 characters: the value starts in column 9; "Direct" at offset 25.
    assert.equal(f.location!.startColumn, 9 + 25);
    assert.equal(f.location!.endColumn, 9 + 31);
    assert.ok(f.evidence.some((e) => e.includes('go/env')));
  });

  it('the OS value wins: no finding for a bad value hidden in the go/env file', async () => {
    const [r] = await run(['GPD101'], { GOPROXY: 'https://proxy.golang.org,direct' }, { 'go/env': 'GOPROXY=Direct\n' });
    assert.deepEqual(r.findings, []);
  });

  it('an empty OS value is unset: the go/env value is judged', async () => {
    const [r] = await run(['GPD101'], { GOPROXY: '' }, { 'go/env': 'GOPROXY=Direct\n' });
    assert.equal(r.status, 'error');
  });

  it('GONOPROXY inherited from GOPRIVATE is not judged twice', async () => {
    const rs = await run(['GPD121'], { GOPRIVATE: 'a.example, b.example' });
    assert.equal(rs[0].findings.length, 1);
    assert.equal(rs[0].findings[0].variable, 'GOPRIVATE');
  });

  it('GPD122: private modules of go.mod and go.sum, skipping local replacements', async () => {
    const gomod = 'module example.com/app\n\ngo 1.19\n\nrequire (\n\tgit.corp.internal/platform/log v1.2.0\n\tgithub.com/pkg/errors v0.9.1\n\tmycorp/tools v0.1.0\n\tgit.corp.example/team-b/lib v1.0.0\n)\n\nreplace mycorp/tools => ../tools\n';
    // github.com/acme being private says nothing about github.com/pkg/errors.
    const [r] = await run(['GPD122'], { GOPRIVATE: 'git.corp.example/team-a,github.com/acme' }, { 'go.mod': gomod });
    const mods = r.findings.map((f) => f.message.split(' ')[0]).sort();
    assert.deepEqual(mods, ['git.corp.example/team-b/lib', 'git.corp.internal/platform/log']);
    const f = r.findings.find((x) => x.message.startsWith('git.corp.internal'))!;
    assert.equal(f.location?.startLine, 6);
    assert.equal(f.fixes.find((x) => x.preferred)?.value, 'git.corp.example/team-a,github.com/acme,git.corp.internal');
    const [ok] = await run(['GPD122'], { GOPRIVATE: 'git.corp.internal,git.corp.example' }, { 'go.mod': gomod });
    assert.deepEqual(ok.findings, []);
  });

  it('GPD122 works on a folder without go.mod', async () => {
    const [r] = await run(['GPD122'], {});
    assert.equal(r.status, 'ok');
  });

  it('GPD132: -mod=vendor without a vendor directory', async () => {
    const [r] = await run(['GPD132'], { GOFLAGS: '-mod=vendor' }, { 'go.mod': 'module example.com/app\n\ngo 1.19\n' });
    assert.equal(r.status, 'error');
    assert.match(r.findings[0].message, /module lookup disabled by -mod=vendor/);
    const [ok] = await run(['GPD132'], { GOFLAGS: '-mod=vendor' }, { 'go.mod': 'module example.com/app\n\ngo 1.19\n', 'vendor/modules.txt': '' });
    assert.deepEqual(ok.findings, []);
  });

  it('GPD132: -overlay / -modfile naming missing files', async () => {
    const [r] = await run(['GPD132'], { GOFLAGS: '-modcacherw -overlay=ov.json' }, { 'go.mod': 'module example.com/app\n\ngo 1.19\n' });
    assert.equal(r.status, 'error');
    assert.match(r.findings[0].message, /go: reading overlay file: open ov.json: no such file or directory/);
    assert.equal(r.findings[0].fixes[0].value, '-modcacherw');
    const [ok] = await run(['GPD132'], { GOFLAGS: '-overlay=ov.json' }, { 'ov.json': '{"Replace":{}}' });
    assert.deepEqual(ok.findings, []);
  });

  it('GPD133: info only for a go that ignores GOTOOLCHAIN', async () => {
    const [old] = await run(['GPD133'], { GOTOOLCHAIN: 'go 1.22' }, {}, 'linux', 'go1.19.8');
    assert.equal(old.findings[0].severity, 'info');
    assert.match(old.findings[0].message, /ignores GOTOOLCHAIN/);
    const [modern] = await run(['GPD133'], { GOTOOLCHAIN: 'go 1.22' }, {}, 'linux', 'go1.22.3');
    assert.equal(modern.findings[0].severity, 'error');
  });

  it('GPD134: look-alikes in the OS environment, case-sensitive except on Windows', async () => {
    const [r] = await run(['GPD134'], { GO_PROXY: 'https://goproxy.io', goprivate: 'x.example', GONOSUMCHECK: 'x.example', HTTP_PROXY: 'http://p:3128' });
    assert.deepEqual(r.findings.map((f) => f.variable).sort(), ['GONOSUMCHECK', 'GO_PROXY', 'goprivate']);
    const [w] = await run(['GPD134'], { goprivate: 'x.example' }, {}, 'windows');
    assert.deepEqual(w.findings, []);
  });

  it('GPD107 applies only when proxy.golang.org is the first entry, and is skipped offline', async () => {
    assert.equal(byId('GPD107').needs.network, true);
    const [r] = await run(['GPD107'], {});
    assert.equal(r.status, 'skipped');
    // Online, but not applicable: decided before any probe (so nothing leaves the machine).
    const [other] = await run(['GPD107'], { GOPROXY: 'https://goproxy.cn,direct' }, {}, 'linux', undefined, false);
    assert.equal(other.status, 'skipped');
    assert.match(other.reason ?? '', /not the first GOPROXY entry/);
  });

  it('redacts credentials from GOPROXY in every finding', async () => {
    const rs = await run(['GPD105', 'GPD106'], { GOPROXY: 'http://bob:s3cretTok@squid.corp.example:3128' });
    const text = JSON.stringify(rs);
    assert.ok(!text.includes('s3cretTok'));
    assert.ok(rs.every((r) => r.status !== 'crashed'));
  });
});

describe('checks: GPD107 with a real probe that stays on loopback', () => {
  it('reports proxy.golang.org unreachable when the route to it fails (HTTPS_PROXY refusing on 127.0.0.1:1)', async () => {
    const [r] = await run(['GPD107'], { HTTPS_PROXY: 'http://127.0.0.1:1' }, {}, 'linux', undefined, false);
    assert.equal(r.status, 'error', JSON.stringify(r));
    assert.match(r.findings[0].message, /cannot be reached/);
    assert.ok(r.findings[0].fixes.every((f) => !f.preferred), 'choosing a mirror is never preferred');
    assert.ok(r.findings[0].evidence.some((e) => e.includes('127.0.0.1:1')), JSON.stringify(r.findings[0].evidence));
  });

  it('judges with the rules of the go that will run (the newest when unknown)', async () => {
    const [old] = await run(['GPD132'], { GOFLAGS: '-C=sub' }, {}, 'linux', 'go1.19.8');
    assert.equal(old.status, 'error');
    assert.match(old.findings[0].message, /unknown flag -C/);
    const [now] = await run(['GPD132'], { GOFLAGS: '-C=sub' }, {}, 'linux', 'go1.26.8');
    assert.deepEqual(now.findings, []);
    const [unknown] = await run(['GPD132'], { GOFLAGS: "'-ldflags=-s -w'" });
    assert.deepEqual(unknown.findings, []);
    const [url] = await run(['GPD101'], { GOPROXY: 'https://[1.2.3.4]' }, {}, 'linux', 'go1.27.3');
    assert.match(url.findings[0].message, /invalid IP-literal/);
    const [url19] = await run(['GPD101'], { GOPROXY: 'https://[1.2.3.4]' }, {}, 'linux', 'go1.19.8');
    assert.deepEqual(url19.findings, []);
  });

  it('GPD132: --test.benchtime=1s is a flag go knows (issue 14)', async () => {
    for (const v of ['go1.19.8', 'go1.26.8', 'go1.27.3']) {
      const [r] = await run(['GPD132'], { GOFLAGS: '--test.benchtime=1s' }, {}, 'linux', v);
      assert.deepEqual(r.findings, [], v);
    }
  });

  it('GPD131: GO111MODULE=off is an error inside a module, a warning elsewhere', async () => {
    const gomod = 'module example.com/app\n\ngo 1.19\n';
    const [inMod] = await run(['GPD131'], { GO111MODULE: 'off' }, { 'go.mod': gomod }, 'linux', 'go1.26.8');
    assert.equal(inMod.status, 'error');
    assert.match(inMod.findings[0].message, /modules disabled by GO111MODULE=off/);
    const [old] = await run(['GPD131'], { GO111MODULE: 'off' }, { 'go.mod': gomod }, 'linux', 'go1.19.8');
    assert.match(old.findings[0].message, /can only use path@version syntax/);
    const [outside] = await run(['GPD131'], { GO111MODULE: 'off' });
    assert.equal(outside.findings[0].severity, 'warning');
  });

  it('GPD121: a GOPRIVATE pattern with a scheme is an error when go.mod requires a module it was meant for', async () => {
    const gomod = 'module example.com/app\n\ngo 1.19\n\nrequire git.corp.example.com/team/lib v1.0.0\n';
    const [r] = await run(['GPD121'], { GOPRIVATE: 'https://git.corp.example.com' }, { 'go.mod': gomod });
    assert.equal(r.status, 'error');
    assert.match(r.findings[0].message, /go\.mod requires git\.corp\.example\.com\/team\/lib/);
    assert.equal(r.findings[0].fixes[0].value, 'git.corp.example.com');
    const [other] = await run(['GPD121'], { GOPRIVATE: 'https://other.example.com' }, { 'go.mod': gomod });
    assert.equal(other.findings[0].severity, 'warning');
  });
});
