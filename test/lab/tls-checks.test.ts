import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tlsChecks } from '../../src/core/checks/tls/index';
import { TestCA } from './test-ca';
import { startRawServer, startTlsServer, type LabTlsServer } from './tls-servers';
import { startConnectProxy, type LabConnectProxy } from './connect-proxy';
import { LabDnsServer } from './dns-server';
import { resultOf, runProbeChecks, show } from './probe-context';

const HOST = 'goproxy.lab.test';

describe('lab: TLS checks (GPD501-506) against TLS servers with a test CA', function () {
  this.timeout(60000);
  let ca: TestCA;
  let vendorCa: TestCA;
  let dns: LabDnsServer;
  let rootFile: string;
  let emptyDir: string;
  const servers: Record<string, LabTlsServer> = {};
  const raw: Array<{ close(): Promise<void> }> = [];
  let plainPort = 0;
  let resetPort = 0;
  let proxy: LabConnectProxy;

  before(async () => {
    ca = TestCA.create();
    vendorCa = TestCA.create('Zscaler Inc.');
    rootFile = ca.writeFile('trusted-root.pem', ca.root.certPem);
    emptyDir = path.join(ca.dir, 'empty-dir');
    fs.mkdirSync(emptyDir);
    dns = await new LabDnsServer({ [HOST]: { a: ['127.0.0.1'] } }).start();
    const leaf = ca.issue({ dns: [HOST] });
    const now = Date.now();
    const long = ca.longChain(49, [HOST]);
    const cases: Record<string, { key: string; cert: string; h2Broken?: boolean; dateOffsetMs?: number }> = {
      valid: { key: leaf.keyPem, cert: ca.fullChain(leaf) },
      missingIntermediate: { key: leaf.keyPem, cert: leaf.certPem },
      wrongName: (() => { const c = ca.issue({ dns: ['other.lab.test'] }); return { key: c.keyPem, cert: ca.fullChain(c) }; })(),
      expired: (() => { const c = ca.issue({ dns: [HOST], startDate: '20200101000000Z', endDate: '20200102000000Z' }); return { key: c.keyPem, cert: ca.fullChain(c) }; })(),
      notYetValidButClockWrong: (() => {
        const c = ca.issue({ dns: [HOST], startDate: TestCA.stamp(new Date(now + 3600_000)), endDate: TestCA.stamp(new Date(now + 30 * 86400_000)) });
        return { key: c.keyPem, cert: ca.fullChain(c), dateOffsetMs: 2 * 3600_000 };
      })(),
      skew: { key: leaf.keyPem, cert: ca.fullChain(leaf), dateOffsetMs: -3 * 3600_000 },
      selfSigned: (() => { const c = ca.selfSigned([HOST]); return { key: c.keyPem, cert: c.certPem }; })(),
      vendor: (() => { const c = vendorCa.issue({ dns: [HOST] }); return { key: c.keyPem, cert: vendorCa.fullChain(c) }; })(),
      long: { key: long.leaf.keyPem, cert: long.chainPem },
      h2Broken: { key: leaf.keyPem, cert: ca.fullChain(leaf), h2Broken: true },
    };
    for (const [k, v] of Object.entries(cases)) servers[k] = await startTlsServer(v);
    const plain = await startRawServer('plain-http');
    const reset = await startRawServer('reset');
    raw.push(plain, reset);
    plainPort = plain.port;
    resetPort = reset.port;
    proxy = await startConnectProxy({ mode: 'ok', hosts: { 'hidden.lab.test': '127.0.0.1' } });
  });
  after(async () => {
    for (const s of Object.values(servers)) await s.close();
    for (const s of raw) await s.close();
    await proxy.close();
    await dns.stop();
    ca.cleanup();
    vendorCa.cleanup();
  });

  const run = (port: number, env: Record<string, string> = {}, host = HOST) =>
    runProbeChecks(tlsChecks, { env: { GOPROXY: `https://${host}:${port}`, GOSUMDB: 'off', SSL_CERT_FILE: rootFile, SSL_CERT_DIR: emptyDir, ...env }, systemDns: dns.address });
  const ids = ['GPD501', 'GPD502', 'GPD503', 'GPD504', 'GPD505', 'GPD506'];
  const statuses = (rs: Awaited<ReturnType<typeof run>>) => Object.fromEntries(ids.map((id) => [id, resultOf(rs, id).status]));

  it('tls-valid: a full chain from the trusted CA passes every check, over HTTP/2', async () => {
    const rs = await run(servers.valid.port);
    for (const id of ids) assert.equal(resultOf(rs, id).status, 'ok', show(resultOf(rs, id)));
    const data = resultOf(rs, 'GPD506').data as Array<{ alpn: string; http: { status: number } }>;
    assert.equal(data[0].alpn, 'h2');
    assert.equal(data[0].http.status, 200);
  });

  it('tls-untrusted: GPD501 quotes go\'s unknown-authority error in both generations', async () => {
    const rs = await run(servers.valid.port, { SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt', SSL_CERT_DIR: emptyDir });
    const r = resultOf(rs, 'GPD501');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /x509: certificate signed by unknown authority/);
    assert.match(r.findings[0].message, /tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    assert.match(r.findings[0].message, /private or self-signed CA/);
    assert.equal(resultOf(rs, 'GPD504').status, 'ok', 'a chain up to an intermediate is complete');
    assert.ok(r.findings[0].fixes.some((f) => f.variable === 'SSL_CERT_FILE'));
  });

  it('a self-signed leaf is GPD501, not an incomplete chain', async () => {
    const rs = await run(servers.selfSigned.port);
    assert.equal(resultOf(rs, 'GPD501').status, 'error', show(resultOf(rs, 'GPD501')));
    assert.equal(resultOf(rs, 'GPD504').status, 'ok');
  });

  it('interception: GPD501 names the product from the issuer organisation', async () => {
    const rs = await run(servers.vendor.port);
    const r = resultOf(rs, 'GPD501');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /intercepted by Zscaler/);
  });

  it('tls-wrong-name: GPD502 quotes "certificate is valid for other.lab.test, not goproxy.lab.test"', async () => {
    const rs = await run(servers.wrongName.port);
    const r = resultOf(rs, 'GPD502');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /x509: certificate is valid for other\.lab\.test, not goproxy\.lab\.test/);
    assert.equal(resultOf(rs, 'GPD501').status, 'ok', 'go reports the name, not the authority');
  });

  it('tls-expired: GPD503 quotes go\'s validity error', async () => {
    const rs = await run(servers.expired.port);
    const r = resultOf(rs, 'GPD503');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /x509: certificate has expired or is not yet valid: current time \S+Z is after 2020-01-02T00:00:00Z/);
    assert.deepEqual(statuses(rs), { GPD501: 'ok', GPD502: 'ok', GPD503: 'error', GPD504: 'ok', GPD505: 'ok', GPD506: 'ok' });
  });

  it('clock: a certificate valid by the server\'s Date but not by ours blames the local clock', async () => {
    const rs = await run(servers.notYetValidButClockWrong.port);
    const r = resultOf(rs, 'GPD503');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /is not yet valid/);
    assert.match(r.findings[0].message, /clock is wrong by \d+ minutes/);
    assert.equal(r.findings[0].fixes[0].command, 'sudo timedatectl set-ntp true');
  });

  it('clock skew alone (3 h) is a warning', async () => {
    const rs = await run(servers.skew.port);
    const r = resultOf(rs, 'GPD503');
    assert.equal(r.status, 'warning', show(r));
    assert.match(r.findings[0].message, /by 180 minutes \(ahead\)/);
  });

  it('tls-missing-intermediate: GPD504 when the server sends only its leaf', async () => {
    const rs = await run(servers.missingIntermediate.port);
    const r = resultOf(rs, 'GPD504');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /sends 1 certificate/);
    assert.match(r.findings[0].message, /issued by "Go Proxy Doctor Lab"/);
    assert.equal(resultOf(rs, 'GPD501').status, 'ok');
  });

  it('a 50-certificate chain verifies (within go\'s 100 signature checks)', async () => {
    const rs = await run(servers.long.port);
    for (const id of ids) assert.equal(resultOf(rs, id).status, 'ok', show(resultOf(rs, id)));
    const data = resultOf(rs, 'GPD501').data as Array<{ chain: string[] }>;
    assert.equal(data[0].chain.length, 50);
  });

  it('tls-h2-broken: GPD506 proposes GODEBUG=http2client=0 when HTTP/1.1 works; not when already set', async () => {
    const rs = await run(servers.h2Broken.port);
    const r = resultOf(rs, 'GPD506');
    assert.equal(r.status, 'error', show(r));
    assert.equal(r.findings[0].fixes[0].variable, 'GODEBUG');
    assert.equal(r.findings[0].fixes[0].value, 'http2client=0');
    const off = await run(servers.h2Broken.port, { GODEBUG: 'http2client=0' });
    assert.notEqual(resultOf(off, 'GPD506').findings[0]?.severity, 'error');
  });

  it('handshake failures are named as go names them', async () => {
    const plain = await run(plainPort);
    assert.match(resultOf(plain, 'GPD506').findings[0]?.message ?? '', /http: server gave HTTP response to HTTPS client/, show(resultOf(plain, 'GPD506')));
    const reset = await run(resetPort);
    assert.equal(resultOf(reset, 'GPD506').status, 'error', show(resultOf(reset, 'GPD506')));
  });

  it('through an HTTPS_PROXY tunnel the chain is verified end to end (name only the proxy resolves)', async () => {
    const ok = await run(servers.valid.port, { HTTPS_PROXY: proxy.url }, 'hidden.lab.test');
    // The certificate names goproxy.lab.test, go asks for hidden.lab.test: a name mismatch, seen through the tunnel.
    assert.equal(resultOf(ok, 'GPD502').status, 'error', show(resultOf(ok, 'GPD502')));
    assert.ok(proxy.log.some((l) => l.target === `hidden.lab.test:${servers.valid.port}` && l.status === 200));
    assert.ok(!dns.queries.some((q) => q.name === 'hidden.lab.test'), 'go does not resolve a proxied name');
  });

  it('when no host gets as far as TLS, the TLS checks say so (skipped, never ok)', async () => {
    const refusing = await startConnectProxy({ mode: 'refuse', hosts: {} });
    try {
      const rs = await run(servers.valid.port, { HTTPS_PROXY: refusing.url }, 'hidden.lab.test');
      for (const id of ['GPD501', 'GPD502', 'GPD503', 'GPD504', 'GPD506']) {
        const r = resultOf(rs, id);
        assert.equal(r.status, 'skipped', show(r));
        assert.match(r.reason ?? '', /no TLS handshake was possible: .*Forbidden/);
      }
    } finally {
      await refusing.close();
    }
  });

  it('GPD505: an SSL_CERT_FILE that does not exist, and one that holds no certificate', async () => {
    const rs = await runProbeChecks(tlsChecks, { env: { GOPROXY: 'off', SSL_CERT_FILE: '/nonexistent/ca.pem' }, systemDns: dns.address });
    const r = resultOf(rs, 'GPD505');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /SSL_CERT_FILE=\/nonexistent\/ca\.pem cannot be read: open \/nonexistent\/ca\.pem: no such file or directory/);
    const junk = ca.writeFile('junk.pem', 'not a certificate\n');
    const rs2 = await runProbeChecks(tlsChecks, { env: { GOPROXY: 'off', SSL_CERT_FILE: junk }, systemDns: dns.address });
    assert.match(resultOf(rs2, 'GPD505').findings[0]?.message ?? '', /holds no PEM certificate/);
    const fine = await runProbeChecks(tlsChecks, { env: { GOPROXY: 'off', GOSUMDB: 'off', SSL_CERT_FILE: rootFile, SSL_CERT_DIR: emptyDir }, systemDns: dns.address });
    assert.equal(resultOf(fine, 'GPD505').status, 'ok', show(resultOf(fine, 'GPD505')));
    assert.equal(resultOf(fine, 'GPD501').status, 'skipped');
  });
});
