import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { allChecks } from '../../src/core/checks/registry';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/core/report/report';
import { DEFAULT_GO } from '../go/go-versions';

// Runs the bundled CLI (dist/cli.js, as `npm run build` makes it) in a temp folder with a
// complete, controlled environment and --offline: nothing leaves the machine.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const GO_DIR = DEFAULT_GO.binDir;

interface Run { code: number | null; stdout: string; stderr: string }

let tmp = '';

function baseEnv(home: string): Record<string, string> {
  return {
    PATH: `${GO_DIR}:/usr/bin:/bin`,
    HOME: home,
    GOPATH: path.join(home, 'go'),
    GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
    GOCACHE: path.join(home, 'cache'),
    GOENV: path.join(home, '.config', 'go', 'env'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
  };
}

function cli(args: string[], env: Record<string, string>, cwd = path.join(tmp, 'project')): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function worst(report: Report): 'error' | 'warning' | 'info' | 'none' {
  const sev = report.results.flatMap((r) => r.findings.map((f) => f.severity));
  return sev.includes('error') ? 'error' : sev.includes('warning') ? 'warning' : sev.includes('info') ? 'info' : 'none';
}

describe('cli: the built go-proxy-doctor', function () {
  this.timeout(180000);
  let env: Record<string, string>;

  before(() => {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    assert.equal(b.status, 0, `npm run build failed:\n${b.stderr}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-cli-'));
    fs.mkdirSync(path.join(tmp, 'project'));
    fs.mkdirSync(path.join(tmp, 'home', '.config', 'go'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'project', 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
    env = baseEnv(path.join(tmp, 'home'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--version prints the version of package.json', () => {
    for (const flag of ['--version', '-V']) {
      const r = cli([flag], env);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `go-proxy-doctor ${PKG.version}\n`);
    }
  });

  it('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--bogus'], /bogus/],
      [['--format', 'yaml'], /unknown --format "yaml"/],
      [['--fail-on', 'fatal'], /--fail-on must be/],
      [['--only', 'GPD999'], /unknown check or layer: GPD999/],
      [['--timeout', 'soon'], /--timeout must be/],
      [['a', 'b'], /at most one folder/],
      [['--output', path.join(tmp, 'missing', 'report.json')], /cannot write --output/],
      // Not go failing to run: the folder is not there (or is a file).
      [[path.join(tmp, 'no', 'such', 'dir')], /no such folder: .*no\/such\/dir\n/],
      [['go.mod'], /not a folder: go\.mod\n/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['--offline', ...args], env);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('--offline reports every network check as skipped, never as passed', () => {
    const network = new Set(allChecks().filter((c) => c.needs.network).map((c) => c.id));
    assert.ok(network.size > 0, 'no network check is registered');
    const r = cli(['--offline', '--format', 'json'], env);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.offline, true);
    const seen = report.results.filter((x) => network.has(x.id));
    assert.equal(seen.length, network.size, 'every network check is in the report');
    for (const x of seen) {
      assert.equal(x.status, 'skipped', `${x.id} is ${x.status}`);
      // Skipped for being offline, or for depending on a check that was (never run blind).
      assert.match(x.reason ?? '', /offline|depends on GPD\d+ .* was skipped/);
      assert.equal(x.findings.length, 0);
    }
  });

  it('exit codes follow --fail-on: 1 when a finding reaches it, 0 otherwise', () => {
    // Environments that make go fail or that go accepts with a risk; which check speaks
    // is the checks' business: the exit code must agree with the report's own findings.
    const goenv = path.join(tmp, 'home', '.config', 'go', 'env');
    const candidates: Array<{ name: string; env: Record<string, string>; goenv?: string }> = [
      { name: 'GOSUMDB=off', env: { GOSUMDB: 'off' } },
      { name: 'GOPROXY=Direct', env: { GOPROXY: 'Direct' } },
      { name: 'GO111MODULE=yes', env: { GO111MODULE: 'yes' } },
      { name: 'OS GOPROXY shadows go env -w', env: { GOPROXY: 'https://proxy.golang.org,direct' }, goenv: 'GOPROXY=https://goproxy.io,direct\n' },
      { name: 'GOPRIVATE with a scheme', env: { GOPRIVATE: 'https://gitlab.corp.example/' } },
      { name: 'no go on PATH', env: { PATH: '/nonexistent' } },
    ];
    const seen = new Set<string>();
    for (const c of candidates) {
      if (c.goenv) fs.writeFileSync(goenv, c.goenv);
      else fs.rmSync(goenv, { force: true });
      const e = { ...env, ...c.env };
      const json = cli(['--offline', '--format', 'json'], e);
      const report = JSON.parse(json.stdout) as Report;
      const w = worst(report);
      const crashed = report.results.some((r) => r.status === 'crashed');
      seen.add(w);
      assert.equal(json.code, w === 'error' || crashed ? 1 : 0, `${c.name}: json run (worst ${w})`);
      const onWarning = cli(['--offline', '--no-color', '--fail-on', 'warning'], e);
      assert.equal(onWarning.code, w === 'error' || w === 'warning' || crashed ? 1 : 0, `${c.name}: --fail-on warning (worst ${w})`);
      const onInfo = cli(['--offline', '--no-color', '--fail-on', 'info'], e);
      assert.equal(onInfo.code, w === 'none' && !crashed ? 0 : 1, `${c.name}: --fail-on info (worst ${w})`);
    }
    fs.rmSync(goenv, { force: true });
    assert.ok(seen.has('warning'), `no candidate environment produced a warning-only report (saw ${[...seen].join(', ')})`);
    assert.ok(seen.has('error'), `no candidate environment produced an error (saw ${[...seen].join(', ')})`);
  });

  it('colours only when allowed: FORCE_COLOR colours, NO_COLOR and --no-color win', () => {
    const esc = /\u001b\[/;
    assert.match(cli(['--offline'], { ...env, FORCE_COLOR: '1' }).stdout, esc, 'FORCE_COLOR=1 colours (so the checks below can fail)');
    assert.doesNotMatch(cli(['--offline'], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, esc);
    assert.doesNotMatch(cli(['--offline', '--no-color'], { ...env, FORCE_COLOR: '1' }).stdout, esc);
    assert.doesNotMatch(cli(['--offline'], env).stdout, esc, 'not a TTY: plain');
  });

  it('--output writes the report to a file, in any format, and prints only a summary', () => {
    for (const [format, check] of [
      ['json', (s: string) => assert.equal((JSON.parse(s) as Report).schemaVersion, 1)],
      ['markdown', (s: string) => assert.match(s, /^# Go Proxy Doctor report\n/)],
      ['sarif', (s: string) => assert.equal(JSON.parse(s).version, '2.1.0')],
      ['codequality', (s: string) => assert.ok(Array.isArray(JSON.parse(s)))],
      ['junit', (s: string) => assert.match(s, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /)],
      ['text', (s: string) => assert.match(s, /^Go Proxy Doctor /)],
    ] as const) {
      const file = path.join(tmp, `report.${format}`);
      const r = cli(['--offline', '--format', format, '--output', file], { ...env, FORCE_COLOR: '1' });
      assert.ok(r.code === 0 || r.code === 1, `${format}: exit ${r.code} ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /report written to .* — \d+ errors?, /);
      const text = fs.readFileSync(file, 'utf8');
      check(text);
      assert.doesNotMatch(text, /\u001b\[/, 'a file never gets colours');
    }
  });

  it('every machine format of a real run is what its consumers parse', () => {
    const sarif = JSON.parse(cli(['--offline', '--format', 'sarif'], env).stdout);
    assert.equal(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `file://${fs.realpathSync(path.join(tmp, 'project'))}/`.replace(/\/+$/, '/'));
    for (const r of sarif.runs[0].results) assert.ok(r.locations[0].physicalLocation.artifactLocation.uri);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'report', 'sarif-schema-2.1.0.json'), 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const cq = JSON.parse(cli(['--offline', '--format', 'codequality'], env).stdout) as Array<{ location: { path: string } }>;
    for (const i of cq) assert.ok(!i.location.path.startsWith(tmp), `${i.location.path} is repo-relative`);
    const junit = cli(['--offline', '--format', 'junit'], env).stdout;
    const n = (junit.match(/<testcase /g) ?? []).length;
    const json = JSON.parse(cli(['--offline', '--format', 'json'], env).stdout) as Report;
    assert.equal(n, json.results.length, 'one test case per check');
  });

  it('the README documents the exit codes the CLI uses', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const [code, words] of [['0', /no finding at or above `--fail-on`/], ['1', /findings at or above `--fail-on`/], ['2', /usage error/], ['3', /internal error/]] as const) {
      assert.match(readme, new RegExp(`^\\| ${code} \\| .*${words.source}`, 'm'), `exit code ${code}`);
    }
  });

  it('an internal error exits 3', async () => {
    const code = await main(['--offline', '--only', 'environment', path.join(tmp, 'project')], {
      stdout: () => { throw new Error('stdout is gone'); },
      stderr: () => {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env,
      cwd: tmp,
    });
    assert.equal(code, 3);
  });
});
