import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { connectionChecks } from '../../src/core/checks/connection/index';
import { probeTcp } from '../../src/core/net/tcp-connect';
import { LabDnsServer } from './dns-server';
import { closedPort } from './tls-servers';
import { resultOf, runProbeChecks, show } from './probe-context';

describe('lab: TCP check (GPD401) on loopback', function () {
  this.timeout(30000);
  let dns: LabDnsServer;
  let open: net.Server;
  let openPort = 0;
  let resetter: net.Server;
  let resetPort = 0;
  let dualPort = 0;
  let dual: net.Server;

  before(async () => {
    open = net.createServer((s) => s.on('error', () => {}));
    await new Promise<void>((r) => open.listen(0, '127.0.0.1', () => r()));
    openPort = (open.address() as net.AddressInfo).port;
    resetter = net.createServer((s) => { s.on('error', () => {}); setTimeout(() => s.resetAndDestroy(), 20); });
    await new Promise<void>((r) => resetter.listen(0, '127.0.0.1', () => r()));
    resetPort = (resetter.address() as net.AddressInfo).port;
    // Listens on IPv4 only: the name also has an IPv6 address (::1) where nothing listens.
    dual = net.createServer((s) => s.on('error', () => {}));
    await new Promise<void>((r) => dual.listen(0, '127.0.0.1', () => r()));
    dualPort = (dual.address() as net.AddressInfo).port;
    dns = await new LabDnsServer({
      'goproxy.lab.test': { a: ['127.0.0.1'] },
      'v4only.lab.test': { a: ['127.0.0.1'], aaaa: ['::1'] },
    }).start();
  });
  after(async () => {
    open.close();
    resetter.close();
    dual.close();
    await dns.stop();
  });

  const run = (goproxy: string) => runProbeChecks(connectionChecks, { env: { GOPROXY: goproxy, GOSUMDB: 'off' }, systemDns: dns.address });

  it('tcp-ok: a listening GOPROXY host passes', async () => {
    const rs = await run(`http://goproxy.lab.test:${openPort}`);
    assert.equal(resultOf(rs, 'GPD401').status, 'ok', show(resultOf(rs, 'GPD401')));
  });

  it('tcp-refused: GPD401 quotes "dial tcp 127.0.0.1:<port>: connect: connection refused"', async () => {
    const port = await closedPort();
    const rs = await run(`https://goproxy.lab.test:${port}`);
    const r = resultOf(rs, 'GPD401');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, new RegExp(`dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
  });

  it('a reset right after connecting is told from a working path', async () => {
    const rs = await run(`https://goproxy.lab.test:${resetPort}`);
    const r = resultOf(rs, 'GPD401');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /reset/);
    assert.match(r.findings[0].message, /read: connection reset by peer/);
  });

  it('IPv4 and IPv6 are probed separately: one family failing is a warning', async () => {
    const v6 = await probeTcp('::1', 6, dualPort, 1000);
    if (v6.outcome === 'ok') return assert.fail('::1 unexpectedly accepts on the IPv4-only port');
    const rs = await run(`https://v4only.lab.test:${dualPort}`);
    const r = resultOf(rs, 'GPD401');
    assert.equal(r.status, 'warning', show(r));
    assert.match(r.findings[0].message, /IPv6/);
    assert.ok(r.findings[0].evidence.some((e) => /^IPv4 127\.0\.0\.1 .*connected/.test(e)));
  });
});
