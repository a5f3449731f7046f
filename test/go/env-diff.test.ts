import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gatherEnvironment, GO_VARIABLES } from '../../src/core/env/gather';
import { execBounded, nodeHost } from '../../src/core/host/node-host';
import { changedVariables } from '../../src/core/env/changed';
import { atLeast, describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

/**
 * Differential test: for each environment, our picture of the Go environment must equal what
 * the real go prints with `go env -json` — computed from files and defaults (no go run at
 * all), and again with no go on PATH. go runs with a temp HOME, a go/env file the test writes
 * and a complete explicit environment; `go env` makes no network request.
 */

interface Case {
  name: string;
  /** OS variables on top of the base; undefined removes a base variable. */
  os?: Record<string, string | undefined>;
  /** Content of the default go/env file ($HOME/.config/go/env). */
  file?: string;
  /** Extra files, relative to the case folder ({root} in values is replaced). */
  files?: Record<string, string>;
  /** go is expected to fail with this stderr (first line). */
  fails?: string;
}

const CASES: Case[] = [
  { name: 'nothing set: defaults' },
  { name: 'GOPROXY from the OS', os: { GOPROXY: 'https://goproxy.io,direct' } },
  { name: 'GOPROXY empty in the OS falls through to the file', os: { GOPROXY: '' }, file: 'GOPROXY=https://file.example|direct\n' },
  { name: 'GOPROXY only in the file', file: 'GOPROXY=https://file.example,direct\n' },
  { name: 'OS GOPROXY hides the file', os: { GOPROXY: 'https://os.example' }, file: 'GOPROXY=https://file.example\n' },
  { name: 'quotes in the file are kept', file: 'GOPROXY="https://quoted.example"\n' },
  { name: 'CRLF file keeps \\r', file: 'GOPROXY=https://crlf.example,direct\r\nGOSUMDB=off\r\n' },
  { name: 'comments, lower-case keys and leading spaces are ignored', file: '# GOPROXY=commented\ngoproxy=lower\n GOPROXY=spaced\nGOSUMDB=sum.golang.google.cn\n' },
  { name: 'duplicate keys: the last wins', file: 'GOPROXY=first\nGOSUMDB=off\nGOPROXY=https://last.example\n' },
  { name: 'empty value in the file means default', file: 'GOPROXY=\nGOSUMDB=\n' },
  { name: 'GOPROXY is a single space (not empty)', os: { GOPROXY: ' ' } },
  { name: 'GOPROXY is a comma', os: { GOPROXY: ',' } },
  { name: 'GOPROXY=off', os: { GOPROXY: 'off' } },
  { name: 'GOPROXY=Direct (not a keyword)', os: { GOPROXY: 'Direct' } },
  { name: 'GOPROXY with spaces around entries, stored verbatim', file: 'GOPROXY=https://a.example , direct\n' },
  { name: 'GOPROXY with credentials', os: { GOPROXY: 'https://user:s3cret@proxy.corp.example' } },
  { name: 'GOSUMDB=off from the OS', os: { GOSUMDB: 'off' } },
  { name: 'GOSUMDB invalid is still reported', os: { GOSUMDB: 'sum.golang.org+insecure' } },
  { name: 'GOSUMDB with key and URL in the file', file: 'GOSUMDB=sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.golang.google.cn\n' },
  { name: 'GOPRIVATE from the OS: GONOPROXY and GONOSUMDB inherit it', os: { GOPRIVATE: '*.corp.example,github.com/acme' } },
  { name: 'GOPRIVATE from the file: inherited', file: 'GOPRIVATE=git.corp.example\n' },
  { name: 'GONOPROXY=none beats GOPRIVATE', os: { GOPRIVATE: 'corp.example', GONOPROXY: 'none' } },
  { name: 'empty OS GONOPROXY cannot override GOPRIVATE', os: { GONOPROXY: '' }, file: 'GOPRIVATE=corp.example\n' },
  { name: 'GONOSUMDB from the file, GOPRIVATE from the OS', os: { GOPRIVATE: 'os.example' }, file: 'GONOSUMDB=file.example\n' },
  { name: 'GOPRIVATE with spaces (not trimmed)', os: { GOPRIVATE: 'a.example, b.example' } },
  { name: 'GOFLAGS from the OS', os: { GOFLAGS: '-mod=mod' } },
  { name: 'GOFLAGS=-insecure in the file', os: { GOFLAGS: undefined }, file: 'GOFLAGS=-insecure\n' },
  { name: 'GOFLAGS with a non-flag (go env still works)', os: { GOFLAGS: 'bad' } },
  { name: 'GOFLAGS in the OS hides the file', os: { GOFLAGS: '-modcacherw' }, file: 'GOFLAGS=-mod=vendor\n' },
  { name: 'GO111MODULE=on', os: { GO111MODULE: 'on' } },
  { name: 'GO111MODULE=off in the file', file: 'GO111MODULE=off\n' },
  { name: 'GO111MODULE auto in the OS over off in the file', os: { GO111MODULE: 'auto' }, file: 'GO111MODULE=off\n' },
  { name: 'GO111MODULE invalid in the OS: go fails', os: { GO111MODULE: 'bogus' }, fails: 'go: unknown environment setting GO111MODULE=bogus' },
  { name: 'GO111MODULE invalid in the file: go fails', file: 'GO111MODULE=yes\n', fails: 'go: unknown environment setting GO111MODULE=yes' },
  { name: 'GOENV names another file', os: { GOENV: '{root}/custom/go.env' }, files: { 'custom/go.env': 'GOPROXY=https://custom.example\nGOINSECURE=insecure.example\n' }, file: 'GOPROXY=https://default-file.example\n' },
  { name: 'GOENV=off ignores the file', os: { GOENV: 'off' }, file: 'GOPROXY=https://ignored.example\nGOPRIVATE=ignored.example\n' },
  { name: 'GOENV names a missing file', os: { GOENV: '{root}/missing/env' }, file: 'GOPROXY=https://not-read.example\n' },
  { name: 'GOENV relative to the working folder', os: { GOENV: 'rel.env' }, files: { 'work/rel.env': 'GOSUMDB=off\n' } },
  { name: 'XDG_CONFIG_HOME decides the location', os: { XDG_CONFIG_HOME: '{root}/xdg' }, files: { 'xdg/go/env': 'GOPROXY=https://xdg.example\n' }, file: 'GOPROXY=https://home.example\n' },
  { name: 'relative XDG_CONFIG_HOME (go1.19 accepts it)', os: { XDG_CONFIG_HOME: 'relxdg' }, files: { 'work/relxdg/go/env': 'GOVCS=*:git\n' } },
  { name: 'no HOME: no go/env file, no GOPATH', os: { HOME: undefined, GOPATH: undefined, GOMODCACHE: undefined } },
  { name: 'no HOME but GOENV set', os: { HOME: undefined, GOPATH: undefined, GOMODCACHE: undefined, GOENV: '{root}/only.env' }, files: { 'only.env': 'GOPATH={root}/gp\n' } },
  { name: 'GOPATH list: GOMODCACHE from the first element', os: { GOPATH: '{root}/a:{root}/b', GOMODCACHE: undefined } },
  { name: 'GOPATH from the file', os: { GOPATH: undefined, GOMODCACHE: undefined }, file: 'GOPATH={root}/filegopath\n' },
  { name: 'GOPATH defaults to $HOME/go', os: { GOPATH: undefined, GOMODCACHE: undefined } },
  { name: 'GOMODCACHE from the file', os: { GOMODCACHE: undefined }, file: 'GOMODCACHE={root}/filecache\n' },
  { name: 'GOINSECURE in the file, GOVCS in the OS', os: { GOVCS: 'private:all,public:off' }, file: 'GOINSECURE=*.lan\n' },
  { name: 'GOROOT with a trailing slash is cleaned', os: { GOROOT: '{goroot}/' } },
  { name: 'GOROOT from the file', file: 'GOROOT={goroot}\n' },
  { name: 'GOROOT that does not exist: go fails', os: { GOROOT: '{root}/nonexistent' }, fails: 'go: cannot find GOROOT directory: {root}/nonexistent' },
  // The OS GOTOOLCHAIN=local (base) keeps go1.21+ from switching; go1.19 does not know the variable.
  { name: 'GOTOOLCHAIN in the file, hidden by the OS (unknown to go1.19)', file: 'GOTOOLCHAIN=go1.99.0\n' },
  { name: 'GOAUTH in the file (Go 1.24+ reads it)', file: 'GOAUTH=off\n' },
  { name: 'unknown keys in the file are ignored', file: 'GONOSUMCHECK=1\nGO_PROXY=https://x.example\nGOPROXY_URL=https://y.example\n' },
  { name: 'a bad GOOS in the file breaks go env, but keyed go env answers', file: 'GOOS=bogus\nGOPROXY=https://still.example\n', fails: 'go: unsupported GOOS/GOARCH pair bogus/amd64' },
  { name: 'everything at once', os: { GOPROXY: 'https://a.example|https://b.example,direct', GOPRIVATE: '', GONOSUMDB: 'sum.skip', GO111MODULE: '' }, file: 'GOPRIVATE=p.example\nGOSUMDB=off\nGOFLAGS=-mod=mod\nGONOPROXY=np.example\nGO111MODULE=on\n' },
];

describeEachGo('go env differential: our environment equals go env -json', function (this: Mocha.Suite, g: GoUnderTest) {
  this.timeout(600000);
  const GO = g.bin;
  let root: string;
  let goroot: string;
  before(() => {
    goroot = execFileSync(GO, ['env', 'GOROOT'], { env: { PATH: goPathEnv(g), HOME: os.tmpdir(), GOTOOLCHAIN: 'local' }, encoding: 'utf8' }).trim();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envdiff-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));

  it(`has at least 40 environments (${CASES.length})`, () => assert.ok(CASES.length >= 40));

  CASES.forEach((c, i) => {
    it(c.name, async () => {
      const dir = path.join(root, `case${i}`);
      const sub = (s: string) => s.replace(/\{root\}/g, dir).replace(/\{goroot\}/g, goroot);
      const home = path.join(dir, 'home');
      const work = path.join(dir, 'work');
      fs.mkdirSync(work, { recursive: true });
      fs.mkdirSync(home, { recursive: true });
      if (c.file !== undefined) {
        fs.mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
        fs.writeFileSync(path.join(home, '.config', 'go', 'env'), sub(c.file));
      }
      for (const [rel, content] of Object.entries(c.files ?? {})) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), sub(content));
      }
      const env: Record<string, string | undefined> = {
        PATH: goPathEnv(g),
        HOME: home,
        GOPATH: path.join(dir, 'gopath'),
        GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
        GOCACHE: path.join(dir, 'gocache'),
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local',
      };
      for (const [k, v] of Object.entries(c.os ?? {})) {
        if (v === undefined) delete env[k];
        else env[k] = sub(v);
      }

      const r = await execBounded(GO, ['env', '-json'], { env, cwd: work, timeoutMs: 30000 });
      if (c.fails) {
        assert.notEqual(r.code, 0, 'go env -json was expected to fail');
        assert.equal(r.stderr.trim().split('\n')[0], sub(c.fails));
        const withGo = await gatherEnvironment(nodeHost({ env, cwd: work }), { cwd: work, timeoutMs: 30000 });
        assert.equal(withGo.go.error?.split('\n')[0], sub(c.fails), 'go.error quotes go');
        const keyed = await execBounded(GO, ['env', '-json', ...GO_VARIABLES, 'GOVERSION'], { env, cwd: work, timeoutMs: 30000 });
        assert.equal(withGo.fromGo, keyed.code === 0);
        if (keyed.code !== 0) return;
        return compare(JSON.parse(keyed.stdout), env, work, true);
      }
      assert.equal(r.code, 0, `go env -json failed: ${r.stderr}`);
      const goJson = JSON.parse(r.stdout) as Record<string, string>;
      await compare(goJson, env, work, false);

      // With go: the picture is go's own, and our computed values agreed (no correction notes).
      const withGo = await gatherEnvironment(nodeHost({ env, cwd: work }), { cwd: work, timeoutMs: 30000 });
      assert.equal(withGo.fromGo, true);
      assert.equal(withGo.go.version, goJson.GOVERSION);
      assert.deepEqual(withGo.notes.filter((n) => n.startsWith('go reports')), []);
      for (const name of GO_VARIABLES) if (name in goJson) assert.equal(withGo.vars[name].value, goJson[name], name);

      // `go env -changed` (Go 1.23+): our picture of what differs from go's defaults agrees.
      const ours = changedVariables(withGo);
      if (!atLeast(g, 23)) {
        assert.equal(ours, null);
        const c = await execBounded(GO, ['env', '-changed'], { env, cwd: work, timeoutMs: 30000 });
        assert.match(c.stderr, /flag provided but not defined: -changed/);
      } else {
        const c = await execBounded(GO, ['env', '-json', '-changed'], { env, cwd: work, timeoutMs: 30000 });
        assert.equal(c.code, 0, c.stderr);
        const goChanged = Object.keys(JSON.parse(c.stdout) as object).filter((k) => (GO_VARIABLES as readonly string[]).includes(k)).sort();
        assert.deepEqual([...ours!].sort(), goChanged, 'go env -changed');
      }
    });
  });

  /** Compares the no-exec picture (files + defaults) and the no-go picture with go's answer. */
  async function compare(goJson: Record<string, string>, env: Record<string, string | undefined>, work: string, keyed: boolean) {
    const known = GO_VARIABLES.filter((n) => n in goJson && !(keyed && (n === 'GOTOOLCHAIN' || n === 'GOAUTH')));
    assert.ok(known.length >= 12, `go reported ${known.length} of our variables`);
    const computed = await gatherEnvironment(nodeHost({ env, cwd: work }), { cwd: work, noExec: true });
    assert.equal(computed.fromGo, false);
    assert.equal(computed.go.version, g.release, 'version from $GOROOT/VERSION');
    for (const name of known) assert.equal(computed.vars[name].value, goJson[name], `computed ${name}`);

    const noGo = await gatherEnvironment(nodeHost({ env: { ...env, PATH: path.join(work, 'no-bin') }, cwd: work }), { cwd: work });
    assert.equal(noGo.fromGo, false);
    assert.equal(noGo.go.path, null);
    // Without a go the release is unknown: the picture follows Go 1.13–1.20 (built-in defaults, no
    // GOTOOLCHAIN/GOAUTH) and says so in a note. For a 1.21+ go the variables whose value depends
    // on the release are not compared: GOTOOLCHAIN and GOAUTH, and a GOPROXY/GOSUMDB left empty in
    // the go/env file (1.21+ keeps the empty value over $GOROOT/go.env; cfg.go readEnvFile).
    // A relative XDG_CONFIG_HOME is refused by Go 1.24+ (os.UserConfigDir, CL 598655) and used
    // by older releases: with the release unknown, the go/env file found and its values differ.
    const unknownRelease = noGo.go.version === null;
    const relXdg = Boolean(env.XDG_CONFIG_HOME && !env.XDG_CONFIG_HOME.startsWith('/'));
    const releaseDependent = (name: string) => unknownRelease && ((g.minor >= 21 && (name === 'GOTOOLCHAIN' || name === 'GOAUTH'
      || ((name === 'GOPROXY' || name === 'GOSUMDB') && noGo.envFile.entries.some((e) => e.key === name && e.value === ''))))
      || (g.minor >= 24 && relXdg));
    if (unknownRelease && g.minor >= 21) assert.ok(noGo.notes.some((n) => /go version is unknown/.test(n)), 'the picture says the release is unknown');
    if (unknownRelease && g.minor >= 24 && relXdg) assert.equal(noGo.vars.GOENV.value, path.join(env.XDG_CONFIG_HOME!, 'go', 'env'), 'Go 1.13–1.23 rules');
    for (const name of known) {
      if (releaseDependent(name)) continue;
      if (name === 'GOROOT' && !env.GOROOT && !/^GOROOT=/m.test(noGo.envFile.entries.map((e) => `${e.key}=`).join('\n'))) {
        assert.equal(noGo.vars.GOROOT.value, '', 'no go, no GOROOT: unknown');
        continue;
      }
      assert.equal(noGo.vars[name].value, goJson[name], `no go: ${name}`);
    }
  }
});

