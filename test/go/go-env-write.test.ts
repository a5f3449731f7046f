import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canGoEnvWrite, goEnvWriteRefusal } from '../../src/core/env/go-config-vars';
import { gatherEnvironment } from '../../src/core/env/gather';
import { parseGoVersion } from '../../src/core/env/go-version';
import { execBounded, nodeHost } from '../../src/core/host/node-host';
import { envShadowed } from '../../src/core/checks/environment/env-shadowed';
import { goEnvUnavailable } from '../../src/core/checks/environment/go-env-unavailable';
import { unknownVariable } from '../../src/core/checks/environment/unknown-variable';
import { diagnose } from '../../src/core/diagnose';
import type { Check, CheckContext } from '../../src/core/model/check';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

/**
 * The real go decides which variables `go env -w` writes and `go env -u` removes, and says
 * why it refuses in its own words (envcmd checkEnvWrite). Our table must give the same answer
 * and the same text for each release, and the doctor must never offer a refused command.
 */
const CASES: Array<[string, string]> = [
  ['GOPROXY', 'https://goproxy.cn,direct'], ['GONOPROXY', 'none'], ['GOPRIVATE', 'corp.example'],
  ['GONOSUMDB', 'corp.example'], ['GOSUMDB', 'sum.golang.org'], ['GOINSECURE', 'corp.example'],
  ['GOFLAGS', '-mod=mod'], ['GO111MODULE', 'on'], ['GOVCS', 'public:git'], ['GOMODCACHE', '/tmp/gpd-modcache'],
  ['GOTOOLCHAIN', 'local'], ['GOAUTH', 'off'], ['GOROOT', '{goroot}'], ['GOPATH', '/tmp/gpd-gopath'],
  ['HTTPS_PROXY', 'http://proxy:3128'], ['HTTP_PROXY', 'http://proxy:3128'], ['NO_PROXY', 'corp.example'],
  ['SSL_CERT_FILE', '/etc/ssl/x.pem'], ['GODEBUG', 'http2client=0'], ['GOKEYS', 'x'], ['GOENV', '/x'],
  ['GOVERSION', 'go1.99'], ['GOWORK', 'off'], ['GOMOD', '/x/go.mod'], ['GOTELEMETRY', 'off'], ['GOEXE', '.exe'],
];

