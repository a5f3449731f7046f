import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { FromWorker } from '../../src/worker/protocol';
import type { Report } from '../../src/core/report/report';
import { allChecks } from '../../src/core/checks/registry';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';

/**
 * A hostile workspace and hostile files around it, as an attacker or a careless user makes
 * them: symlinks and includes that lead out of the workspace, FIFOs where files should be,
 * files far larger than the kind ever is, and a .gitlab-ci.yml built to make work explode.
 * Each case runs through the CLI (the transpiled entry, in a child process with a time and
 * memory limit) and, for the workspace cases, through the extension's worker thread.
 */

const CLI = path.resolve(__dirname, '..', '..', 'src', 'cli', 'index.js');
const WORKER = path.resolve(__dirname, '..', '..', 'src', 'worker', 'index.js');
const GO_BIN = fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin' : '';
/** A host name that exists only outside the workspace: seeing it anywhere means it was read. */
const CANARY = 'canary-outside-7f3a.example';

interface Lab { dir: string; ws: string; outside: string; home: string; env: Record<string, string> }

function lab(): Lab {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-hostile-')));
  const ws = path.join(dir, 'ws');
  const outside = path.join(dir, 'outside');
  const home = path.join(dir, 'home');
  for (const d of [ws, outside, home]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(ws, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
  return {
    dir, ws, outside, home,
    env: {
      PATH: [GO_BIN, '/usr/bin', '/bin'].filter(Boolean).join(':'),
      HOME: home,
      GOPATH: path.join(dir, 'gopath'),
      GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
      GOENV: path.join(home, 'go-env'),
      GOCACHE: path.join(dir, 'cache'),
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-modcacherw',
      NO_COLOR: '1',
    },
  };
}

function write(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
}

function mkfifo(p: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, `mkfifo ${p}: ${r.stderr}`);
}

interface Run { code: number | null; signal: string | null; out: string; err: string }

/** The CLI in a child process, with a wall-clock limit and a heap limit. */
function cli(l: Lab, args: string[], o: { heapMb?: number; timeoutMs?: number } = {}): Run {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${o.heapMb ?? 256}`, CLI, ...args], {
    cwd: l.ws, env: l.env, encoding: 'utf8', timeout: o.timeoutMs ?? 60_000, maxBuffer: 64 << 20,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function finished(r: Run, what: string): void {
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code} signal ${r.signal}\n${r.err.slice(0, 2000)}`);
}