/**
 * go/env files go cannot use as a file (issue 15): go reads GOENV with os.ReadFile and drops any
 * error (go@1.19.8 src/cmd/go/internal/cfg/cfg.go initEnvCache; go1.26.8/go1.27.3 cfg.go
 * readEnvFile), blocks on a FIFO, and reads a big file whole. The doctor names each case.
 */
describeEachGo('go env differential: go/env files that are not plain small files', function (this: Mocha.Suite, g: GoUnderTest) {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envhostile-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));
  const baseEnv = (goenv: string): Record<string, string> => ({
    PATH: goPathEnv(g), HOME: dir, GOENV: goenv, GOPATH: path.join(dir, 'gopath'), GOCACHE: path.join(dir, 'gocache'),
    GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
  });
  const goEnv = async (e: Record<string, string>, timeoutMs = 30000) => execBounded(g.bin, ['env', '-json', 'GOPROXY', 'GOSUMDB', 'GOENV'], { env: e, cwd: dir, timeoutMs });
  const gpd142 = async (e: Record<string, string>, opts: { maxEnvFileBytes?: number } = {}) => {
    const { goEnvUnavailable } = await import('../../src/core/checks/environment/go-env-unavailable');
    const { DEFAULT_OPTIONS } = await import('../../src/core/model/options');
    const { Redactor } = await import('../../src/core/report/redact');
    const host = nodeHost({ env: e, cwd: dir });
    const genv = await gatherEnvironment(host, { cwd: dir, timeoutMs: 20000, ...opts });
    const out = await goEnvUnavailable.run({
      dir, host, env: genv, options: DEFAULT_OPTIONS, redactor: new Redactor(),
      workspace: async () => ({ root: dir, goMods: [], goSums: [], assignments: [], problems: [] }),
      memo: (_k, f) => f(), result: () => undefined, log: () => {},
    }, new AbortController().signal);
    return { genv, findings: out.findings };
  };

  it('a folder: go ignores it silently; we say it is a folder, not that it does not exist', async () => {
    const d = path.join(dir, 'env-folder');
    fs.mkdirSync(d, { recursive: true });
    const r = await goEnv(baseEnv(d));
    assert.equal(r.code, 0, r.stderr);
    const goJson = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(goJson.GOENV, d);
    const { genv, findings } = await gpd142(baseEnv(d));
    assert.equal(genv.fromGo, true);
    assert.deepEqual([genv.envFile.exists, genv.envFile.unread], [true, { reason: 'directory', go: 'ignores' }]);
    assert.equal(genv.envFile.error, `cannot read ${d}: it is a directory`);
    const noExec = await gatherEnvironment(nodeHost({ env: baseEnv(d), cwd: dir }), { cwd: dir, noExec: true });
    for (const k of ['GOPROXY', 'GOSUMDB', 'GOENV']) assert.equal(noExec.vars[k].value, goJson[k], k);
    const f = findings.find((x) => x.variable === 'GOENV')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /cannot read .*: it is a directory\); go ignores it silently/);
    assert.deepEqual(f.fixes.map((x) => x.command), ['unset GOENV']);
  });

  it('a FIFO: go blocks in open(); the doctor never starts go, never blocks, and says why', async () => {
    const fifo = path.join(dir, 'env-fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await goEnv(baseEnv(fifo), 3000);
    assert.equal(r.timedOut, true, `${g.release} blocks reading a FIFO GOENV`);
    const { genv, findings } = await gpd142(baseEnv(fifo));
    assert.equal(genv.fromGo, false);
    assert.match(genv.go.error ?? '', /go was not run: its go\/env file .* is a FIFO/);
    assert.equal(genv.go.version, g.release, 'the release still comes from $GOROOT/VERSION');
    assert.deepEqual(genv.envFile.unread, { reason: 'fifo', go: 'hangs' });
    const f = findings.filter((x) => x.variable === 'GOENV');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /is a FIFO \(named pipe\): go reads it with os\.ReadFile, which blocks/);
    assert.ok(!findings.some((x) => /go env -json` fails/.test(x.message)), 'no "go env fails" finding for a go we did not run');
  });

  it('10 MB: go reads it whole, and so do we (the source is the file, not the default)', async () => {
    const big = path.join(dir, 'env-big');
    fs.writeFileSync(big, 'GOPROXY=https://first.example\n' + `#${'x'.repeat(99)}\n`.repeat(100000) + 'GOSUMDB=off\nGOPROXY=https://big.example|direct\n');
    const r = await goEnv(baseEnv(big));
    assert.equal(r.code, 0, r.stderr);
    const goJson = JSON.parse(r.stdout) as Record<string, string>;
    assert.deepEqual([goJson.GOPROXY, goJson.GOSUMDB], ['https://big.example|direct', 'off']);
    const { genv, findings } = await gpd142(baseEnv(big));
    assert.equal(genv.envFile.error, undefined);
    assert.deepEqual([genv.vars.GOPROXY.value, genv.vars.GOPROXY.source, genv.vars.GOSUMDB.source], [goJson.GOPROXY, 'go-env-file', 'go-env-file']);
    assert.deepEqual(genv.notes.filter((n) => n.startsWith('go reports')), []);
    assert.deepEqual(findings, []);
  });

  it('larger than the doctor reads: go\'s values, named as coming from the file', async () => {
    const big = path.join(dir, 'env-big');
    const { genv, findings } = await gpd142(baseEnv(big), { maxEnvFileBytes: 1024 * 1024 });
    assert.deepEqual(genv.envFile.unread, { reason: 'too-large', go: 'reads' });
    assert.deepEqual([genv.vars.GOPROXY.value, genv.vars.GOPROXY.source], ['https://big.example|direct', 'go-env-file']);
    assert.deepEqual([genv.vars.GOSUMDB.value, genv.vars.GOSUMDB.source], ['off', 'go-env-file']);
    const f = findings.find((x) => x.variable === 'GOENV')!;
    assert.equal(f.severity, 'info');
    assert.match(f.message, /too large for the doctor to read .* go reads it whole/);
  });
});