describeEachGo('go env -w / -u: what go accepts, and its refusal text', (g) => {
  let dir: string;
  let goroot: string;
  const version = parseGoVersion(g.release);
  const env = (file: string): Record<string, string> => ({
    PATH: goPathEnv(g), HOME: dir, GOENV: file, GOPATH: path.join(dir, 'gopath'), GOCACHE: path.join(dir, 'cache'),
    GOTOOLCHAIN: 'local', GOFLAGS: '',
  });
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envw-'));
    goroot = (await execBounded(g.bin, ['env', 'GOROOT'], { env: env(path.join(dir, 'none')), timeoutMs: 30000 })).stdout.trim();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));

  const goSays = async (args: string[], fileText = '') => {
    const file = path.join(dir, `env-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, fileText);
    const r = await execBounded(g.bin, ['env', ...args], { env: env(file), cwd: dir, timeoutMs: 30000 });
    return { code: r.code, err: r.stderr.trim(), file: fs.readFileSync(file, 'utf8') };
  };

  for (const [name, raw] of CASES) {
    const expected = goEnvWriteRefusal(name, version);
    it(`go env -w ${name}: ${expected ?? 'written'}`, async () => {
      const value = raw.replace('{goroot}', goroot);
      const w = await goSays(['-w', `${name}=${value}`]);
      if (expected === null) {
        assert.equal(w.code, 0, w.err);
        assert.equal(w.file, `${name}=${value}\n`);
      } else {
        assert.equal(w.code, 1);
        assert.equal(w.err, expected);
      }
      // -u goes through the same checkEnvWrite.
      const u = await goSays(['-u', name], `${name}=${value}\n`);
      const inFile = goEnvWriteRefusal(name, version, new Set([name]));
      if (inFile === null) assert.equal(u.code, 0, u.err);
      else assert.equal(u.err, inFile);
    });
  }

  it('Go 1.21+ writes any key that already has a line in the go/env file (cfg.CanGetenv)', async () => {
    const w = await goSays(['-w', 'HTTPS_PROXY=http://other:3128'], 'HTTPS_PROXY=http://proxy:3128\n');
    const ours = goEnvWriteRefusal('HTTPS_PROXY', version, new Set(['HTTPS_PROXY']));
    if (ours === null) {
      assert.equal(w.code, 0, w.err);
      assert.equal(w.file, 'HTTPS_PROXY=http://other:3128\n');
    } else assert.equal(w.err, ours);
    assert.equal(canGoEnvWrite('HTTPS_PROXY', version, new Set(['HTTPS_PROXY'])), g.minor >= 21);
  });

  /** Runs every `go env` command a fix offers; go must accept each one. */
  const assertOfferedCommandsWork = async (check: Check, osEnv: Record<string, string>, fileText: string) => {
    const file = path.join(dir, 'doctor-env');
    fs.writeFileSync(file, fileText);
    const e = { ...env(file), ...osEnv };
    const host = nodeHost({ env: e, cwd: dir });
    const genv = await gatherEnvironment(host, { timeoutMs: 30000 });
    assert.equal(genv.go.version, g.release);
    const ctx: CheckContext = {
      dir, host, env: genv, options: DEFAULT_OPTIONS, redactor: new Redactor(),
      workspace: async () => ({ root: dir, goMods: [], goSums: [], assignments: [], problems: [] }),
      memo: (_k, f) => f(), result: () => undefined, log: () => {},
    };
    const out = await check.run(ctx, new AbortController().signal);
    assert.ok(out.findings.length > 0, 'the case triggers the check');
    const cmds = out.findings.flatMap((f) => f.fixes).map((x) => x.command).filter((c): c is string => Boolean(c?.startsWith('go env ')));
    for (const c of cmds) {
      fs.writeFileSync(file, fileText);
      const args = c.split(' ').slice(2).map((a) => a.replace(/^([A-Z0-9_]+=)'(.*)'$/, '$1$2'));
      const r = await execBounded(g.bin, ['env', ...args], { env: e, cwd: dir, timeoutMs: 30000 });
      assert.equal(r.code, 0, `offered "${c}", go says: ${r.stderr}`);
    }
    return out;
  };

  it('GPD141: an OS GOROOT hiding a go/env GOROOT — only commands this go accepts are offered', async () => {
    const out = await assertOfferedCommandsWork(envShadowed, { GOROOT: goroot }, `GOROOT=${goroot}/\n`);
    const kinds = out.findings[0].fixes.map((x) => x.kind);
    if (canGoEnvWrite('GOROOT', version)) assert.deepEqual(kinds, ['command', 'command', 'command']);
    else assert.deepEqual(kinds, ['command', 'edit']);
  });

  it('GPD142: a GOROOT line that is not a directory — go cannot run go env -u then, so the line is edited', async () => {
    const bad = path.join(dir, 'no-such-goroot');
    const out = await assertOfferedCommandsWork(goEnvUnavailable, {}, `GOROOT=${bad}\n`);
    const fix = out.findings.find((f) => f.variable === 'GOROOT')!.fixes[0];
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.edits![0], { file: path.join(dir, 'doctor-env'), startLine: 1, startColumn: 1, endLine: 2, endColumn: 1, newText: '' });
  });

  it('set-variable fixes: go env -w only for a variable this go writes', async () => {
    const file = path.join(dir, 'diag-env');
    fs.writeFileSync(file, '');
    const rep = await diagnose({ dir, host: nodeHost({ env: { ...env(file), GOPROXY: 'https://proxy.golang.org,https://never.example' }, cwd: dir }), options: { offline: true } });
    assert.equal(rep.go.version, g.release);
    const cmds = rep.results.flatMap((r) => r.findings.flatMap((f) => f.fixes)).map((x) => x.command ?? '').filter((c) => c.startsWith('go env -w '));
    for (const c of cmds) {
      const name = /^go env -w ([A-Z0-9_]+)=/.exec(c)![1];
      assert.ok(canGoEnvWrite(name, version), `${c} offered to ${g.release}`);
    }
  });

  it('GPD134: a GOENV line in the go/env file is ignored by go, and go env -w GOENV is refused: found at the line', async () => {
    const other = path.join(dir, 'other-env');
    fs.writeFileSync(other, 'GOPROXY=https://other.example\n');
    const text = `GOSUMDB=off\nGOENV=${other}\n`;
    const file = path.join(dir, 'goenv-line');
    fs.writeFileSync(file, text);
    // go: the file it reads is still the OS GOENV; nothing of the other file applies.
    const r = await execBounded(g.bin, ['env', 'GOENV', 'GOPROXY', 'GOSUMDB'], { env: env(file), cwd: dir, timeoutMs: 30000 });
    assert.equal(r.code, 0, r.stderr);
    const [goenv, goproxy, gosumdb] = r.stdout.split('\n');
    assert.equal(goenv, file);
    assert.notEqual(goproxy, 'https://other.example');
    assert.equal(gosumdb, 'off');
    const w = await goSays(['-w', `GOENV=${other}`]);
    assert.equal(w.err, 'go: GOENV can only be set using the OS environment');

    const out = await assertOfferedCommandsWork(unknownVariable, {}, text);
    const f = out.findings.find((x) => x.variable === 'GOENV')!;
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.location, { file: path.join(dir, 'doctor-env'), startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 + `GOENV=${other}`.length });
    assert.ok(f.message.includes(`("${w.err}")`), f.message);
    assert.deepEqual(f.fixes.map((x) => [x.kind, x.preferred, x.command ?? x.edits![0].startLine]), [['edit', true, 2], ['command', false, `export GOENV=${other}`]]);
    // The preferred edit leaves what go reads unchanged.
    fs.writeFileSync(file, text.split('\n').filter((l) => !l.startsWith('GOENV=')).join('\n'));
    const after = await execBounded(g.bin, ['env', 'GOENV', 'GOPROXY', 'GOSUMDB'], { env: env(file), cwd: dir, timeoutMs: 30000 });
    assert.equal(after.stdout, r.stdout);
  });

  it('GPD134: a look-alike key in the go/env file is ignored by go: found at its line', async () => {
    const text = 'GO_PROXY=https://lookalike.example\n';
    const file = path.join(dir, 'lookalike');
    fs.writeFileSync(file, text);
    const r = await execBounded(g.bin, ['env', 'GOPROXY'], { env: env(file), cwd: dir, timeoutMs: 30000 });
    assert.notEqual(r.stdout.trim(), 'https://lookalike.example');
    const out = await assertOfferedCommandsWork(unknownVariable, {}, text);
    const f = out.findings.find((x) => x.variable === 'GO_PROXY')!;
    assert.equal(f.location!.startLine, 1);
    assert.match(f.message, /go never reads GO_PROXY/);
  });
});
