import * as assert from 'node:assert/strict';
import { dnsChecks } from '../../src/core/checks/dns/index';
import { lookupSystem, lookupWith } from '../../src/core/net/dns-resolve';
import { nodeHost } from '../../src/core/host/node-host';
import { LabDnsServer, lookupVia } from './dns-server';
import { resultOf, runProbeChecks, show } from './probe-context';

describe('lab: DNS checks (GPD301-304) against a real DNS server on loopback', function () {
  this.timeout(30000);
  let sys: LabDnsServer;
  let other: LabDnsServer;

  before(async () => {
    sys = await new LabDnsServer({
      'goproxy.lab.test': { a: ['127.0.0.1'] },
      'mirror.lab.test': { a: ['127.0.0.1'], aaaa: ['::1'] },
      'broken.lab.test': { rcode: 'SERVFAIL' },
      'silent.lab.test': { silent: true },
      'proxy.golang.org': { a: ['127.0.0.1'] },
      'sum.golang.org': { a: ['0.0.0.0'] },
      'slow.lab.test': { a: ['127.0.0.1'], delayMs: 1300 },
      'split.lab.test': { a: ['10.0.0.66'] },
      'many.lab.test': { a: Array.from({ length: 1000 }, (_, i) => `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}`) },
      'trunc.lab.test': { a: ['127.0.0.9'], truncate: true },
    }).start();
    other = await new LabDnsServer({
      'goproxy.lab.test': { a: ['127.0.0.1'] },
      'split.lab.test': { a: ['127.0.0.1'] },
      'slow.lab.test': { a: ['127.0.0.1'] },
    }).start();
  });
  after(async () => {
    await sys.stop();
    await other.stop();
  });

  const run = (goproxy: string, options = {}, env: Record<string, string> = {}) =>
    runProbeChecks(dnsChecks, { env: { GOPROXY: goproxy, GOSUMDB: 'off', ...env }, systemDns: sys.address, options });

  it('dns-ok: every check passes when the GOPROXY host resolves the same everywhere', async () => {
    const rs = await run('https://goproxy.lab.test,direct', { resolvers: [other.address] });
    for (const id of ['GPD301', 'GPD302', 'GPD303', 'GPD304']) assert.equal(resultOf(rs, id).status, 'ok', show(resultOf(rs, id)));
  });

  it('dns-nxdomain: GPD301 quotes go\'s "no such host"', async () => {
    const rs = await run('https://missing.lab.test');
    const r = resultOf(rs, 'GPD301');
    assert.equal(r.status, 'error', show(r));
    assert.match(r.findings[0].message, /dial tcp: lookup missing\.lab\.test.*: no such host/);
    assert.match(r.findings[0].message, /NXDOMAIN/);
  });

  it('dns-servfail and silence: GPD301 names the failure class', async () => {
    const rs = await run('https://broken.lab.test,https://silent.lab.test', { timeoutMs: 800 });
    const r = resultOf(rs, 'GPD301');
    assert.equal(r.findings.length, 2, show(r));
    assert.ok(r.findings.every((f) => f.severity === 'error'));
    assert.ok(r.findings.some((f) => /broken\.lab\.test/.test(f.message) && /SERVFAIL|resolver failed|temporary/.test(f.message)), show(r));
    assert.ok(r.findings.some((f) => /silent\.lab\.test/.test(f.message) && /no answer in time|temporary/.test(f.message)), show(r));
  });

  it('the system resolver failing while a configured one answers points at the local resolver', async () => {
    const rs = await run('https://broken.lab.test', { resolvers: [other.address] });
    other.set('broken.lab.test', { a: ['127.0.0.1'] });
    const rs2 = await run('https://broken.lab.test', { resolvers: [other.address] });
    assert.doesNotMatch(resultOf(rs, 'GPD301').findings[0].message, /resolves it/);
    assert.match(resultOf(rs2, 'GPD301').findings[0].message, /127\.0\.0\.1:\d+ resolves it/);
  });

  it('dns-disagree: GPD302 fires on disjoint answers and is skipped with no resolver configured', async () => {
    const rs = await run('https://split.lab.test', { resolvers: [other.address] });
    const r = resultOf(rs, 'GPD302');
    assert.equal(r.status, 'warning', show(r));
    assert.match(r.findings[0].message, /go will connect to 10\.0\.0\.66/);
    const none = await run('https://split.lab.test');
    assert.equal(resultOf(none, 'GPD302').status, 'skipped');
  });

  it('dns-poisoned: GPD303 flags proxy.golang.org → 127.0.0.1 and sum.golang.org → 0.0.0.0, not a .test name', async () => {
    const rs = await run('https://proxy.golang.org,https://goproxy.lab.test', {}, { GOSUMDB: 'sum.golang.org https://sum.golang.org' });
    const r = resultOf(rs, 'GPD303');
    assert.equal(r.status, 'error', show(r));
    assert.equal(r.findings.length, 2, show(r));
    assert.ok(r.findings.some((f) => /proxy\.golang\.org/.test(f.message) && /127\.0\.0\.1 \(loopback\)/.test(f.message)));
    assert.ok(r.findings.some((f) => /sum\.golang\.org/.test(f.message) && /0\.0\.0\.0 \(unspecified\)/.test(f.message)));
    assert.ok(!r.findings.some((f) => /goproxy\.lab\.test/.test(f.message)));
  });

  it('dns-slow: GPD304 warns about a 1.3 s answer and names the faster resolver', async () => {
    const rs = await run('https://slow.lab.test', { resolvers: [other.address] });
    const r = resultOf(rs, 'GPD304');
    assert.equal(r.status, 'warning', show(r));
    assert.match(r.findings[0].message, /took \d{4} ms/);
    assert.match(r.findings[0].message, /answered in \d+ ms/);
  });

  it('probes each name once per run, whichever checks ask', async () => {
    const before = sys.queries.filter((q) => q.name === 'mirror.lab.test').length;
    await run('https://mirror.lab.test');
    const asked = sys.queries.filter((q) => q.name === 'mirror.lab.test').length - before;
    assert.equal(asked, 2, 'one A and one AAAA query for four checks');
  });

  it('resolvers handle 1000 records (TCP after truncation) and a truncated UDP answer', async () => {
    const many = await lookupWith(sys.address, 'many.lab.test', 3000);
    assert.equal(many.addresses.filter((a) => a.family === 4).length, 1000);
    assert.ok(sys.queries.some((q) => q.name === 'many.lab.test' && q.transport === 'tcp'));
    const trunc = await lookupWith(sys.address, 'trunc.lab.test', 3000);
    assert.deepEqual(trunc.addresses.map((a) => a.address), ['127.0.0.9']);
  });

  it('lookupSystem honours the host hook, its timeout and the abort signal', async () => {
    const host = { ...nodeHost({ env: {} }), lookup: lookupVia(sys.address, 5000) };
    const ok = await lookupSystem(host, 'mirror.lab.test', 2000);
    assert.deepEqual(ok.addresses.map((a) => a.address).sort(), ['127.0.0.1', '::1']);
    const t0 = Date.now();
    const slow = await lookupSystem(host, 'silent.lab.test', 300);
    assert.equal(slow.failure, 'timeout');
    assert.ok(Date.now() - t0 < 1500);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const aborted = await lookupSystem(host, 'silent.lab.test', 5000, ac.signal);
    assert.equal(aborted.failure, 'timeout');
    const lit = await lookupSystem(host, '::1', 10);
    assert.deepEqual(lit.addresses, [{ address: '::1', family: 6 }]);
  });
});
