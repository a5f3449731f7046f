import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { closeHttpClients } from '../../src/core/net/http-client';
import { TestCA } from './test-ca';

/**
 * Probes are read-only and keep credentials where they were configured. A GOPROXY with
 * user:password answers every request with a redirect to another host (another port, which
 * go treats as another host): a whole diagnosis must send only GET/HEAD (and CONNECT to
 * proxies), give the credentials to the configured host only — never to the redirect target,
 * as go's http.Client strips Authorization on a cross-host redirect (net/http/client.go
 * makeHeadersCopier) — and print the password nowhere.
 */

/** A made-up password that must never leave the configured host or appear in the report. */
const CANARY = 'cAnArY-7f3e91d2';

interface Seen { method: string; url: string; authorization?: string }

async function startHttps(key: string, cert: string, answer: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  const server = https.createServer({ key, cert }, (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    answer(req, res);
  });
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return { port, seen, close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
}

describe('trust: probes are read-only and never carry credentials to another host', function () {
  this.timeout(120000);
  let ca: TestCA;
  let root: string;
  let target: Awaited<ReturnType<typeof startHttps>>;
  let configured: Awaited<ReturnType<typeof startHttps>>;
  let proxySeen: string[];
  let proxy: net.Server;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-creds-'));
    ca = TestCA.create('Credentials Lab');
    const leaf = ca.issue({ ips: ['127.0.0.1'], dns: ['localhost'] });
    const chain = ca.fullChain(leaf);
    target = await startHttps(leaf.keyPem, chain, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found on the redirect target\n');
    });
    configured = await startHttps(leaf.keyPem, chain, (req, res) => {
      res.writeHead(302, { location: `https://127.0.0.1:${target.port}${req.url}` });
      res.end();
    });
    // Anything not on loopback goes to this proxy, which records and refuses it.
    proxySeen = [];
    proxy = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', (b) => {
        proxySeen.push(b.toString('latin1').split('\r\n')[0]);
        s.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  });
  after(async () => {
    await closeHttpClients();
    await Promise.all([target?.close(), configured?.close(), new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()))]);
    ca?.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a whole diagnosis: only GET/HEAD/CONNECT, credentials only to the configured host, none in the report', async () => {
    const ws = path.join(root, 'ws');
    const home = path.join(root, 'home');
    fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(path.join(home, 'go', 'pkg', 'mod'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
    const proxyURL = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const host = nodeHost({
      env: {
        PATH: path.join(root, 'no-bin'), HOME: home, GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
        GOPROXY: `https://lab:${CANARY}@127.0.0.1:${configured.port}`, GOSUMDB: 'off', GOFLAGS: '-mod=mod',
        SSL_CERT_FILE: ca.root.certFile, HTTPS_PROXY: proxyURL, HTTP_PROXY: proxyURL, NO_PROXY: '',
      },
      homedir: home,
      cwd: ws,
    });
    host.lookup = async (name) => {
      if (name === '127.0.0.1' || name === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
    };
    const report = await diagnose({ dir: ws, host, options: { offline: false, timeoutMs: 1500 } });

    assert.ok(configured.seen.length > 0, 'the configured GOPROXY was asked');
    assert.ok(target.seen.length > 0, 'its redirects were followed');
    const basic = `Basic ${Buffer.from(`lab:${CANARY}`).toString('base64')}`;
    assert.ok(configured.seen.some((s) => s.authorization === basic), 'the configured host gets the credentials, as go sends them');
    for (const s of target.seen) assert.equal(s.authorization, undefined, `no Authorization to the redirect target (${s.method} ${s.url})`);
    for (const s of [...configured.seen, ...target.seen]) assert.ok(s.method === 'GET' || s.method === 'HEAD', `read-only request: ${s.method} ${s.url}`);
    for (const line of proxySeen) assert.match(line, /^(CONNECT|GET|HEAD) /, `read-only request through the proxy: ${line}`);
    assert.ok(!JSON.stringify(report).includes(CANARY), 'the password appears nowhere in the report');
    assert.ok(!report.results.some((r) => r.status === 'crashed'), report.results.filter((r) => r.status === 'crashed').map((r) => `${r.id}: ${r.reason}`).join('; '));
  });
});
