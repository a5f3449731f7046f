import * as assert from 'node:assert/strict';
import { classifyAddress, isPublicName, detectCachingLayers } from '../../src/core/net/dns-classify';
import { failureOf, goLookupError, parseResolvConf, withDnsPort } from '../../src/core/net/dns-resolve';
import { neededHosts, resolvedByGo, proxyVariantOf } from '../../src/core/net/hosts-needed';
import type { GoEnvironment } from '../../src/core/model/environment';
import type { Host } from '../../src/core/model/host';

function goEnv(os: Record<string, string>, version = 'go1.19.8'): GoEnvironment {
  const vars: GoEnvironment['vars'] = {};
  const defaults: Record<string, string> = { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org' };
  for (const k of ['GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GOSUMDB']) vars[k] = { value: os[k] ?? defaults[k] ?? '', source: os[k] ? 'os' : 'default', shadows: [] };
  return { platform: 'linux', vars, os, go: { path: null, version }, envFile: { path: null, exists: false, entries: [] }, gorootEnvFile: { path: null, exists: false, entries: [] }, fromGo: false, notes: [] };
}

describe('dns-classify: addresses and names', () => {
  const rows: Array<[string, string]> = [
    ['8.8.8.8', 'public'], ['127.0.0.1', 'loopback'], ['127.8.9.1', 'loopback'], ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.32.0.1', 'public'], ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'], ['100.64.0.1', 'cgnat'], ['198.18.0.5', 'fake-ip'], ['198.19.255.1', 'fake-ip'],
    ['146.112.61.106', 'sinkhole'], ['192.0.2.10', 'documentation'], ['::1', 'loopback'], ['::', 'unspecified'],
    ['fd00::1', 'private'], ['fe80::1', 'link-local'], ['2001:db8::1', 'documentation'], ['2606:4700::1', 'public'],
    ['::ffff:127.0.0.1', 'loopback'],
  ];
  for (const [a, cls] of rows) it(`${a} is ${cls}`, () => assert.equal(classifyAddress(a).cls, cls));

  it('public names exclude reserved and internal suffixes', () => {
    assert.equal(isPublicName('proxy.golang.org'), true);
    assert.equal(isPublicName('goproxy.lab.test'), false);
    assert.equal(isPublicName('artifactory.corp'), false);
    assert.equal(isPublicName('nexus.internal'), false);
    assert.equal(isPublicName('proxy'), false);
    assert.equal(isPublicName('10.0.0.1'), false);
    assert.equal(isPublicName('PROXY.GOLANG.ORG.'), true);
  });
});

describe('dns-resolve: error classes and go\'s texts (GO-FACTS §10)', () => {
  it('maps Node codes to failure classes', () => {
    assert.equal(failureOf('ENOTFOUND'), 'nxdomain');
    assert.equal(failureOf('ESERVFAIL'), 'servfail');
    assert.equal(failureOf('ETIMEOUT'), 'timeout');
    assert.equal(failureOf('EAI_AGAIN'), 'temporary');
    assert.equal(failureOf('EREFUSED'), 'refused');
  });
  it('quotes go\'s pure and cgo resolver errors', () => {
    assert.equal(goLookupError('proxy.nonexistent.test', 'nxdomain', '127.0.0.1'), 'dial tcp: lookup proxy.nonexistent.test on 127.0.0.1:53: no such host');
    assert.equal(goLookupError('proxy.nonexistent.test', 'nxdomain'), 'dial tcp: lookup proxy.nonexistent.test: no such host');
    assert.equal(goLookupError('proxy.nonexistent.test', 'servfail', '127.0.0.1'), 'dial tcp: lookup proxy.nonexistent.test on 127.0.0.1:53: server misbehaving');
    assert.equal(goLookupError('proxy.nonexistent.test', 'temporary'), 'dial tcp: lookup proxy.nonexistent.test: Temporary failure in name resolution');
    assert.equal(withDnsPort('::1'), '[::1]:53');
    assert.equal(withDnsPort('127.0.0.1:5353'), '127.0.0.1:5353');
  });
  it('reads resolv.conf', () => {
    assert.deepEqual(parseResolvConf('# x\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\nnameserver 1.1.1.1 # c\n'), { nameservers: ['127.0.0.53', '1.1.1.1'], options: ['edns0', 'trust-ad'] });
  });
  it('detects systemd-resolved from a stub resolv.conf and gives its flush command', async () => {
    const host = {
      platform: 'linux', env: {}, homedir: null, cwd: '/',
      readFile: async (p: string) => { if (p === '/etc/resolv.conf') return Buffer.from('nameserver 127.0.0.53\n'); throw Object.assign(new Error('x'), { code: 'ENOENT' }); },
      stat: async () => null, readdir: async () => [], exec: async () => { throw new Error('no'); }, which: async () => null, now: () => 0,
    } as unknown as Host;
    const layers = await detectCachingLayers(host);
    assert.deepEqual(layers.map((l) => [l.name, l.flush]), [['systemd-resolved', 'resolvectl flush-caches']]);
    const mac = await detectCachingLayers({ ...host, platform: 'darwin' });
    assert.match(mac[0].flush, /killall -HUP mDNSResponder/);
    const win = await detectCachingLayers({ ...host, platform: 'windows' });
    assert.equal(win[0].flush, 'ipconfig /flushdns');
  });
});

