import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gatherEnvironment, GO_VARIABLES } from '../../src/core/env/gather';
import { execBounded, nodeHost } from '../../src/core/host/node-host';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

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
  after(() => fs.rmSync(root, { recursive: true, force: true }));

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
