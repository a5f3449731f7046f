import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gatherEnvironment } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import { envShadowed } from '../../src/core/checks/environment/env-shadowed';
import { goEnvUnavailable } from '../../src/core/checks/environment/go-env-unavailable';
import { environmentChecks } from '../../src/core/checks/environment/index';
import type { Check, CheckContext } from '../../src/core/model/check';
import type { Host } from '../../src/core/model/host';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { DEFAULT_GO, requireGo } from '../go/go-versions';

async function run(check: Check, host: Host, cwd?: string) {
  const env = await gatherEnvironment(host, { cwd: cwd ?? host.cwd, timeoutMs: 30000 });
  const ctx: CheckContext = {
    dir: host.cwd, host, env, options: DEFAULT_OPTIONS, redactor: new Redactor(),
    workspace: async () => ({ root: host.cwd, goMods: [], goSums: [], assignments: [], problems: [] }),
    memo: (_k, f) => f(), result: () => undefined, log: () => {},
  };
  return { env, out: await check.run(ctx, new AbortController().signal) };
}

describe('env checks: GPD141 env-shadowed, GPD142 go-env-unavailable', () => {
  let tmp: string;
  let home: string;
  // The machine's own go (go1.26.8): these cases need a real go, never /usr/bin/go.
  const goDir = DEFAULT_GO.binDir;
  before(() => {
    requireGo(DEFAULT_GO);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envchk-'));
    home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const writeEnvFile = (text: string) => fs.writeFileSync(path.join(home, '.config', 'go', 'env'), text);
  const host = (env: Record<string, string | undefined>, over: Parameters<typeof nodeHost>[0] = {}) =>
    nodeHost({ env: { PATH: `${goDir}:/bin`, HOME: home, GOCACHE: path.join(tmp, 'cache'), GOTOOLCHAIN: 'local', ...env }, cwd: tmp, ...over });

  it('registers both checks in id order', () => {
    const ids = environmentChecks.map((c) => c.id);
    assert.ok(ids.includes('GPD141') && ids.includes('GPD142'));
    assert.deepEqual(ids, [...ids].sort());
  });

  it('GPD141 triggers when an OS value hides a different go env -w value', async () => {
    writeEnvFile('GOSUMDB=off\nGOPROXY=https://goproxy.io,direct\n');
    const { out } = await run(envShadowed, host({ GOPROXY: 'https://proxy.golang.org,direct' }));
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.variable, 'GOPROXY');
    assert.match(f.message, /warning: go env -w GOPROXY=\.\.\. does not override conflicting OS environment variable/);
    assert.deepEqual(f.location, { file: path.join(home, '.config', 'go', 'env'), startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 + 'GOPROXY=https://goproxy.io,direct'.length });
    assert.deepEqual(f.fixes.map((x) => x.command), ['unset GOPROXY', "go env -w GOPROXY=https://proxy.golang.org,direct", 'go env -u GOPROXY']);
    assert.ok(f.fixes.every((x) => !x.preferred));
  });

  it('GPD141 passes when the values agree, or the value is only in the file', async () => {
    writeEnvFile('GOPROXY=https://goproxy.io,direct\n');
    assert.deepEqual((await run(envShadowed, host({ GOPROXY: 'https://goproxy.io,direct' }))).out.findings, []);
    assert.deepEqual((await run(envShadowed, host({}))).out.findings, []);
  });

  it('GPD141 notes an empty OS value that does not hide the file', async () => {
    writeEnvFile('GOPRIVATE=git.corp.example\n');
    const { out, env } = await run(envShadowed, host({ GOPRIVATE: '' }));
    assert.equal(env.vars.GOPRIVATE.value, 'git.corp.example');
    assert.equal(out.findings.length, 1);
    assert.equal(out.findings[0].severity, 'info');
    assert.match(out.findings[0].message, /empty string in the OS environment/);
  });

  it('GPD141 on Windows offers a PowerShell removal', async () => {
    writeEnvFile('GOFLAGS=-mod=mod\n');
    const h = host({ GOFLAGS: '-mod=vendor' });
    const env = await gatherEnvironment(h, { timeoutMs: 30000 });
    const ctx = { env: { ...env, platform: 'windows' as const } } as unknown as CheckContext;
    const out = await envShadowed.run(ctx, new AbortController().signal);
    assert.match(out.findings[0].fixes[0].command!, /SetEnvironmentVariable\('GOFLAGS', \$null, 'User'\)/);
  });

  it('GPD142 passes on a usable environment', async () => {
    writeEnvFile('');
    assert.deepEqual((await run(goEnvUnavailable, host({}))).out.findings, []);
  });

  it('GPD142: no go binary', async () => {
    const { out, env } = await run(goEnvUnavailable, host({ PATH: path.join(tmp, 'nobin') }));
    assert.equal(env.fromGo, false);
    assert.equal(out.findings.length, 1);
    assert.equal(out.findings[0].severity, 'warning');
    assert.match(out.findings[0].message, /No `go` binary/);
  });

  it('GPD142: GOROOT that is not a directory, quoting go', async () => {
    const bad = path.join(tmp, 'no-such-goroot');
    const { out, env } = await run(goEnvUnavailable, host({ GOROOT: bad }));
    assert.equal(env.go.error, `go: cannot find GOROOT directory: ${bad}`);
    assert.equal(env.fromGo, false);
    const fixes = out.findings.flatMap((f) => f.fixes.map((x) => x.command));
    assert.ok(out.findings.every((f) => f.severity === 'error'));
    assert.ok(out.findings.some((f) => f.variable === 'GOROOT' && f.message.includes(`go: cannot find GOROOT directory: ${bad}`)));
    assert.deepEqual(fixes, ['unset GOROOT']);
    writeEnvFile(`GOROOT=${bad}\n`);
    const fromFile = await run(goEnvUnavailable, host({}));
    // go cannot run `go env -u GOROOT` while GOROOT is wrong: the fix deletes the line.
    assert.deepEqual(fromFile.out.findings.flatMap((f) => f.fixes.map((x) => [x.kind, x.edits?.[0].startLine])), [['edit', 1]]);
    writeEnvFile('');
  });

  it('GPD142: go env failing (invalid GO111MODULE)', async () => {
    const { out } = await run(goEnvUnavailable, host({ GO111MODULE: 'bogus' }));
    assert.equal(out.findings.length, 1);
    assert.equal(out.findings[0].severity, 'error');
    assert.match(out.findings[0].message, /go: unknown environment setting GO111MODULE=bogus/);
  });

  it('GPD142: no HOME means no go/env file and no module cache', async () => {
    const { out } = await run(goEnvUnavailable, host({ HOME: undefined }, { homedir: '/root' }));
    const msgs = out.findings.map((f) => `${f.severity}: ${f.message}`);
    assert.equal(out.findings.length, 2, msgs.join('\n'));
    assert.match(msgs[0], /^warning: .*go: cannot find go env config: neither \$XDG_CONFIG_HOME nor \$HOME are defined/);
    assert.match(msgs[1], /^error: .*module cache not found: neither GOMODCACHE nor GOPATH is set/);
    assert.equal(out.findings[0].fixes[0].command, 'export HOME=/root');
  });

  it('GPD142: go env that hangs is stopped at the time limit and the picture is computed', async () => {
    const bin = path.join(tmp, 'slow-bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'go'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const h = host({ PATH: `${bin}:/bin`, GOPROXY: 'https://slow.example' });
    const t0 = Date.now();
    const env = await gatherEnvironment(h, { timeoutMs: 300 });
    assert.ok(Date.now() - t0 < 5000, 'bounded');
    assert.equal(env.fromGo, false);
    assert.match(env.go.error!, /did not finish within 300 ms/);
    assert.equal(env.vars.GOPROXY.value, 'https://slow.example');
    const ctx = { env, host: h } as unknown as CheckContext;
    const out = await goEnvUnavailable.run(ctx, new AbortController().signal);
    assert.equal(out.findings[0].severity, 'warning');
    assert.match(out.findings[0].message, /did not answer in time/);
  });

  it('GPD142: go env printing something that is not JSON', async () => {
    const bin = path.join(tmp, 'odd-bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'go'), '#!/bin/sh\necho not json\n', { mode: 0o755 });
    const env = await gatherEnvironment(host({ PATH: `${bin}:/bin` }), { timeoutMs: 5000 });
    assert.equal(env.fromGo, false);
    assert.match(env.go.error!, /not a JSON object/);
  });

  it('GPD142 does not complain about GOENV=off', async () => {
    assert.deepEqual((await run(goEnvUnavailable, host({ GOENV: 'off' }))).out.findings, []);
  });

  for (const check of [envShadowed, goEnvUnavailable]) {
    for (const kind of ['triggers', 'passes'] as const) {
      it(`${check.id} example "${kind}" ${kind === 'triggers' ? 'triggers' : 'passes'}`, async () => {
        const ex = check.examples[kind];
        const ws = fs.mkdtempSync(path.join(tmp, 'ex-'));
        for (const [rel, text] of Object.entries(ex.files ?? {})) fs.writeFileSync(path.join(ws, rel), text);
        const { out } = await run(check, nodeHost({ env: { GOCACHE: path.join(tmp, 'cache'), ...ex.env }, cwd: ws }), ws);
        const problems = out.findings.filter((f) => f.severity !== 'info');
        if (kind === 'triggers') assert.ok(problems.length > 0, 'no finding');
        else assert.deepEqual(problems, []);
      });
    }
  }
});

describe('env: a go/env file its user cannot read', function () {
  this.timeout(60000);
  it('go ignores it silently; the doctor says "permission denied", not "does not exist"', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envperm-'));
    try {
      fs.chmodSync(tmp, 0o755);
      const file = path.join(tmp, 'env');
      fs.writeFileSync(file, 'GOPROXY=https://secret.example\n', { mode: 0o000 });
      fs.chmodSync(file, 0o000);
      // Root reads a 0000 file: then the commands run as nobody; any other user is refused itself.
      const asNobody = (cmd: string, args: string[], env: Record<string, string>) => process.getuid?.() === 0
        ? execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', cmd, ...args], { env, cwd: tmp, encoding: 'utf8', timeout: 30000 })
        : execFileSync(cmd, args, { env, cwd: tmp, encoding: 'utf8', timeout: 30000 });
      // The machine's go (go1.26.8): os.ReadFile fails, readEnvFile drops the error.
      const go = asNobody(DEFAULT_GO.bin, ['env', 'GOPROXY', 'GOENV'], { PATH: `${DEFAULT_GO.binDir}:/usr/bin:/bin`, HOME: tmp, GOENV: file, GOCACHE: path.join(tmp, 'cache'), GOTOOLCHAIN: 'local' });
      assert.deepEqual(go.trim().split('\n'), ['https://proxy.golang.org,direct', file]);
      const gather = path.join(__dirname, '..', '..', 'src', 'core', 'env', 'gather.js');
      const hostMod = path.join(__dirname, '..', '..', 'src', 'core', 'host', 'node-host.js');
      const script = `const { gatherEnvironment } = require(${JSON.stringify(gather)}); const { nodeHost } = require(${JSON.stringify(hostMod)});
gatherEnvironment(nodeHost(), { noExec: true }).then((e) => console.log(JSON.stringify(e.envFile)));`;
      const out = JSON.parse(asNobody(process.execPath, ['-e', script], { PATH: '/usr/bin:/bin', HOME: tmp, GOENV: file }));
      assert.deepEqual(out, { path: file, exists: true, entries: [], error: `cannot read ${file}: permission denied (EACCES)`, unread: { reason: 'permission', go: 'ignores' } });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
