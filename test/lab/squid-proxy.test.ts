import * as assert from 'node:assert/strict';
import { connectionChecks } from '../../src/core/checks/connection/index';
import { tlsChecks } from '../../src/core/checks/tls/index';
import { LabDnsServer } from './dns-server';
import { startSquid, type LabSquid } from './squid';
import { startTlsServer, type LabTlsServer } from './tls-servers';
import { TestCA } from './test-ca';
import { resultOf, runProbeChecks, show } from './probe-context';

describe('lab: the real squid as HTTPS_PROXY', function () {
  this.timeout(60000);
  let squid: LabSquid;
  let ca: TestCA;
  let server: LabTlsServer;
  let other: LabTlsServer;
  let dns: LabDnsServer;

  before(async () => {
    ca = TestCA.create();
    const leaf = ca.issue({ dns: ['goproxy.lab.test'] });
    server = await startTlsServer({ key: leaf.keyPem, cert: ca.fullChain(leaf) });
    other = await startTlsServer({ key: leaf.keyPem, cert: ca.fullChain(leaf) });
    dns = await new LabDnsServer({}).start();
    squid = await startSquid({ hosts: { 'goproxy.lab.test': '127.0.0.1' }, connectPorts: [server.port] });
  });
  after(async () => {
    await squid?.stop();
    await server.close();
    await other.close();
    await dns.stop();
    ca.cleanup();
  });

  it('opens the tunnel and the TLS checks verify the chain through it', async () => {
    const env = { GOPROXY: `https://goproxy.lab.test:${server.port}`, GOSUMDB: 'off', HTTPS_PROXY: squid.url, SSL_CERT_FILE: ca.writeFile('root-squid.pem', ca.root.certPem), SSL_CERT_DIR: ca.dir + '/newcerts-none' };
    const rs = await runProbeChecks([...connectionChecks, ...tlsChecks], { env, systemDns: dns.address });
    assert.equal(resultOf(rs, 'GPD402').status, 'ok', show(resultOf(rs, 'GPD402')));
    for (const id of ['GPD501', 'GPD502', 'GPD503', 'GPD504', 'GPD506']) assert.equal(resultOf(rs, id).status, 'ok', show(resultOf(rs, id)));
    assert.match(squid.accessLog(), new RegExp(`CONNECT goproxy\\.lab\\.test:${server.port}`));
    assert.ok(server.requests.length > 0, 'the request reached the server through squid');
  });

  it('squid\'s 403 for a port outside its ACL is reported in go\'s words', async () => {
    const env = { GOPROXY: `https://goproxy.lab.test:${other.port}`, GOSUMDB: 'off', HTTPS_PROXY: squid.url };
    const rs = await runProbeChecks(connectionChecks, { env, systemDns: dns.address });
    const r = resultOf(rs, 'GPD402');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, new RegExp(`Get "https://goproxy\\.lab\\.test:${other.port}/…": Forbidden`));
  });
});
