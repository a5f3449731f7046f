import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveVariables, type ResolveInput } from '../../src/core/env/resolve-variables';
import { parseEnvFile } from '../../src/core/env/go-env-file';
import { parseGoVersion } from '../../src/core/env/go-version';
import { gatherEnvironment, GO_VARIABLES } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import type { Host, ExecOptions, ExecResult } from '../../src/core/model/host';
import type { GoOS } from '../../src/core/model/environment';

const v119 = parseGoVersion('go1.19.8');
const v121 = parseGoVersion('go1.21.0');
const GOROOT_GO_ENV = '# comment\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n';

function resolve(over: Partial<ResolveInput> & { file?: string; goenv?: string }) {
  const input: ResolveInput = {
    platform: 'linux',
    os: { HOME: '/home/u' },
    userFile: parseEnvFile(over.file ?? ''),
    gorootFile: over.goenv !== undefined ? parseEnvFile(over.goenv) : null,
    version: v119,
    runtimeGoroot: '/usr/lib/go',
    envFilePath: '/home/u/.config/go/env',
    ...over,
  };
  return resolveVariables(GO_VARIABLES, input);
}

describe('env: precedence (cfg.Getenv / envOr)', () => {
  it('OS (non-empty) > go/env file > default, with what each value hides', () => {
    const r = resolve({ os: { HOME: '/home/u', GOPROXY: 'https://os.example' }, file: 'GOPROXY=https://file.example\n' });
    assert.deepEqual(r.vars.GOPROXY, {
      value: 'https://os.example', source: 'os',
      shadows: [{ source: 'go-env-file', value: 'https://file.example' }, { source: 'default', value: 'https://proxy.golang.org,direct' }],
    });
    const f = resolve({ file: 'GOPROXY=https://file.example\n' });
    assert.deepEqual(f.vars.GOPROXY, { value: 'https://file.example', source: 'go-env-file', shadows: [{ source: 'default', value: 'https://proxy.golang.org,direct' }] });
    assert.deepEqual(resolve({}).vars.GOSUMDB, { value: 'sum.golang.org', source: 'default', shadows: [] });
  });

  it('an empty OS value counts as unset (and says so)', () => {
    const r = resolve({ os: { HOME: '/home/u', GOPROXY: '' }, file: 'GOPROXY=https://file.example\n' });
    assert.equal(r.vars.GOPROXY.value, 'https://file.example');
    assert.equal(r.vars.GOPROXY.source, 'go-env-file');
    assert.ok(r.notes.some((n) => n.startsWith('GOPROXY is set to the empty string')));
    assert.equal(resolve({ os: { HOME: '/h', GOSUMDB: '' } }).vars.GOSUMDB.value, 'sum.golang.org');
  });

  it('an empty file value is unset too (≤1.20: the built-in default applies)', () => {
    const r = resolve({ file: 'GOPROXY=\n' });
    assert.deepEqual(r.vars.GOPROXY, { value: 'https://proxy.golang.org,direct', source: 'default', shadows: [] });
  });

  it('a whitespace value is not empty', () => {
    assert.equal(resolve({ os: { HOME: '/h', GOPROXY: ' ' } }).vars.GOPROXY.value, ' ');
  });

  it('Go 1.21+: defaults come from $GOROOT/go.env; without it they are empty', () => {
    const r = resolve({ version: v121, goenv: GOROOT_GO_ENV });
    assert.deepEqual(r.vars.GOPROXY, { value: 'https://proxy.golang.org,direct', source: 'goroot-go-env', shadows: [] });
    assert.deepEqual(r.vars.GOTOOLCHAIN, { value: 'auto', source: 'goroot-go-env', shadows: [] });
    const stripped = resolve({ version: v121, goenv: undefined });
    assert.deepEqual(stripped.vars.GOPROXY, { value: '', source: 'default', shadows: [] });
    assert.equal(stripped.vars.GOSUMDB.value, '');
  });

  it('Go 1.21+: a user-file key hides go.env even when empty; go.env itself is first-wins', () => {
    const r = resolve({ version: v121, goenv: GOROOT_GO_ENV + 'GOPROXY=second\n', file: 'GOPROXY=\nGOSUMDB=off\n' });
    assert.deepEqual(r.vars.GOPROXY, { value: '', source: 'go-env-file', shadows: [{ source: 'goroot-go-env', value: 'https://proxy.golang.org,direct' }] });
    assert.deepEqual(r.vars.GOSUMDB, { value: 'off', source: 'go-env-file', shadows: [{ source: 'goroot-go-env', value: 'sum.golang.org' }] });
    const os121 = resolve({ version: v121, goenv: GOROOT_GO_ENV, os: { HOME: '/h', GOTOOLCHAIN: 'local' } });
    assert.deepEqual(os121.vars.GOTOOLCHAIN, { value: 'local', source: 'os', shadows: [{ source: 'goroot-go-env', value: 'auto' }] });
  });

  it('unknown version: go.env present means 1.21+, absent means the built-in defaults', () => {
    assert.equal(resolve({ version: null, goenv: GOROOT_GO_ENV }).vars.GOPROXY.source, 'goroot-go-env');
    const r = resolve({ version: null });
    assert.equal(r.vars.GOPROXY.value, 'https://proxy.golang.org,direct');
    assert.ok(r.notes.some((n) => n.includes('go version is unknown')));
  });

  it('GONOPROXY/GONOSUMDB default to GOPRIVATE, with its source', () => {
    const r = resolve({ os: { HOME: '/h', GOPRIVATE: 'corp.example' }, file: 'GONOSUMDB=\n' });
    assert.deepEqual(r.vars.GONOPROXY, { value: 'corp.example', source: 'os', shadows: [], inheritedFrom: 'GOPRIVATE' });
    assert.deepEqual(r.vars.GONOSUMDB, { value: 'corp.example', source: 'os', shadows: [], inheritedFrom: 'GOPRIVATE' });
    const own = resolve({ os: { HOME: '/h', GOPRIVATE: 'corp.example', GONOPROXY: 'none' }, file: 'GOPRIVATE=file.example\n' });
    assert.deepEqual(own.vars.GONOPROXY, { value: 'none', source: 'os', shadows: [] });
    assert.deepEqual(own.vars.GOPRIVATE.shadows, [{ source: 'go-env-file', value: 'file.example' }]);
    const fileInherit = resolve({ os: { HOME: '/h', GONOPROXY: '' }, file: 'GOPRIVATE=file.example\n' });
    assert.deepEqual(fileInherit.vars.GONOPROXY, { value: 'file.example', source: 'go-env-file', shadows: [], inheritedFrom: 'GOPRIVATE' });
  });

  it('GOPATH, GOMODCACHE and GOROOT defaults per OS', () => {
    const rows: Array<[GoOS, Record<string, string>, string, string]> = [
      ['linux', { HOME: '/home/u' }, '/home/u/go', '/home/u/go/pkg/mod'],
      ['linux', { HOME: '/home/u', GOPATH: '/a:/b' }, '/a:/b', '/a/pkg/mod'],
      ['linux', { HOME: '/home/u', GOPATH: ':/b' }, ':/b', ''],
      ['linux', {}, '', ''],
      ['darwin', { HOME: '/Users/u' }, '/Users/u/go', '/Users/u/go/pkg/mod'],
      ['windows', { USERPROFILE: 'C:\\Users\\u', HOME: '/x' }, 'C:\\Users\\u\\go', 'C:\\Users\\u\\go\\pkg\\mod'],
      ['windows', { userprofile: 'C:\\Users\\u', GOPATH: 'D:\\g;E:\\h' }, 'D:\\g;E:\\h', 'D:\\g\\pkg\\mod'],
      ['plan9', { home: '/usr/glenda' }, '/usr/glenda/go', '/usr/glenda/go/pkg/mod'],
    ];
    for (const [platform, env, gopath, modcache] of rows) {
      const r = resolve({ platform, os: env, runtimeGoroot: '' });
      assert.equal(r.vars.GOPATH.value, gopath, `${platform} ${JSON.stringify(env)} GOPATH`);
      assert.equal(r.vars.GOMODCACHE.value, modcache, `${platform} ${JSON.stringify(env)} GOMODCACHE`);
    }
    // go/build defaultGOPATH: never GOROOT.
    assert.equal(resolve({ os: { HOME: '/usr/lib' }, runtimeGoroot: '/usr/lib/go' }).vars.GOPATH.value, '');
    const root = resolve({ os: { HOME: '/h', GOROOT: '/opt/go/' }, file: 'GOROOT=/file/go\n' });
    assert.deepEqual(root.vars.GOROOT, { value: '/opt/go', source: 'os', shadows: [{ source: 'go-env-file', value: '/file/go' }, { source: 'default', value: '/usr/lib/go' }] });
    assert.equal(resolve({ file: 'GOROOT=/file/go/\n' }).vars.GOROOT.value, '/file/go');
    assert.deepEqual(resolve({}).vars.GOROOT, { value: '/usr/lib/go', source: 'default', shadows: [] });
  });

  it('variables an old go does not know are noted', () => {
    const r = resolve({ os: { HOME: '/h', GOTOOLCHAIN: 'local', GOAUTH: 'netrc' } });
    assert.ok(r.notes.some((n) => n.includes('go1.19.8 does not know GOTOOLCHAIN')));
    assert.ok(r.notes.some((n) => n.includes('go1.19.8 does not know GOAUTH')));
    assert.equal(resolve({ version: parseGoVersion('go1.24.1') }).vars.GOAUTH.value, 'netrc');
  });
});

