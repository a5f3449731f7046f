import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import { allChecks } from '../../src/core/checks/registry';

// The worker the extension runs, over its message protocol: the transpiled entry, the real core.
const WORKER = path.resolve(__dirname, '..', '..', 'src', 'worker', 'index.js');

function lab(): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-worker-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.mkdirSync(path.join(dir, 'ws'));
  fs.writeFileSync(path.join(dir, 'ws', 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
  fs.writeFileSync(path.join(dir, 'ws', '.gitlab-ci.yml'), 'variables:\n  GOPROXY: "https://proxy.golang.org,direct"\n');
  return {
    dir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      GOPATH: path.join(dir, 'gopath'),
      GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
      GOENV: path.join(home, 'go-env'),
      GOCACHE: path.join(dir, 'cache'),
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOPROXY: 'http://127.0.0.1:9/',
      GOSUMDB: 'off',
    },
  };
}

class Client {
  readonly worker = new Worker(WORKER);
  readonly messages: FromWorker[] = [];
  constructor() {
    this.worker.on('message', (m: FromWorker) => this.messages.push(m));
  }
  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }
  async until(runId: number, timeoutMs = 30_000): Promise<FromWorker> {
    const t0 = Date.now();
    for (;;) {
      const m = this.messages.find((x) => x.runId === runId && x.type !== 'progress');
      if (m) return m;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no answer for run ${runId}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('vscode worker protocol', function () {
  this.timeout(60_000);
  let client: Client;
  let l: ReturnType<typeof lab>;
  beforeEach(() => {
    client = new Client();
    l = lab();
  });
  afterEach(async () => {
    await client.worker.terminate();
    fs.rmSync(l.dir, { recursive: true, force: true });
  });

  it('runs a diagnosis and reports progress for every check', async () => {
    client.send({ type: 'run', runId: 1, dir: path.join(l.dir, 'ws'), env: l.env, options: { offline: true } });
    const m = await client.until(1);
    assert.equal(m.type, 'result', JSON.stringify(m).slice(0, 500));
    if (m.type !== 'result') return;
    assert.equal(m.report.schemaVersion, 1);
    assert.equal(m.report.results.length, allChecks().length);
    const finished = client.messages.filter((x) => x.runId === 1 && x.type === 'progress' && x.event.type === 'finished');
    assert.equal(finished.length, m.report.results.length);
  });

  it('cancellation reaches the worker: a run cancelled at once runs no check', async () => {
    client.send({ type: 'run', runId: 2, dir: path.join(l.dir, 'ws'), env: l.env, options: { offline: true } });
    client.send({ type: 'cancel', runId: 2 });
    const m = await client.until(2);
    assert.equal(m.type, 'result', JSON.stringify(m).slice(0, 500));
    if (m.type !== 'result') return;
    for (const r of m.report.results) assert.deepEqual([r.id, r.status, r.reason], [r.id, 'skipped', 'cancelled']);
    assert.ok(!client.messages.some((x) => x.runId === 2 && x.type === 'progress' && x.event.type === 'started'), 'no check started');
  });

  it('reads unsaved editor text (overlays) instead of the file on disk', async () => {
    const ws = path.join(l.dir, 'ws');
    const ci = path.join(ws, '.gitlab-ci.yml');
    const onDisk = { type: 'run' as const, dir: ws, env: l.env, options: { offline: true, only: ['environment', 'scopes'] } };
    client.send({ ...onDisk, runId: 3 });
    const a = await client.until(3);
    client.send({ ...onDisk, runId: 4, overlays: { [ci]: 'variables:\n  GOPROXY: "Direct"\n' }, reuseEnvironment: true });
    const b = await client.until(4);
    assert.equal(a.type, 'result');
    assert.equal(b.type, 'result');
    if (a.type !== 'result' || b.type !== 'result') return;
    const at = (r: typeof a.report) => r.results.flatMap((x) => x.findings).filter((f) => f.location && path.resolve(ws, f.location.file) === ci);
    // The file on disk is unchanged; only the overlay run may see "Direct".
    assert.equal(fs.readFileSync(ci, 'utf8').includes('Direct'), false);
    assert.ok(!JSON.stringify(at(a.report)).includes('Direct'));
    if (allChecks().some((c) => c.id === 'GPD202')) {
      const flagged = at(b.report).filter((f) => f.location!.startLine === 2);
      assert.ok(flagged.length > 0, 'the CI check saw the unsaved value');
    }
  });

  it('runs a CLI subcommand and returns what the CLI prints', async () => {
    client.send({ type: 'command', runId: 5, name: 'scopes', argv: [path.join(l.dir, 'ws')], cwd: l.dir, env: l.env });
    const m = await client.until(5);
    assert.equal(m.type, 'output', JSON.stringify(m).slice(0, 500));
    if (m.type !== 'output') return;
    assert.match(m.stdout, /GOPROXY/);
    assert.match(m.stdout, /\.gitlab-ci\.yml/);
  });
});
