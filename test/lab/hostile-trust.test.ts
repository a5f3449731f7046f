import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { closeHttpClients } from '../../src/core/net/http-client';
import type { Host } from '../../src/core/model/host';
import { startGoproxyServer, type GoproxyServer } from './goproxy-server';

/**
 * An untrusted workspace whose files name hosts and proxies of their own. With
 * `options.untrusted` the whole diagnosis (network checks on) must: run no `go` (a fake go
 * first on PATH records every start), send nothing to and resolve none of the hosts that
 * only the workspace's files name (every name lookup and every proxied request is recorded),
 * and write nothing (the workspace and HOME are snapshotted before and after).
 * The same run trusted is the control: it does start go, so the recorder can see it.
 *
 * Hermetic: the only proxy go would use is a loopback recorder that refuses everything, the
 * resolver is a stub that resolves nothing, and the GOPROXY is a loopback lab server.
 */

/** Names that appear only in the workspace's files. */
const WORKSPACE_ONLY = ['envrc-only.lab.test', 'gitlab-only.lab.test', 'ci-proxy.lab.test', 'settings-only.lab.test', 'settings-proxy.lab.test', 'docker-only.lab.test', 'ws-only.lab.test', 'devcontainer-only.lab.test'];

const FILES: Record<string, string> = {
  '.envrc': 'export GOPROXY=https://envrc-only.lab.test\nexport GONOSUMDB=ws-only.lab.test\n',
  '.gitlab-ci.yml': 'variables:\n  GOPROXY: "https://gitlab-only.lab.test,direct"\n  HTTPS_PROXY: http://ci-proxy.lab.test:3128\nbuild:\n  script: [go build ./...]\n',
  '.vscode/settings.json': '{\n  "go.toolsEnvVars": { "GOPROXY": "https://settings-only.lab.test" },\n  "http.proxy": "http://settings-proxy.lab.test:8080"\n}\n',
  '.devcontainer/devcontainer.json': '{ "containerEnv": { "GOPROXY": "https://devcontainer-only.lab.test" } }\n',
  Dockerfile: 'FROM golang:1.22\nENV GOPROXY=https://docker-only.lab.test\nRUN go mod download\n',
  // ws-only.lab.test/mod is not on the lab proxy: go would fall through to `direct` and ask
  // https://ws-only.lab.test/mod?go-get=1 — a host that only go.mod names.
  'go.mod': 'module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\tws-only.lab.test/mod v1.0.0\n)\n',
  'go.sum': 'example.com/hello v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
  'main.go': 'package main\n\nfunc main() {}\n',
};

/** Every file under `dir`: path → content hash, mode and mtime (what a write would change). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isDirectory()) {
        out[`${rel}/`] = `dir ${st.mode.toString(8)}`;
        walk(p);
      } else {
        out[rel] = `${createHash('sha256').update(fs.readFileSync(p)).digest('hex')} ${st.mode.toString(8)} ${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** A forward proxy that records the first line of every request (CONNECT or absolute URI) and refuses it. */
async function startRecordingProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let buf = '';
    s.on('data', (b) => {
      buf += b.toString('latin1');
      const i = buf.indexOf('\r\n');
      if (i < 0) return;
      seen.push(buf.slice(0, i));
      s.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
}

describe('trust: an untrusted workspace runs no go, probes no host only it names, writes nothing', function () {
  this.timeout(120000);
  let root: string;
  let lab: GoproxyServer;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-trust-'));
    lab = await startGoproxyServer();
    proxy = await startRecordingProxy();
  });
  after(async () => {
    await closeHttpClients();
    await lab?.close();
    await proxy?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function run(untrusted: boolean) {
    const dir = path.join(root, untrusted ? 'untrusted' : 'trusted');
    const ws = path.join(dir, 'ws');
    const home = path.join(dir, 'home');
    const bin = path.join(dir, 'bin');
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), text);
    }
    fs.mkdirSync(path.join(home, 'go', 'pkg', 'mod'), { recursive: true });
    fs.mkdirSync(bin, { recursive: true });
    const goLog = path.join(dir, 'go-invocations.log');
    // The fake go records its arguments (outside the snapshotted folders) and fails.
    fs.writeFileSync(path.join(bin, 'go'), `#!/bin/sh\necho "$@" >> '${goLog}'\necho "fake go" >&2\nexit 2\n`, { mode: 0o755 });
    const lookups: string[] = [];
    const host: Host = nodeHost({
      env: {
        PATH: `${bin}:/usr/bin:/bin`, HOME: home, GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
        GOPROXY: `${lab.url},direct`, GOFLAGS: '-mod=mod', HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '',
      },
      homedir: home,
      cwd: ws,
    });
    host.lookup = async (name) => {
      lookups.push(name);
      if (name === '127.0.0.1') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
    };
    const before = { ws: snapshot(ws), home: snapshot(home) };
    proxy.seen.length = 0;
    lab.clearLog();
    const report = await diagnose({ dir: ws, host, options: { untrusted, offline: false, timeoutMs: 1500 } });
    return {
      report, lookups, proxied: [...proxy.seen], labHosts: lab.log.map((e) => e.host),
      goRuns: fs.existsSync(goLog) ? fs.readFileSync(goLog, 'utf8').split('\n').filter(Boolean) : [],
      before, after: { ws: snapshot(ws), home: snapshot(home) },
    };
  }

  it('untrusted: no go run, no workspace-only host resolved or contacted, no file written', async () => {
    const r = await run(true);
    assert.deepEqual(r.goRuns, [], 'go was never started');
    assert.ok(r.report.results.length > 10, 'the diagnosis ran');
    assert.ok(!r.report.results.some((x) => x.status === 'crashed'), `no crash: ${r.report.results.filter((x) => x.status === 'crashed').map((x) => `${x.id} ${x.reason}`).join('; ')}`);
    const seen = [...r.lookups, ...r.proxied, ...r.labHosts].join('\n');
    assert.match(seen, /sum\.golang\.org/, 'the recorders do see probes (the default checksum database from the environment)');
    for (const name of WORKSPACE_ONLY) assert.ok(!seen.includes(name), `${name} (named only by workspace files) was neither resolved nor contacted:\n${seen}`);
    assert.deepEqual(r.after.ws, r.before.ws, 'the workspace is unchanged');
    assert.deepEqual(r.after.home, r.before.home, 'HOME is unchanged');
    // Checks that start programs say why they did not run.
    for (const x of r.report.results.filter((y) => y.status === 'skipped' && /untrusted/.test(y.reason ?? ''))) assert.match(x.reason!, /programs are not run/);
  });

  it('control: the same workspace trusted does start go and go direct (the recorders work)', async () => {
    const r = await run(false);
    assert.ok(r.goRuns.length > 0, 'go was started');
    assert.ok(r.goRuns.some((a) => a.startsWith('env -json')), r.goRuns.join('\n'));
    // Trusted, the walk does go `direct` for the module only go.mod names: the recorder sees it.
    assert.ok(r.proxied.some((l) => l.includes('ws-only.lab.test')), `the direct lookup was recorded:\n${r.proxied.join('\n')}`);
    assert.deepEqual(r.after.ws, r.before.ws, 'the workspace is unchanged even when trusted');
  });
});