describe('hosts-needed: the hosts the setup makes go contact', () => {
  it('default setup: proxy.golang.org only (the checksum DB goes through it)', () => {
    const hs = neededHosts(goEnv({}));
    assert.deepEqual(hs.map((h) => [h.role, h.hostname, h.port]), [['goproxy', 'proxy.golang.org', 443]]);
  });
  it('GOPROXY=direct: the checksum database directly; an explicit GOSUMDB URL always', () => {
    assert.deepEqual(neededHosts(goEnv({ GOPROXY: 'direct' })).map((h) => [h.role, h.hostname]), [['sumdb', 'sum.golang.org']]);
    assert.deepEqual(neededHosts(goEnv({ GOSUMDB: 'sum.golang.google.cn' })).map((h) => [h.role, h.hostname]), [['goproxy', 'proxy.golang.org'], ['sumdb', 'sum.golang.google.cn']]);
    assert.deepEqual(neededHosts(goEnv({ GOPROXY: 'off', GOSUMDB: 'off' })), []);
  });
  it('entries after direct/off are not needed; file:// is not a host', () => {
    const hs = neededHosts(goEnv({ GOPROXY: 'https://a.example|http://b.example:8080,direct,https://never.example', GOSUMDB: 'off' }));
    assert.deepEqual(hs.map((h) => `${h.url.protocol}//${h.hostname}:${h.port}`), ['https://a.example:443', 'http://b.example:8080']);
    assert.deepEqual(neededHosts(goEnv({ GOPROXY: 'file:///tmp/x', GOSUMDB: 'off' })), []);
  });
  it('a proxied host brings the proxy; go does not resolve the proxied host', () => {
    const hs = neededHosts(goEnv({ HTTPS_PROXY: 'http://user:pw@proxy.corp.example:3128', GOSUMDB: 'off' }));
    assert.deepEqual(hs.map((h) => [h.role, h.hostname, h.proxy?.host ?? null]), [['goproxy', 'proxy.golang.org', 'proxy.corp.example:3128'], ['http-proxy', 'proxy.corp.example', null]]);
    assert.deepEqual(resolvedByGo(hs).map((h) => h.hostname), ['proxy.corp.example']);
    assert.equal(hs[1].proxyVariable, 'HTTPS_PROXY');
  });
  it('only HTTP_PROXY: https goes direct; NO_PROXY and loopback are honoured', () => {
    assert.equal(neededHosts(goEnv({ HTTP_PROXY: 'http://p.example:3128', GOSUMDB: 'off' }))[0].proxy, null);
    assert.equal(neededHosts(goEnv({ HTTPS_PROXY: 'http://p.example:3128', NO_PROXY: 'golang.org', GOSUMDB: 'off' }))[0].proxy, null);
    assert.equal(neededHosts(goEnv({ GOPROXY: 'https://127.0.0.1:8443', HTTPS_PROXY: 'http://p.example:3128', GOSUMDB: 'off' }))[0].proxy, null);
  });
  it('picks the x/net generation from the go version', () => {
    assert.equal(proxyVariantOf('go1.19.8'), 'go1.19');
    assert.equal(proxyVariantOf('go1.23.1'), 'current');
  });
});
