import * as assert from 'node:assert/strict';
import { connectionChecks } from '../../src/core/checks/connection/index';
import { openTunnel, parseConnectAnswer } from '../../src/core/net/connect-tunnel';
import { nodeHost } from '../../src/core/host/node-host';
import { LabDnsServer, lookupVia } from './dns-server';
import { startConnectProxy, type LabConnectProxy, type ConnectProxyMode } from './connect-proxy';
import { startTlsServer, closedPort, type LabTlsServer } from './tls-servers';
import { TestCA } from './test-ca';
import { resultOf, runProbeChecks, show } from './probe-context';

describe('lab: HTTP proxy checks (GPD402, GPD403) with a CONNECT proxy on loopback', function () {
  this.timeout(30000);
  let dns: LabDnsServer;
  let ca: TestCA;
  let tlsServer: LabTlsServer;
  const proxies: Partial<Record<ConnectProxyMode, LabConnectProxy>> = {};
  // go never proxies loopback targets: use a name only the proxy resolves.
  const target = () => `https://goproxy.lab.test:${tlsServer.port}`;

  before(async () => {
    dns = await new LabDnsServer({ 'proxy.lab.test': { a: ['127.0.0.1'] } }).start();
    ca = TestCA.create();
    const leaf = ca.issue({ dns: ['goproxy.lab.test'] });
    tlsServer = await startTlsServer({ key: leaf.keyPem, cert: ca.fullChain(leaf) });
    for (const mode of ['ok', 'auth', 'refuse', 'stall', 'nonsense', 'no-reason'] as ConnectProxyMode[]) {
      proxies[mode] = await startConnectProxy({ mode, credentials: 'alice:s3cret', hosts: { 'goproxy.lab.test': '127.0.0.1' } });
    }
  });
  after(async () => {
    for (const p of Object.values(proxies)) await p!.close();
    await tlsServer.close();
    await dns.stop();
    ca.cleanup();
  });

  const run = (env: Record<string, string>, files?: Record<string, string>, timeoutMs = 2000) =>
    runProbeChecks(connectionChecks, { env: { GOPROXY: target(), GOSUMDB: 'off', ...env }, systemDns: dns.address, files, options: { timeoutMs } });

  it('connect-ok: the tunnel opens; the proxy, not go, resolves the target', async () => {
    const rs = await run({ HTTPS_PROXY: proxies.ok!.url });
    const r = resultOf(rs, 'GPD402');
    assert.equal(r.status, 'ok', show(r));
    assert.ok(proxies.ok!.log.some((l) => l.target === `goproxy.lab.test:${tlsServer.port}` && l.status === 200));
    assert.ok(!dns.queries.some((q) => q.name === 'goproxy.lab.test'));
    // The proxy is a host go connects to: TCP-probed too.
    assert.equal(resultOf(rs, 'GPD401').status, 'ok', show(resultOf(rs, 'GPD401')));
  });

  it('connect-407: go\'s bare status text, and credentials from the URL are sent as Basic auth', async () => {
    const rs = await run({ HTTPS_PROXY: proxies.auth!.url });
    const r = resultOf(rs, 'GPD402');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, new RegExp(`Get "https://goproxy\\.lab\\.test:${tlsServer.port}/…": Proxy Authentication Required`));
    assert.match(r.findings[0].message, /carries none/);
    const withCreds = await run({ HTTPS_PROXY: `http://alice:s3cret@127.0.0.1:${proxies.auth!.port}` });
    assert.equal(resultOf(withCreds, 'GPD402').status, 'ok', show(resultOf(withCreds, 'GPD402')));
    assert.ok(proxies.auth!.log.some((l) => l.status === 200 && l.auth === `Basic ${Buffer.from('alice:s3cret').toString('base64')}`));
    for (const f of resultOf(withCreds, 'GPD401').findings) assert.doesNotMatch(JSON.stringify(f), /s3cret/);
  });

  it('connect-403, a status without reason text, a stall and a non-HTTP answer', async () => {
    const refused = resultOf(await run({ HTTPS_PROXY: proxies.refuse!.url }), 'GPD402');
    assert.match(refused.findings[0].message, /": Forbidden`/, show(refused));
    const bare = resultOf(await run({ HTTPS_PROXY: proxies['no-reason']!.url }), 'GPD402');
    assert.match(bare.findings[0].message, /": unknown status code`/, show(bare));
    const t0 = Date.now();
    const stall = resultOf(await run({ HTTPS_PROXY: proxies.stall!.url }, undefined, 600), 'GPD402');
    assert.ok(Date.now() - t0 < 5000);
    assert.match(stall.findings[0].message, /never answers the CONNECT; go waits 60 s/, show(stall));
    const nonsense = resultOf(await run({ HTTPS_PROXY: proxies.nonsense!.url }), 'GPD402');
    assert.match(nonsense.findings[0].message, /malformed HTTP (response|version)/, show(nonsense));
  });

  it('proxy down: "proxyconnect tcp: dial tcp …: connect: connection refused"', async () => {
    const port = await closedPort();
    const r = resultOf(await run({ HTTPS_PROXY: `http://proxy.lab.test:${port}` }), 'GPD402');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, new RegExp(`proxyconnect tcp: dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
    const unknown = resultOf(await run({ HTTPS_PROXY: 'http://nowhere.lab.test:3128' }), 'GPD402');
    assert.match(unknown.findings[0].message, /proxyconnect tcp: dial tcp: lookup nowhere\.lab\.test( on \S+)?: no such host/, show(unknown));
  });

  it('only HTTP_PROXY set: https GOPROXY traffic goes direct (warning with the HTTPS_PROXY fix)', async () => {
    const r = resultOf(await run({ HTTP_PROXY: proxies.ok!.url }), 'GPD402');
    assert.equal(r.status, 'warning', show(r));
    assert.match(r.findings[0].message, /Only HTTP_PROXY is set/);
    assert.equal(r.findings[0].fixes[0].variable, 'HTTPS_PROXY');
  });

  it('upper and lower case differ: go reads the upper-case one', async () => {
    const r = resultOf(await run({ HTTPS_PROXY: proxies.auth!.url, https_proxy: proxies.ok!.url }), 'GPD402');
    assert.ok(r.findings.some((f) => /go reads HTTPS_PROXY/.test(f.message)), show(r));
    assert.ok(r.findings.some((f) => /Proxy Authentication Required/.test(f.message)), 'the 407 proxy is the one used');
  });

  describe('--offline: the variables are judged, no tunnel is opened', () => {
    const offline = (env: Record<string, string>) => runProbeChecks(connectionChecks, { env: { GOPROXY: target(), GOSUMDB: 'off', ...env }, systemDns: dns.address, options: { offline: true } });

    it('only HTTP_PROXY set: the same warning offline', async () => {
      const r = resultOf(await offline({ HTTP_PROXY: proxies.ok!.url }), 'GPD402');
      assert.equal(r.status, 'warning', show(r));
      assert.match(r.findings[0].message, /Only HTTP_PROXY is set/);
      assert.equal(r.findings[0].fixes[0].variable, 'HTTPS_PROXY');
    });

    it('upper and lower case differ, ALL_PROXY alone: found offline; the 407 proxy is not asked', async () => {
      proxies.auth!.log.length = 0;
      const r = resultOf(await offline({ HTTPS_PROXY: proxies.auth!.url, https_proxy: proxies.ok!.url }), 'GPD402');
      assert.ok(r.findings.some((f) => /go reads HTTPS_PROXY/.test(f.message)), show(r));
      assert.ok(!r.findings.some((f) => /Proxy Authentication Required/.test(f.message)), show(r));
      assert.equal(proxies.auth!.log.length, 0, 'no CONNECT offline');
      const a = resultOf(await offline({ ALL_PROXY: proxies.ok!.url }), 'GPD402');
      assert.ok(a.findings.some((f) => f.variable === 'ALL_PROXY'), show(a));
    });

    it('a consistent HTTPS_PROXY: skipped offline, saying the tunnel was not opened', async () => {
      const r = resultOf(await offline({ HTTPS_PROXY: proxies.ok!.url }), 'GPD402');
      assert.equal(r.status, 'skipped', show(r));
      assert.match(r.reason ?? '', /offline: .*tunnels .* not opened/);
    });
  });

  it('no proxy variable: GPD402 is skipped', async () => {
    const r = resultOf(await run({}), 'GPD402');
    assert.equal(r.status, 'skipped');
  });

  it('editor-proxy: VS Code http.proxy differs from go\'s proxy (and an empty workspace works)', async () => {
    const settings = { '.vscode/settings.json': `{ "http.proxy": "${proxies.ok!.url}" }` };
    const r = resultOf(await run({}, settings), 'GPD403');
    assert.equal(r.status, 'warning', show(r));
    assert.equal(r.findings[0].location?.file.endsWith('settings.json'), true);
    assert.equal(r.findings[0].fixes[0].value, proxies.ok!.url);
    const same = resultOf(await run({ HTTPS_PROXY: proxies.ok!.url }, settings), 'GPD403');
    assert.equal(same.status, 'ok', show(same));
    const empty = resultOf(await run({}), 'GPD403');
    assert.equal(empty.status, 'skipped');
  });

  it('openTunnel and parseConnectAnswer follow net/http', async () => {
    assert.deepEqual(parseConnectAnswer('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic'), { code: 407, goText: 'Proxy Authentication Required', headers: { 'proxy-authenticate': 'Basic' } });
    assert.deepEqual(parseConnectAnswer('HTTP/1.1 403'), { code: 403, goText: 'unknown status code', headers: {} });
    assert.deepEqual(parseConnectAnswer('garbage'), { malformed: 'malformed HTTP response "garbage"' });
    const host = { ...nodeHost({ env: {} }), lookup: lookupVia(dns.address) };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const r = await openTunnel(host, new URL(proxies.stall!.url), 'goproxy.lab.test:443', 10000, ac.signal);
    assert.equal(r.ok, false);
    assert.ok(Date.now() - t0 < 2000, 'the abort signal ends the wait');
  });
});
