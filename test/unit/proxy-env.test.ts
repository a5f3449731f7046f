import * as assert from 'node:assert/strict';
import {
  proxyForURLWithConfig, proxyForURL, parseNoProxy, noProxyExcludes, parseProxyValue, type ProxyConfig, type ProxyEnvVariant,
} from '../../src/core/net/proxy-env';

// proxyForURLTests from net@0ca694d http/httpproxy/proxy_test.go:53-218 (want "<nil>" = no proxy).
// `variant` rows: behaviour that differs between x/net generations (go1.19 vendors the old one).
const proxyForURLTests: Array<{ cfg: Partial<ProxyConfig>; req?: string; want: string; wanterr?: string; only?: ProxyEnvVariant }> = [
  { cfg: { httpProxy: '127.0.0.1:8080' }, want: 'http://127.0.0.1:8080' },
  { cfg: { httpProxy: 'cache.corp.example.com:1234' }, want: 'http://cache.corp.example.com:1234' },
  { cfg: { httpProxy: 'cache.corp.example.com' }, want: 'http://cache.corp.example.com' },
  { cfg: { httpProxy: 'localhost' }, want: 'http://localhost' },
  { cfg: { httpProxy: 'https://cache.corp.example.com' }, want: 'https://cache.corp.example.com' },
  { cfg: { httpProxy: 'http://127.0.0.1:8080' }, want: 'http://127.0.0.1:8080' },
  { cfg: { httpProxy: 'https://127.0.0.1:8080' }, want: 'https://127.0.0.1:8080' },
  { cfg: { httpProxy: 'socks5://127.0.0.1' }, want: 'socks5://127.0.0.1' },
  { cfg: { httpProxy: 'foo://host' }, want: 'foo://host', only: 'current' },
  { cfg: { httpProxy: 'http.proxy.tld', httpsProxy: 'secure.proxy.tld' }, req: 'http://insecure.tld/', want: 'http://http.proxy.tld' },
  { cfg: { httpProxy: 'http.proxy.tld', httpsProxy: 'secure.proxy.tld' }, req: 'https://secure.tld/', want: 'http://secure.proxy.tld' },
  { cfg: { httpProxy: 'http.proxy.tld', httpsProxy: 'https://secure.proxy.tld' }, req: 'https://secure.tld/', want: 'https://secure.proxy.tld' },
  { cfg: { httpProxy: 'http.proxy.tld' }, req: 'https://secure.tld/', want: '<nil>' },
  { cfg: { httpProxy: 'http.proxy.tld' }, req: 'ftp://insecure.tld/', want: '<nil>' },
  {
    cfg: { httpProxy: 'http://10.1.2.3:8080', cgi: true }, want: '<nil>',
    wanterr: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy',
  },
  { cfg: { httpsProxy: 'https://secure.proxy.tld', cgi: true }, req: 'https://secure.tld/', want: 'https://secure.proxy.tld' },
  { cfg: {}, want: '<nil>' },
  { cfg: { noProxy: 'example.com', httpProxy: 'proxy' }, req: 'http://example.com/', want: '<nil>' },
  { cfg: { noProxy: '.example.com', httpProxy: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { cfg: { noProxy: 'ample.com', httpProxy: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { cfg: { noProxy: 'example.com', httpProxy: 'proxy' }, req: 'http://foo.example.com/', want: '<nil>' },
  { cfg: { noProxy: '.foo.com', httpProxy: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { cfg: { noProxy: '.示例.com', httpProxy: 'proxy' }, req: 'http://www.示例.com', want: '<nil>' },
  { cfg: { noProxy: 'xn--fsq092h.com', httpProxy: 'proxy' }, req: 'http://www.示例.com', want: '<nil>' },
  { cfg: { noProxy: '示例.com', httpProxy: 'proxy' }, req: 'http://www.xn--fsq092h.com', want: '<nil>' },
];

// UseProxyTests (proxy_test.go:311-358): true = use the proxy.
const noProxy = 'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';
const useProxyTests: Array<[string, boolean]> = [
  ['localhost', false], ['127.0.0.1', false], ['127.0.0.2', false], ['[::1]', false], ['[::2]', true],
  ['192.168.1.1', false], ['192.168.1.2', true], ['192.168.1.3', false], ['192.168.1.4', true], ['10.0.0.2', false],
  ['[2001:db8::52:0:1]', false], ['[2001:db8::52:0:2]', true], ['[2001:db8::52:0:3]', false], ['[2002:db8:a::123]', false],
  ['[fe80::424b:c8be:1643:a1b6]', true],
  ['barbaz.net', true], ['www.barbaz.net', false], ['foobar.com', false], ['www.foobar.com', false], ['foofoobar.com', true],
  ['baz.com', true], ['localhost.net', true], ['local.localhost', true], ['barbarbaz.net', true], ['wildcard.io', true],
  ['nested.wildcard.io', false], ['awildcard.io', true],
];

function cfgOf(c: Partial<ProxyConfig>): ProxyConfig {
  return { httpProxy: '', httpsProxy: '', noProxy: '', cgi: false, httpProxyVar: 'HTTP_PROXY', httpsProxyVar: 'HTTPS_PROXY', ...c };
}

function shown(u: URL | null): string {
  if (!u) return '<nil>';
  // Go prints a URL without the WHATWG trailing '/' on an empty path.
  return u.href.replace(/\/$/, '');
}

describe('proxy-env: Go x/net httpproxy port', () => {
  for (const variant of ['current', 'go1.19'] as const) {
    describe(`variant ${variant}`, () => {
      for (const t of proxyForURLTests) {
        if (t.only && t.only !== variant) continue;
        const req = t.req ?? 'http://example.com';
        it(`${JSON.stringify(t.cfg)} ${req} → ${t.want}`, () => {
          const got = proxyForURLWithConfig(new URL(req), cfgOf(t.cfg), variant);
          assert.equal(got.error, t.wanterr);
          assert.equal(shown(got.proxy), t.want);
          assert.ok(got.reason.length > 0);
        });
      }
      for (const [host, want] of useProxyTests) {
        it(`useProxy(${host}:80) = ${want}`, () => {
          const rules = parseNoProxy(noProxy);
          assert.equal(!noProxyExcludes(rules, new URL(`http://${host}:80/`), variant).excluded, want);
        });
        it(`NO_PROXY=* excludes ${host}`, () => {
          assert.equal(noProxyExcludes(parseNoProxy('*'), new URL(`http://${host}:80/`), variant).excluded, true);
        });
      }
      it('NO_PROXY=":1" does not break matching (TestInvalidNoProxy)', () => {
        assert.equal(noProxyExcludes(parseNoProxy(':1'), new URL('http://example.com/'), variant).excluded, false);
      });
    });
  }

  it('go1.19 re-reads an unknown scheme as http://value (vendored proxy.go:147-167)', () => {
    assert.equal(parseProxyValue('foo://host', 'go1.19').url?.hostname, 'foo');
    assert.equal(parseProxyValue('ftp://h:1', 'go1.19').url?.hostname, 'ftp');
  });

  it('current x/net never domain-matches an IP-literal host; go1.19 does', () => {
    // NO_PROXY "1" (a domain entry ".1") suffix-matches the host "10.0.0.1" only in the old code.
    const rules = parseNoProxy('0.1');
    assert.equal(noProxyExcludes(rules, new URL('http://10.0.0.1/'), 'go1.19').excluded, true);
    assert.equal(noProxyExcludes(rules, new URL('http://10.0.0.1/'), 'current').excluded, false);
  });

  describe('environment variables (FromEnvironment, GO-FACTS §8.1, §8.4 observations)', () => {
    const target = new URL('https://gosem.test:18443/x');
    it('upper case wins when non-empty', () => {
      const got = proxyForURL(target, { HTTPS_PROXY: 'http://a.test:1', https_proxy: 'http://b.test:1' });
      assert.equal(got.proxy?.host, 'a.test:1');
      assert.equal(got.variable, 'HTTPS_PROXY');
    });
    it('an empty upper-case value falls through to lower case', () => {
      const got = proxyForURL(target, { HTTPS_PROXY: '', https_proxy: 'http://b.test:1' });
      assert.equal(got.proxy?.host, 'b.test:1');
      assert.equal(got.variable, 'https_proxy');
    });
    it('HTTP_PROXY does not apply to https URLs (no cross fallback)', () => {
      const got = proxyForURL(target, { HTTP_PROXY: 'http://a.test:1' });
      assert.equal(got.proxy, null);
      assert.match(got.reason, /HTTP_PROXY is set but only applies to http/);
    });
    it('NO_PROXY upper case hides no_proxy', () => {
      const got = proxyForURL(target, { HTTPS_PROXY: 'http://a.test:1', NO_PROXY: 'other.test', no_proxy: 'gosem.test' });
      assert.ok(got.proxy);
    });
    const obs: Array<[string, boolean]> = [
      ['gosem.test', false], ['.gosem.test', true], ['*.gosem.test', true], ['gosem.test:9999', true],
      ['gosem.test:18443', false], ['*', false], ['127.0.0.0/8', true], ['other.test, GOSEM.TEST ', false],
    ];
    for (const [np, proxied] of obs) {
      it(`NO_PROXY=${JSON.stringify(np)} → ${proxied ? 'proxied' : 'direct'}`, () => {
        const got = proxyForURL(target, { HTTPS_PROXY: 'http://a.test:1', NO_PROXY: np });
        assert.equal(got.proxy !== null, proxied);
      });
    }
    it('sub.gosem.test is excluded by .gosem.test', () => {
      const got = proxyForURL(new URL('https://sub.gosem.test/'), { HTTPS_PROXY: 'http://a.test:1', NO_PROXY: '.gosem.test' });
      assert.equal(got.proxy, null);
      assert.equal(got.noProxyEntry, '.gosem.test');
    });
    it('loopback and localhost are never proxied, whatever NO_PROXY says', () => {
      for (const u of ['https://127.0.0.1:9/', 'https://localhost/', 'https://[::1]:8/', 'https://127.9.9.9/']) {
        const got = proxyForURL(new URL(u), { HTTPS_PROXY: 'http://a.test:1' });
        assert.equal(got.proxy, null, u);
        assert.match(got.reason, /never/);
      }
    });
    it('REQUEST_METHOD refuses HTTP_PROXY but keeps HTTPS_PROXY', () => {
      const env = { HTTP_PROXY: 'http://a.test:1', HTTPS_PROXY: 'http://a.test:1', REQUEST_METHOD: 'GET' };
      assert.match(proxyForURL(new URL('http://x.test/'), env).error ?? '', /CGI/);
      assert.ok(proxyForURL(new URL('https://x.test/'), env).proxy);
    });
    it('userinfo of the proxy URL is kept for Proxy-Authorization', () => {
      const got = proxyForURL(target, { HTTPS_PROXY: 'http://user:pa%40ss@a.test:3128' });
      assert.equal(decodeURIComponent(got.proxy?.password ?? ''), 'pa@ss');
    });
    it('an unparsable proxy is ignored (go connects directly)', () => {
      const got = proxyForURL(target, { HTTPS_PROXY: 'http://a\u0001b' });
      assert.equal(got.proxy, null);
      assert.equal(got.invalidProxy, 'http://a\u0001b');
    });
    it('"http://[::1" is re-read as http://http://[::1, i.e. a proxy host named "http"', () => {
      assert.equal(proxyForURL(target, { HTTPS_PROXY: 'http://[::1' }).proxy?.hostname, 'http');
    });
  });
});
