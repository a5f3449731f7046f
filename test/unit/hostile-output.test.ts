import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { FORMATS } from '../../src/cli/formats';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

/**
 * The credentials and terminal-injection cases of the hostile-files review, against the built
 * CLI (dist/cli.js) in every output format and command, and against the extension's worker:
 * - passwords go accepts (an apostrophe, an `@`), userinfo without a scheme (GOPROXY,
 *   HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), values of secret-named variables written in files
 *   (`CI_DEPLOY_PASSWORD:`, `NPM_TOKEN=`, `ARG REGISTRY_TOKEN=`, `RUN GITHUB_TOKEN=…`), also on
 *   the context and changed lines of `scopes --fix`: no canary in any output;
 * - escape sequences and newlines in folder names, file names and values: no raw control
 *   character reaches stdout or stderr, and no data starts a line of its own.
 * Offline; go runs hermetically.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const WORKER = path.resolve(__dirname, '..', '..', 'src', 'worker', 'index.js');

const canary = (tag: string) => `cnry${tag}${randomBytes(6).toString('hex')}`;

/** Characters a terminal acts on; CR is allowed only as part of CRLF (a file's own line end). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

function leaks(text: string, canaries: Record<string, string>): string[] {
  return Object.entries(canaries).filter(([, v]) => text.includes(v)).map(([k]) => k);
}

function rawControls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(RAW_CONTROL.source, 'g'))) out.push(`${JSON.stringify(m[0])} at …${JSON.stringify(text.slice(Math.max(0, m.index! - 30), m.index! + 10))}`);
  return out;
}

function hermeticEnv(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/go/bin:/usr/bin:/bin',
    HOME: home,
    GOPATH: path.join(home, 'go'),
    GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
    GOCACHE: path.join(home, 'cache'),
    GOENV: path.join(home, '.config', 'go', 'env'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    NO_PROXY: 'localhost',
  };
}

describe('hostile output', function () {
before(function () {
  this.timeout(120000);
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  assert.equal(b.status, 0, `npm run build failed:\n${b.stderr}`);
});

describe('hostile output: credentials go accepts are never printed', function () {
  this.timeout(240000);
  let tmp: string;
  let dir: string;
  let env: Record<string, string>;
  const c = {
    apostrophe: canary('apos'),
    atSign: canary('atsign'),
    goproxyBare: canary('goproxybare'),
    httpsBare: canary('httpsbare'),
    httpToken: canary('httptoken'),
    allProxy: canary('allproxy'),
    dockerBare: canary('dockerbare'),
    envFileApos: canary('envfile'),
    ciDeploy: canary('cideploy'),
    npmYaml: canary('npmyaml'),
    npmEnv: canary('npmenv'),
    argToken: canary('argtoken'),
    runToken: canary('runtoken'),
    dotenvBare: canary('dotenvbare'),
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-hostile-out-'));
    const home = path.join(tmp, 'home');
    dir = path.join(tmp, 'project');
    fs.mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(home, '.config', 'go', 'env'), `GONOSUMDB=https://u:x'${c.envFileApos}@gitlab.corp.example\n`);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module gitlab.corp.example/group/app\n\ngo 1.19\n');
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), [
      'variables:',
      `  CI_DEPLOY_PASSWORD: ${c.ciDeploy}`,
      `  GOPROXY: "https://u:pa'${c.apostrophe}@goproxy.corp.example,DIRECT"`,
      `  NPM_TOKEN: "${c.npmYaml}"`,
      '',
      'build:',
      '  variables:',
      `    GOPROXY: "https://u:p@ss${c.atSign}@goproxy.corp.example,DIRECT"`,
      '  script:',
      '    - go mod download',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), [
      'FROM golang:1.22',
      `ARG REGISTRY_TOKEN=${c.argToken}`,
      `ENV GOPROXY=u:${c.dockerBare}@proxy.corp.example:3128,DIRECT`,
      `RUN GITHUB_TOKEN=${c.runToken} go mod download`,
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, '.env'), `NPM_TOKEN=${c.npmEnv}\nGOPROXY=https://goproxy.example.com,DIRECT\nHTTPS_PROXY=u:${c.dotenvBare}@127.0.0.1:9\n`);
    env = {
      ...hermeticEnv(home),
      GOPROXY: `u:${c.goproxyBare}@proxy.corp.example:3128,direct`,
      HTTPS_PROXY: `u:${c.httpsBare}@127.0.0.1:9`,
      HTTP_PROXY: `${c.httpToken}@127.0.0.1:9`,
      ALL_PROXY: `u:${c.allProxy}@127.0.0.1:9`,
      GOPRIVATE: 'gitlab.corp.example',
    };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8', timeout: 90000 });
    if (r.error) throw r.error;
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
    assert.ok(r.stdout.length > 0, `${args.join(' ')} printed nothing`);
    return r;
  };

  it('in every format of a diagnosis', () => {
    for (const format of FORMATS) {
      const r = run(['--offline', '--format', format]);
      assert.deepEqual(leaks(r.stdout + r.stderr, c), [], `${format} leaks`);
    }
  });

  it('in explain, scopes (text, JSON, --fix), why, resolve and cache', () => {
    const goError = `go: example.com/m@v1.0.0: Get "https://u:pa'${c.apostrophe}@goproxy.corp.example/example.com/m/@v/v1.0.0.info": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused`;
    for (const args of [
      ['explain'], ['explain', '--format', 'json'],
      ['scopes'], ['scopes', '--format', 'json'], ['scopes', '--fix'], ['scopes', '--fix', '--format', 'json'],
      ['why', '--offline', goError], ['why', '--offline', '--format', 'json', goError],
      ['cache'],
    ]) {
      const r = run(args);
      assert.deepEqual(leaks(r.stdout + r.stderr, c), [], `${args.slice(0, 3).join(' ')} leaks:\n${r.stdout}`);
    }
    // A chain walk that fails at once: the entry has no scheme and a password.
    const walk = spawnSync(process.execPath, [CLI, 'resolve', 'example.com/m@v1.0.0', '--timeout', '2000'], {
      cwd: dir, env: { ...env, GOPROXY: `u:${c.goproxyBare}@127.0.0.1:9`, GOSUMDB: 'off' }, encoding: 'utf8', timeout: 60000,
    });
    assert.ok(walk.stdout.includes('127.0.0.1:9'), walk.stdout + walk.stderr);
    assert.deepEqual(leaks(walk.stdout + walk.stderr, c), [], `resolve leaks:\n${walk.stdout}`);
  });

  it('scopes --fix: the diff shows context and changed lines redacted, the written files keep their text', () => {
    const r = run(['scopes', '--fix']);
    const diff = r.stdout.slice(r.stdout.indexOf('--- a/'));
    assert.match(diff, /^ {3}CI_DEPLOY_PASSWORD: xxxxx$/m, diff);
    assert.match(diff, /^ {3}NPM_TOKEN: "xxxxx"$/m, diff);
    assert.match(diff, /^-  GOPROXY: "https:\/\/u:xxxxx@goproxy\.corp\.example,DIRECT"$/m, diff);
    assert.match(diff, /^\+  GOPROXY: "https:\/\/u:xxxxx@goproxy\.corp\.example,direct"$/m, diff);
    assert.match(diff, /^ NPM_TOKEN=xxxxx$/m, diff);
    const before = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    const copy = fs.mkdtempSync(path.join(tmp, 'copy-'));
    for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(copy, f));
    const w = spawnSync(process.execPath, [CLI, 'scopes', copy, '--fix', '--write'], { cwd: copy, env, encoding: 'utf8', timeout: 90000 });
    assert.deepEqual(leaks(w.stdout + w.stderr, c), [], 'scopes --fix --write leaks');
    const after = fs.readFileSync(path.join(copy, '.gitlab-ci.yml'), 'utf8');
    assert.equal(after, before.split('DIRECT').join('direct'), 'the edit is computed on the real text');
    assert.ok(after.includes(c.apostrophe) && after.includes(c.ciDeploy));
  });

  it('in the extension\'s worker: the report and the commands it runs', async () => {
    const worker = new Worker(WORKER);
    const got: FromWorker[] = [];
    worker.on('message', (m: FromWorker) => got.push(m));
    const until = async (runId: number) => {
      const t0 = Date.now();
      for (;;) {
        const m = got.find((x) => x.runId === runId && x.type !== 'progress');
        if (m) return m;
        if (Date.now() - t0 > 90000) throw new Error(`no answer for run ${runId}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    try {
      worker.postMessage({ type: 'run', runId: 1, dir, env, options: { offline: true } } satisfies ToWorker);
      const m = await until(1);
      assert.equal(m.type, 'result', JSON.stringify(m).slice(0, 500));
      assert.deepEqual(leaks(JSON.stringify(m), c), [], 'the worker\'s report leaks');
      for (const [i, argv] of [['--fix'], ['--format', 'json']].entries()) {
        worker.postMessage({ type: 'command', runId: 2 + i, name: 'scopes', argv: [dir, ...argv], env, cwd: dir } as ToWorker);
        const o = await until(2 + i);
        assert.equal(o.type, 'output', JSON.stringify(o).slice(0, 500));
        assert.deepEqual(leaks(JSON.stringify(o), c), [], `scopes ${argv.join(' ')} in the worker leaks`);
      }
    } finally {
      await worker.terminate();
    }
  });
});

describe('hostile output: nothing printed acts on the terminal', function () {
  this.timeout(240000);
  let tmp: string;
  let dir: string;
  let env: Record<string, string>;
  const FAKE = 'INJECTED-LINE ok: all checks passed';
  const OSC52 = '\u001b]52;c;SGVsbG8=\u0007';
  const TITLE = '\u001b]0;pwned\u0007';

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-hostile-tty-'));
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
    dir = path.join(tmp, `evil\n${FAKE}${TITLE}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), [
      'variables:',
      `  GOPROXY: "https://proxy${OSC52}.example${TITLE}\u001b[2J\u001b[31m,\r${FAKE}\u009b2J\u2028\u202e,DIRECT"`,
      `  GONOSUMDB: "corp.example\u001b[H\u001b[2J"`,
      '',
    ].join('\n'));
    const sub = path.join(dir, `sub\u001b[31mred\r${FAKE}`);
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, '.env'), 'GOPROXY=off\n');
    const modcache = path.join(home, 'go', 'pkg', 'mod');
    fs.mkdirSync(path.join(modcache, 'cache', 'download', 'example.com', `x${OSC52}`, '@v'), { recursive: true });
    fs.writeFileSync(path.join(modcache, 'cache', 'download', 'example.com', `x${OSC52}`, '@v', 'v1.0.0.partial'), '');
    env = { ...hermeticEnv(home), GOPROXY: `https://proxy.golang.org${TITLE},direct`, NO_COLOR: '1' };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const check = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8', timeout: 90000 });
    if (r.error) throw r.error;
    assert.ok(r.status !== null && r.status <= 1, `${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
    const out = r.stdout + r.stderr;
    assert.ok(r.stdout.length > 0, `${args.join(' ')} printed nothing`);
    assert.deepEqual(rawControls(out), [], `${args.join(' ')}: raw control characters`);
    const fake = out.split('\n').filter((l) => l.trimStart().startsWith('INJECTED-LINE'));
    assert.deepEqual(fake, [], `${args.join(' ')}: data printed a line of its own`);
    return out;
  };

  it('text and every other format of a diagnosis', () => {
    const text = check(['--offline']);
    assert.ok(text.includes('\\nINJECTED-LINE ok: all checks passed\\x1b]0;pwned\\x07'), 'the folder is shown with its newline and escape visible');
    for (const format of FORMATS) check(['--offline', '--format', format]);
  });

  it('explain, scopes, scopes --fix, why, cache and error messages', () => {
    const scopes = check(['scopes']);
    assert.ok(scopes.includes('sub\\x1b[31mred\\rINJECTED-LINE'), scopes);
    check(['scopes', '--fix']);
    check(['scopes', '--format', 'json']);
    check(['explain']);
    check(['explain', '--format', 'json']);
    check(['why', '--offline', `go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not Found${OSC52}\n${FAKE}`]);
    const cache = check(['cache']);
    assert.ok(cache.includes('x\\x1b]52;c;SGVsbG8=\\x07'), cache);
    // A usage error quoting a folder that holds escape sequences.
    const r = spawnSync(process.execPath, [CLI, 'scopes', path.join(dir, `missing${TITLE}`)], { cwd: dir, env, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(rawControls(r.stdout + r.stderr), []);
    assert.ok(!r.stderr.split('\n').some((l) => l.startsWith('INJECTED-LINE')), r.stderr);
  });

  it('the doctor\'s own colours stay; the data\'s do not', () => {
    const r = spawnSync(process.execPath, [CLI, '--offline'], { cwd: dir, env: { ...env, NO_COLOR: '', FORCE_COLOR: '1' }, encoding: 'utf8', timeout: 90000 });
    assert.match(r.stdout, /\u001b\[3[0-9]m/, 'coloured marks');
    const foreign = [...r.stdout.matchAll(/\u001b(?!\[(?:0|1|3[0-9]|90)m)/g)];
    assert.equal(foreign.length, 0, 'only the doctor\'s own SGR sequences');
    assert.ok(!r.stdout.includes('\u001b[31mred'), 'a folder\'s colour sequence is shown, not run');
    assert.ok(!r.stdout.includes('\u001b]'), 'no OSC');
  });
});
});