/** An in-memory machine for platforms this test cannot run on (Windows, macOS paths). */
function memHost(platform: GoOS, env: Record<string, string>, files: Record<string, string>): Host {
  return {
    platform, env, homedir: null, cwd: platform === 'windows' ? 'C:\\work' : '/work',
    async readFile(p) {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return Buffer.from(files[p], 'utf8');
    },
    async stat(p) {
      if (p in files) return { isFile: true, isDirectory: false, size: files[p].length, mtimeMs: 0, mode: 0o644 };
      if (Object.keys(files).some((f) => f.startsWith(p + (platform === 'windows' ? '\\' : '/')))) return { isFile: false, isDirectory: true, size: 0, mtimeMs: 0, mode: 0o755 };
      return null;
    },
    async readdir() { return []; },
    async exec(_f: string, _a: string[], _o: ExecOptions): Promise<ExecResult> { throw new Error('no programs on this host'); },
    async which() { return null; },
    now: () => 0,
  };
}

describe('env: gatherEnvironment with injected platforms and temp dirs', () => {
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-env-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('Windows: %AppData%\\go\\env, case-insensitive names, USERPROFILE\\go', async () => {
    const host = memHost('windows', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\u', goproxy: '' },
      { 'C:\\Users\\u\\AppData\\Roaming\\go\\env': 'GOPROXY=https://goproxy.cn,direct\r\nGOPRIVATE=*.corp\n' });
    const e = await gatherEnvironment(host);
    assert.equal(e.fromGo, false);
    assert.equal(e.go.error, 'no go binary found on PATH');
    assert.equal(e.envFile.path, 'C:\\Users\\u\\AppData\\Roaming\\go\\env');
    assert.equal(e.vars.GOPROXY.value, 'https://goproxy.cn,direct\r', 'CRLF files keep the \\r in the value, as in Go');
    assert.equal(e.vars.GOPROXY.source, 'go-env-file');
    assert.equal(e.vars.GONOSUMDB.value, '*.corp');
    assert.equal(e.vars.GOENV.value, 'C:\\Users\\u\\AppData\\Roaming\\go\\env');
    assert.equal(e.vars.GOPATH.value, 'C:\\Users\\u\\go');
    assert.equal(e.vars.GOMODCACHE.value, 'C:\\Users\\u\\go\\pkg\\mod');
  });

  it('macOS: ~/Library/Application Support/go/env; Go 1.21 go.env under GOROOT', async () => {
    const host = memHost('darwin', { HOME: '/Users/u', GOROOT: '/opt/homebrew/go', XDG_CONFIG_HOME: '/ignored' }, {
      '/Users/u/Library/Application Support/go/env': 'GOSUMDB=off\n',
      '/opt/homebrew/go/go.env': GOROOT_GO_ENV,
      '/opt/homebrew/go/VERSION': 'go1.22.3\ntime 2024-05-01T00:00:00Z\n',
    });
    const e = await gatherEnvironment(host);
    assert.equal(e.envFile.path, '/Users/u/Library/Application Support/go/env');
    assert.equal(e.gorootEnvFile.path, '/opt/homebrew/go/go.env');
    assert.equal(e.vars.GOSUMDB.value, 'off');
    assert.deepEqual(e.vars.GOSUMDB.shadows, [{ source: 'goroot-go-env', value: 'sum.golang.org' }]);
    assert.deepEqual(e.vars.GOPROXY, { value: 'https://proxy.golang.org,direct', source: 'goroot-go-env', shadows: [] });
    assert.equal(e.vars.GOTOOLCHAIN.value, 'auto');
    assert.equal(e.go.version, 'go1.22.3', 'read from $GOROOT/VERSION');
  });

  it('Plan 9: $home/lib/go/env', async () => {
    const e = await gatherEnvironment(memHost('plan9', { home: '/usr/glenda' }, { '/usr/glenda/lib/go/env': 'GOFLAGS=-mod=mod\n' }));
    assert.equal(e.envFile.path, '/usr/glenda/lib/go/env');
    assert.equal(e.vars.GOFLAGS.value, '-mod=mod');
  });

  it('Linux, real files: XDG_CONFIG_HOME, GOENV, GOENV=off, no HOME', async () => {
    const xdg = path.join(tmp, 'xdg');
    fs.mkdirSync(path.join(xdg, 'go'), { recursive: true });
    fs.writeFileSync(path.join(xdg, 'go', 'env'), 'GOPROXY=https://xdg.example\n');
    const noGo = { PATH: path.join(tmp, 'empty-bin') };
    let e = await gatherEnvironment(nodeHost({ platform: 'linux', env: { ...noGo, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: xdg }, cwd: tmp }));
    assert.equal(e.envFile.path, path.join(xdg, 'go', 'env'));
    assert.equal(e.envFile.exists, true);
    assert.equal(e.vars.GOPROXY.value, 'https://xdg.example');
    assert.equal(e.fromGo, false);

    const custom = path.join(tmp, 'custom-env');
    fs.writeFileSync(custom, 'GOPRIVATE=git.corp\n');
    e = await gatherEnvironment(nodeHost({ platform: 'linux', env: { ...noGo, HOME: tmp, GOENV: custom }, cwd: tmp }));
    assert.deepEqual(e.vars.GOENV, { value: custom, source: 'os', shadows: [] });
    assert.equal(e.vars.GONOPROXY.value, 'git.corp');

    e = await gatherEnvironment(nodeHost({ platform: 'linux', env: { ...noGo, HOME: tmp, XDG_CONFIG_HOME: xdg, GOENV: 'off' }, cwd: tmp }));
    assert.equal(e.envFile.path, null);
    assert.equal(e.vars.GOENV.value, '');
    assert.equal(e.vars.GOPROXY.value, 'https://proxy.golang.org,direct');

    e = await gatherEnvironment(nodeHost({ platform: 'linux', env: { ...noGo }, cwd: tmp, homedir: null }));
    assert.equal(e.envFile.path, null);
    assert.equal(e.envFile.error, 'neither $XDG_CONFIG_HOME nor $HOME are defined');
    assert.equal(e.vars.GOPATH.value, '');
    assert.equal(e.vars.GOMODCACHE.value, '');
  });

  it('a relative GOENV is read from go\'s working folder', async () => {
    fs.mkdirSync(path.join(tmp, 'ws'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'ws', 'my.env'), 'GOINSECURE=insecure.example\n');
    const e = await gatherEnvironment(nodeHost({ platform: 'linux', env: { PATH: '/nonexistent', HOME: tmp, GOENV: 'my.env' }, cwd: tmp }), { cwd: path.join(tmp, 'ws') });
    assert.equal(e.envFile.path, 'my.env');
    assert.equal(e.vars.GOINSECURE.value, 'insecure.example');
  });
});
