import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import type { Report } from '../../src/core/report/report';
import { chooseGo } from '../../src/vscode/choose-go';
import { describeEachGo, goPathEnv, DEFAULT_GO } from './go-versions';

/**
 * The go the doctor runs is the one the person runs: `--go PATH` (CLI), the Go extension's
 * settings (editor), else go on PATH. With each real release given by --go and no go on PATH
 * at all, the report must name that release, as go itself says it, and apply its rules.
 */
function hermeticEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin', HOME: home, GOPATH: path.join(home, 'gopath'), GOMODCACHE: path.join(home, 'modcache'),
    GOCACHE: path.join(home, 'gocache'), GOENV: path.join(home, 'goenv'), GOTOOLCHAIN: 'local', GOFLAGS: '', ...extra,
  };
}

async function cli(argv: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env, cwd });
  return { code, stdout, stderr };
}

describeEachGo('--go: the report names the go that was run and whose rules applied', (g) => {
  let home = '';
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-gobin-'));
    fs.writeFileSync(path.join(home, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
  });
  after(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

  it('no go on PATH, --go names it: version, rules and chosenBy in the JSON report', async function () {
    this.timeout(60000);
    const r = await cli(['--go', g.bin, '--offline', '--only', 'environment', '--format', 'json', home], hermeticEnv(home), home);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.go.path, g.bin);
    assert.equal(report.go.version, g.release);
    assert.equal(report.go.chosenBy, '--go');
    assert.deepEqual(report.go.rules, { version: g.release, basis: 'go' });
    assert.equal(report.environment.GOMODCACHE.value, path.join(home, 'modcache'));
  });

  it('the text and markdown reports show the rules applied', async function () {
    this.timeout(60000);
    const text = await cli(['--go', g.bin, '--offline', '--only', 'GPD101', '--no-color', home], hermeticEnv(home), home);
    assert.equal(text.stdout.split('\n')[1], `go: ${g.release} (${g.bin}); chosen by --go; rules of ${g.release}  [offline]`);
    const md = await cli(['--go', g.bin, '--offline', '--only', 'GPD101', '--format', 'markdown', home], hermeticEnv(home), home);
    assert.ok(md.stdout.includes(`| rules applied | \`${g.release}\` |`), md.stdout);
  });

  it('explain --go runs that go', async function () {
    this.timeout(60000);
    const r = await cli(['explain', '--go', g.bin, '--format', 'json', home], hermeticEnv(home), home);
    const data = JSON.parse(r.stdout) as { go: { path: string; version: string; fromGo: boolean } };
    assert.deepEqual([data.go.path, data.go.version, data.go.fromGo], [g.bin, g.release, true]);
  });

  it('the editor\'s go.goroot picks this release over the go on PATH', async function () {
    this.timeout(60000);
    const goroot = path.dirname(path.dirname(g.bin));
    const choice = chooseGo({ settings: { goroot }, env: { PATH: goPathEnv(DEFAULT_GO) }, platform: 'linux' });
    assert.deepEqual(choice.binary, { path: path.join(goroot, 'bin', 'go'), chosenBy: 'go.goroot' });
    const report = await diagnose({
      dir: home,
      host: nodeHost({ env: hermeticEnv(home, { PATH: goPathEnv(DEFAULT_GO), ...(choice.gorootEnv ? { GOROOT: choice.gorootEnv } : {}) }), cwd: home }),
      options: { offline: true, only: ['GPD142'], goBinary: choice.binary },
    });
    assert.equal(report.go.version, g.release);
    assert.equal(report.go.chosenBy, 'go.goroot');
    assert.equal(report.environment.GOROOT.value, goroot);
  });
});

describe('--go: bad input and unknown versions', () => {
  it('a missing --go file, a folder, and a file that is not executable are usage errors (exit 2)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-gobin-bad-'));
    try {
      fs.writeFileSync(path.join(tmp, 'plain'), 'x', { mode: 0o644 });
      for (const [arg, msg] of [[path.join(tmp, 'nope'), /no such file/], [tmp, /is a folder/], [path.join(tmp, 'plain'), /not an executable file/]] as const) {
        const r = await cli(['--go', arg, '--offline'], hermeticEnv(tmp), tmp);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, msg);
        assert.equal(r.stdout, '');
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });

  it('no go anywhere: the newest rules, and why', async function () {
    this.timeout(60000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-gobin-none-'));
    try {
      const r = await cli(['--offline', '--only', 'GPD142', '--format', 'json', tmp], hermeticEnv(tmp), tmp);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.go.version, null);
      assert.equal(report.go.rules?.basis, 'newest');
      assert.equal(report.go.rules?.version, 'go1.27.3');
      assert.match(report.go.rules?.reason ?? '', /go version is unknown/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });
});
