import * as assert from 'node:assert/strict';
import { dnsChecks } from '../../src/core/checks/dns/index';
import { LabDnsServer } from './dns-server';
import { startDnsmasq, type LabDnsmasq } from './dnsmasq';
import { resultOf, runProbeChecks, show } from './probe-context';

describe('lab: the real dnsmasq as a lying resolver', function () {
  this.timeout(60000);
  let dnsmasq: LabDnsmasq;
  let honest: LabDnsServer;

  before(async () => {
    dnsmasq = await startDnsmasq({ 'proxy.golang.org': '127.0.0.1', 'goproxy.lab.test': '127.0.0.1' });
    honest = await new LabDnsServer({ 'proxy.golang.org': { a: ['192.0.2.10'] }, 'goproxy.lab.test': { a: ['127.0.0.1'] } }).start();
  });
  after(async () => {
    await dnsmasq?.stop();
    await honest.stop();
  });

  it('as the system resolver: proxy.golang.org → 127.0.0.1 is bogus and disagrees with the honest resolver', async () => {
    const rs = await runProbeChecks(dnsChecks, { env: { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'off' }, systemDns: dnsmasq.address, options: { resolvers: [honest.address] } });
    const bogus = resultOf(rs, 'GPD303');
    assert.equal(bogus.status, 'error', show(bogus));
    assert.match(bogus.findings[0].message, /The system resolver \(which go uses\) resolves the public name proxy\.golang\.org .* to 127\.0\.0\.1 \(loopback\)/);
    const disagree = resultOf(rs, 'GPD302');
    assert.equal(disagree.status, 'warning', show(disagree));
    assert.equal(resultOf(rs, 'GPD301').status, 'ok');
  });

  it('a name dnsmasq does not lie about and cannot forward fails (no upstream), a .test name passes GPD303', async () => {
    const rs = await runProbeChecks(dnsChecks, { env: { GOPROXY: 'https://goproxy.lab.test,https://unknown.lab.test', GOSUMDB: 'off' }, systemDns: dnsmasq.address });
    assert.equal(resultOf(rs, 'GPD303').status, 'ok', show(resultOf(rs, 'GPD303')));
    const r = resultOf(rs, 'GPD301');
    assert.equal(r.status, 'error', show(r));
    assert.ok(r.findings.every((f) => /unknown\.lab\.test/.test(f.message)));
  });
});