/** One diagnosis in the extension's worker thread, under a heap limit. */
async function inWorker(l: Lab, heapMb = 256, timeoutMs = 60_000): Promise<Report> {
  const w = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  try {
    return await new Promise<Report>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker gave no answer in ${timeoutMs} ms`)), timeoutMs);
      w.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      w.on('message', (m: FromWorker) => {
        if (m.type === 'result') {
          clearTimeout(timer);
          resolve(m.report);
        } else if (m.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(m.error));
        }
      });
      w.postMessage({ type: 'run', runId: 1, dir: l.ws, env: l.env, options: { offline: true } });
    });
  } finally {
    await w.terminate();
  }
}

/** Symlinks of every kind of workspace file, and a linked folder, all pointing outside. */
function linkedOutside(l: Lab): void {
  const v = `GOPROXY=https://${CANARY}/proxy\n`;
  write(path.join(l.outside, 'secret.env'), v);
  write(path.join(l.outside, 'envrc'), `export ${v}`);
  write(path.join(l.outside, 'ci.yml'), `on: push\nenv:\n  GOPROXY: https://${CANARY}/gha\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go build\n`);
  write(path.join(l.outside, 'Dockerfile'), `FROM golang\nENV ${v}`);
  write(path.join(l.outside, 'folder', '.env'), v);
  write(path.join(l.outside, 'folder', 'Dockerfile'), `FROM golang\nENV ${v}`);
  link(path.join(l.outside, 'secret.env'), path.join(l.ws, '.env'));
  link('../outside/envrc', path.join(l.ws, '.envrc'));
  link(path.join(l.outside, 'ci.yml'), path.join(l.ws, '.github', 'workflows', 'ci.yml'));
  link(path.join(l.outside, 'Dockerfile'), path.join(l.ws, 'Dockerfile'));
  link(path.join(l.outside, 'folder'), path.join(l.ws, 'linked'));
  // A symlink that stays inside is read as usual.
  write(path.join(l.ws, 'env', 'real.env'), 'GOPROXY=https://inside.example/p\n');
  link('env/real.env', path.join(l.ws, '.env.local'));
}

/** Includes and EnvironmentFile= that lead outside, by path and by symlink. */
function includesOutside(l: Lab): void {
  write(path.join(l.outside, 'x.yml'), `variables:\n  GOPROXY: https://${CANARY}/included\n`);
  write(path.join(l.outside, 'unit.env'), `GOPROXY=https://${CANARY}/unit\n`);
  link(path.join(l.outside, 'x.yml'), path.join(l.ws, 'ci', 'linked.yml'));
  link(path.join(l.outside, 'unit.env'), path.join(l.ws, 'deploy', 'linked.env'));
  write(path.join(l.ws, '.gitlab-ci.yml'), [
    'include:',
    "  - local: '/../outside/x.yml'",
    "  - local: '/ci/linked.yml'",
    'variables:',
    '  GOPROXY: https://inside.example/gl',
    'build:',
    '  script: go build',
    '',
  ].join('\n'));
  write(path.join(l.ws, 'deploy', 'app.service'), `[Service]\nEnvironmentFile=${path.join(l.outside, 'unit.env')}\nEnvironmentFile=${path.join(l.ws, 'deploy', 'linked.env')}\nExecStart=/usr/bin/go build\n`);
}

/** 0.5 MB: one hidden job extending 5,000 unknown jobs, 15,000 jobs extending it. */
function hostileGitlab(): string {
  const parts = ['variables:\n  GOPROXY: "https://proxy.golang.org,direct"\n.base:\n  extends:\n'];
  for (let i = 0; i < 5000; i++) parts.push(`    - .unknown-${i}\n`);
  for (let i = 0; i < 15000; i++) parts.push(`job-${i}:\n  extends: .base\n`);
  return parts.join('');
}

describe('hostile workspace: nothing outside is read, nothing hangs, work stays bounded', function () {
  this.timeout(240_000);
  let l: Lab;
  beforeEach(() => {
    l = lab();
  });
  afterEach(() => fs.rmSync(l.dir, { recursive: true, force: true }));

  describe('the CLI', () => {
    it('symlinked .env, .envrc, workflow, Dockerfile and folder leading outside are said, not read, in every format', () => {
      linkedOutside(l);
      for (const args of [['--offline'], ['--offline', '--format', 'json'], ['--offline', '--format', 'sarif'], ['scopes'], ['scopes', '--format', 'json']]) {
        const r = cli(l, args);
        finished(r, args.join(' '));
        assert.ok(!(r.out + r.err).includes(CANARY), `${args.join(' ')} printed what is outside the workspace:\n${(r.out + r.err).split('\n').filter((x) => x.includes(CANARY)).join('\n')}`);
        assert.match(r.out, /points outside the workspace, not read/, args.join(' '));
      }
      const text = cli(l, ['scopes']).out;
      for (const f of ['.env', '.envrc', 'ci.yml', 'Dockerfile', 'linked']) {
        assert.ok(text.split('\n').some((x) => x.includes(f) && x.includes('points outside the workspace, not read')), `${f} is named:\n${text}`);
      }
      // The symlink that stays inside the workspace is read.
      assert.match(text, /inside\.example\/p/);
    });

    it('include: local: that climbs out of the repository, or a symlinked include, is not read; nor an EnvironmentFile= outside', () => {
      includesOutside(l);
      for (const args of [['--offline'], ['--offline', '--format', 'json'], ['scopes']]) {
        const r = cli(l, args);
        finished(r, args.join(' '));
        assert.ok(!(r.out + r.err).includes(CANARY), `${args.join(' ')} printed an outside value`);
      }
      const r = cli(l, ['--offline']);
      assert.match(r.out, /include: local: \/\.\.\/outside\/x\.yml points outside the workspace, not read/);
      assert.match(r.out, /linked\.yml.*points outside the workspace, not read|points outside the workspace, not read.*linked\.yml/);
      assert.match(cli(l, ['scopes']).out, /inside\.example\/gl/, 'the main file is still read');
    });

    it('the 0.5 MB extends bomb: bounded time, memory and output, and the rest of the diagnosis runs', () => {
      const text = hostileGitlab();
      assert.ok(text.length > 400_000 && text.length < 600_000, `${text.length} bytes`);
      write(path.join(l.ws, '.gitlab-ci.yml'), text);
      for (const format of ['text', 'json']) {
        const t0 = Date.now();
        const r = cli(l, ['--offline', '--format', format], { heapMb: 256, timeoutMs: 120_000 });
        finished(r, format);
        assert.ok(r.out.length < 200_000, `${format}: ${r.out.length} bytes of output`);
        assert.ok(Date.now() - t0 < 100_000);
        const unknown = r.out.split('\n').filter((x) => /extends unknown job/.test(x)).length;
        assert.ok(unknown >= 1 && unknown <= 20, `${unknown} lines about unknown jobs`);
        assert.match(r.out, /… and 4980 more problems in this file/);
        if (format === 'json') {
          const report = JSON.parse(r.out) as Report;
          assert.equal(report.results.length, allChecks().length);
          assert.ok(report.results.every((x) => x.status !== 'crashed'), report.results.filter((x) => x.status === 'crashed').map((x) => `${x.id}: ${x.reason}`).join('; '));
        }
      }
    });

    it('12,000 jobs each with its own GOPROXY: findings and the report stay bounded', () => {
      const parts = ['variables:\n  GOPROXY: "https://proxy.golang.org,direct"\n'];
      for (let i = 0; i < 12000; i++) parts.push(`j${i}:\n  variables:\n    GOPROXY: "https://p${i}.example"\n`);
      write(path.join(l.ws, '.gitlab-ci.yml'), parts.join(''));
      const text = cli(l, ['--offline'], { timeoutMs: 120_000 });
      finished(text, 'text');
      assert.ok(text.out.length < 50_000, `${text.out.length} bytes of text`);
      assert.match(text.out, /… and 11951 more places/);
      const json = cli(l, ['--offline', '--format', 'json'], { timeoutMs: 120_000 });
      finished(json, 'json');
      assert.ok(json.out.length < 2_000_000, `${json.out.length} bytes of json`);
    });

    it('a FIFO as ~/.netrc, as .env and as a cached .mod, .ziphash or .zip: the run ends and says what it skipped', () => {
      mkfifo(path.join(l.home, '.netrc'));
      mkfifo(path.join(l.ws, '.env'));
      const dl = path.join(l.env.GOMODCACHE, 'cache', 'download', 'example.com', 'hello', '@v');
      const h1 = 'h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n';
      mkfifo(path.join(dl, 'v1.0.0.mod'));
      write(path.join(dl, 'v1.0.0.ziphash'), h1);
      mkfifo(path.join(dl, 'v1.0.1.ziphash'));
      write(path.join(l.env.GOMODCACHE, 'example.com', 'hello@v1.0.1', 'hello.go'), 'package hello\n');
      mkfifo(path.join(dl, 'v1.0.2.zip'));
      write(path.join(dl, 'v1.0.2.ziphash'), h1);
      write(path.join(l.ws, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/hello/v2 v2.0.0\n)\n');
      write(path.join(l.ws, 'go.sum'), ['v1.0.0', 'v1.0.1', 'v1.0.2'].map((v) => `example.com/hello ${v} ${h1}example.com/hello ${v}/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`).join(''));
      const r = cli(l, ['--offline', '--format', 'json'], { timeoutMs: 60_000 });
      finished(r, 'diagnose');
      const report = JSON.parse(r.out) as Report;
      const verified = (report.results.find((x) => x.id === 'GPD803')!.data as { verified: Array<{ module: string; problems: string[]; goVerify: string[] }> }).verified;
      const of = (m: string) => verified.find((v) => v.module === m)!;
      assert.match(of('example.com/hello@v1.0.0').problems.join(), /v1\.0\.0\.mod.*not a regular file/);
      assert.match(of('example.com/hello@v1.0.1').problems.join(), /ziphash is not a regular file/);
      assert.match(of('example.com/hello@v1.0.2').goVerify.join(), /not a regular file/);
      const c = cli(l, ['cache', '--verify'], { timeoutMs: 60_000 });
      assert.ok(c.code !== null, `cache --verify ended (signal ${c.signal})`);
    });

    it('a 200 MB garbage .ziphash is not read whole: the run stays within a 128 MB heap', () => {
      const dl = path.join(l.env.GOMODCACHE, 'cache', 'download', 'example.com', 'hello', '@v');
      fs.mkdirSync(dl, { recursive: true });
      const fd = fs.openSync(path.join(dl, 'v1.0.0.ziphash'), 'w');
      fs.ftruncateSync(fd, 200 << 20); // sparse: 200 MiB of NUL bytes that take no disk
      fs.closeSync(fd);
      write(path.join(l.env.GOMODCACHE, 'example.com', 'hello@v1.0.0', 'hello.go'), 'package hello\n');
      write(path.join(l.ws, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
      const r = cli(l, ['--offline', '--only', 'GPD803', '--format', 'json'], { heapMb: 128 });
      finished(r, 'diagnose');
      const res = (JSON.parse(r.out) as Report).results.find((x) => x.id === 'GPD803')!;
      assert.ok(res.findings.some((f) => /dir has been modified/.test(f.message) && f.evidence.some((e) => /larger than 4096 bytes/.test(e))), JSON.stringify(res.findings).slice(0, 1000));
    });
  });

  describe("the extension's worker", () => {
    it('survives the 0.5 MB extends bomb within a 256 MB heap, and every other check still runs', async () => {
      write(path.join(l.ws, '.gitlab-ci.yml'), hostileGitlab());
      write(path.join(l.ws, '.env'), 'GOPROXY=https://proxy.golang.org,direct\n');
      const report = await inWorker(l, 256, 120_000);
      assert.equal(report.results.length, allChecks().length);
      assert.ok(report.results.every((x) => x.status !== 'crashed'), report.results.filter((x) => x.status === 'crashed').map((x) => `${x.id}: ${x.reason}`).join('; '));
      const gl = report.results.find((x) => x.id === 'GPD202')!;
      assert.ok(gl.findings.length <= 25, `${gl.findings.length} GPD202 findings`);
      assert.ok(gl.findings.some((f) => /… and 4980 more problems/.test(f.message)));
      assert.ok(report.results.find((x) => x.id === 'GPD206')!.status !== 'skipped', 'the .env next to it is still judged');
    });

    it('reads nothing outside the workspace through symlinks or includes', async () => {
      linkedOutside(l);
      includesOutside(l);
      const report = await inWorker(l);
      const json = JSON.stringify(report);
      assert.ok(!json.includes(CANARY), 'a value from outside the workspace reached the report');
      const said = report.results.flatMap((r) => r.findings).filter((f) => /points outside the workspace, not read/.test(f.message)).length;
      assert.ok(said >= 5, `${said} findings say what was not read`);
    });

    it('a FIFO as .env and as ~/.netrc does not stall the worker', async () => {
      mkfifo(path.join(l.ws, '.env'));
      mkfifo(path.join(l.home, '.netrc'));
      const report = await inWorker(l, 256, 60_000);
      assert.equal(report.results.length, allChecks().length);
    });
  });

  it('GPD803 on a go.mod of 24,000 requirements looks at the cache folder by folder, not file by file', async () => {
    const reqs = Array.from({ length: 24000 }, (_, i) => `\texample.com/m${i} v1.0.${i}\n`).join('');
    write(path.join(l.ws, 'go.mod'), `module example.com/app\n\ngo 1.21\n\nrequire (\n${reqs})\n`);
    // A cache that holds other modules: every lookup has a folder to look in.
    write(path.join(l.env.GOMODCACHE, 'cache', 'download', 'example.com', 'other', '@v', 'v1.0.0.ziphash'), 'h1:x\n');
    fs.mkdirSync(path.join(l.env.GOMODCACHE, 'example.com', 'other@v1.0.0'), { recursive: true });
    const fsp = fs.promises as unknown as Record<string, (...a: unknown[]) => unknown>;
    const counted = ['lstat', 'stat', 'readdir', 'open', 'readFile'] as const;
    let calls = 0;
    const saved = new Map<string, (...a: unknown[]) => unknown>();
    for (const k of counted) {
      saved.set(k, fsp[k]);
      fsp[k] = function (this: unknown, ...a: unknown[]) { calls++; return saved.get(k)!.apply(this, a); };
    }
    let report: Report;
    const t0 = Date.now();
    try {
      report = await diagnose({ dir: l.ws, host: nodeHost({ env: l.env, cwd: l.ws }), options: { offline: true, only: ['GPD803'] } });
    } finally {
      for (const k of counted) fsp[k] = saved.get(k)!;
    }
    const ms = Date.now() - t0;
    const r = report.results.find((x) => x.id === 'GPD803')!;
    assert.notEqual(r.status, 'crashed', r.reason);
    // Seven lookups a version were 168,000 calls; folder listings are a handful.
    assert.ok(calls < 2000, `${calls} file-system calls for 24,000 versions (${ms} ms)`);
  });
});
