import * as assert from 'node:assert/strict';
import { hostnameError, go120Form, certsFromPem, CertPool, verifyLikeGo } from '../../src/core/net/tls-verify';
import { interceptionVendor, dnFields } from '../../src/core/net/tls-interception';
import { GO_LINUX_CERT_DIRS, GO_LINUX_CERT_FILES, goReadsCertFiles } from '../../src/core/net/tls-trust';
import { parseConnectAnswer, proxyAuthorization } from '../../src/core/net/connect-tunnel';
import { tcpFailure } from '../../src/core/net/tcp-connect';

// go@1.19.8 src/crypto/x509/x509_test.go:364-403 (matchHostnamesTests): pattern, host, ok.
const MATCH_HOSTNAMES: Array<[string, string, boolean]> = [
  ['a.b.c', 'a.b.c', true], ['a.b.c', 'b.b.c', false], ['', 'b.b.c', false], ['a.b.c', '', false],
  ['example.com', 'example.com', true], ['example.com', 'www.example.com', false],
  ['*.example.com', 'example.com', false], ['*.example.com', 'www.example.com', true],
  ['*.example.com', 'www.example.com.', true], ['*.example.com', 'xyz.www.example.com', false],
  ['*.example.com', 'https://www.example.com', false], ['*.example..com', 'www.example..com', false],
  ['www.example..com', 'www.example..com', true], ['*.*.example.com', 'xyz.www.example.com', false],
  ['*.www.*.com', 'xyz.www.example.com', false], ['*bar.example.com', 'foobar.example.com', false],
  ['f*.example.com', 'foobar.example.com', false], ['www.example.com', '*.example.com', false],
  ['', '.', false], ['.', '', false], ['.', '.', false], ['example.com', 'example.com.', true],
  ['example.com.', 'example.com', false], ['example.com.', 'example.com.', true],
  ['*.com.', 'example.com.', false], ['*.com.', 'example.com', false], ['*.com', 'example.com', true],
  ['*.com', 'example.com.', true], ['foo:bar', 'foo:bar', true], ['*.foo:bar', 'xxx.foo:bar', false],
  ['*.2.3.4', '1.2.3.4', false], ['*.2.3.4', '[1.2.3.4]', false],
  ['*:4860:4860::8888', '2001:4860:4860::8888', false], ['*:4860:4860::8888', '[2001:4860:4860::8888]', false],
  ['2001:4860:4860::8888', '2001:4860:4860::8888', false], ['2001:4860:4860::8888', '[2001:4860:4860::8888]', false],
  ['[2001:4860:4860::8888]', '2001:4860:4860::8888', false], ['[2001:4860:4860::8888]', '[2001:4860:4860::8888]', false],
];

describe('tls-verify: go\'s host name rules and error texts', () => {
  it('matches go\'s matchHostnamesTests table', () => {
    MATCH_HOSTNAMES.forEach(([pattern, host, ok], i) => {
      const err = hostnameError({ dns: [pattern], ip: [], hasSAN: true }, host);
      assert.equal(err === null, ok, `#${i} ${pattern} vs ${host}: ${err}`);
    });
  });

  it('words the errors as HostnameError.Error does (verify.go:96-128)', () => {
    assert.equal(hostnameError({ dns: ['other.test', 'b.test'], ip: [], hasSAN: true }, 'localhost'), 'x509: certificate is valid for other.test, b.test, not localhost');
    assert.equal(hostnameError({ dns: ['localhost'], ip: [], hasSAN: true }, '127.0.0.1'), "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
    assert.equal(hostnameError({ dns: [], ip: ['10.0.0.1'], hasSAN: true }, '[127.0.0.1]'), 'x509: certificate is valid for 10.0.0.1, not 127.0.0.1');
    assert.equal(hostnameError({ dns: [], ip: [], hasSAN: false }, 'h.test'), 'x509: certificate is not valid for any names, but wanted to match h.test');
    assert.equal(hostnameError({ dns: [], ip: [], hasSAN: false, cn: 'h.test' }, 'h.test'), 'x509: certificate relies on legacy Common Name field, use SANs instead');
    assert.equal(hostnameError({ dns: [], ip: ['0:0:0:0:0:0:0:1'], hasSAN: true }, '::1'), null);
    assert.equal(go120Form('x509: certificate signed by unknown authority'), 'tls: failed to verify certificate: x509: certificate signed by unknown authority');
  });

  it('needs roots: none at all is go\'s SystemRootsError', () => {
    const certs = certsFromPem(require('node:tls').rootCertificates.slice(0, 2).join('\n'));
    assert.equal(certs.length, 2);
    const r = verifyLikeGo(certs.slice(0, 1), '', null, new Date(), 'open /x: permission denied');
    assert.equal(r.error, 'x509: failed to load system roots and no roots provided; open /x: permission denied');
    // A root presented as leaf and trusted verifies (Roots.contains, verify.go:800-802).
    const ok = verifyLikeGo(certs.slice(0, 1), '', CertPool.of(certs), new Date(certs[0].validFrom));
    assert.equal(ok.ok, true, ok.error);
  });

  it('knows go\'s Linux root locations (root_linux.go)', () => {
    assert.equal(GO_LINUX_CERT_FILES[0], '/etc/ssl/certs/ca-certificates.crt');
    assert.equal(GO_LINUX_CERT_FILES.length, 6);
    assert.deepEqual(GO_LINUX_CERT_DIRS, ['/etc/ssl/certs', '/etc/pki/tls/certs', '/system/etc/security/cacerts']);
    assert.equal(goReadsCertFiles('linux'), true);
    assert.equal(goReadsCertFiles('darwin'), false);
    assert.equal(goReadsCertFiles('windows'), false);
  });
});

describe('tls-interception: vendors by issuer name', () => {
  it('reads O and CN from Node\'s DN text', () => {
    assert.deepEqual(dnFields('C=US\nO=Zscaler Inc.\nCN=Zscaler Intermediate Root CA'), { o: ['Zscaler Inc.'], cn: ['Zscaler Intermediate Root CA'] });
  });
  it('names the product, and nothing for a public CA', () => {
    const fake = (issuer: string) => ({ issuer, subject: 'CN=proxy.golang.org' }) as unknown as import('node:crypto').X509Certificate;
    assert.equal(interceptionVendor([fake('O=Zscaler Inc.\nCN=Zscaler Root CA')])?.vendor, 'Zscaler');
    assert.equal(interceptionVendor([fake('O=Palo Alto Networks\nCN=Forward Trust')])?.vendor, 'Palo Alto Networks');
    assert.equal(interceptionVendor([fake('O=Fortinet\nCN=FortiGate CA')])?.vendor, 'Fortinet FortiGate');
    assert.equal(interceptionVendor([fake('CN=Netskope Certificate Authority')])?.vendor, 'Netskope');
    assert.equal(interceptionVendor([fake('O=Kaspersky Lab ZAO\nCN=Kaspersky Anti-Virus Personal Root Certificate')])?.vendor, 'Kaspersky');
    assert.equal(interceptionVendor([fake('O=ESET, spol. s r. o.\nCN=ESET SSL Filter CA')])?.vendor, 'ESET');
    assert.equal(interceptionVendor([fake('C=US\nO=Google Trust Services\nCN=WR2')]), null);
    assert.equal(interceptionVendor([fake("C=US\nO=Let's Encrypt\nCN=R11")]), null);
  });
});

describe('connect-tunnel and tcp-connect: go\'s wording', () => {
  it('CONNECT answers (net/http response.go, transport.go:1721-1728)', () => {
    assert.deepEqual(parseConnectAnswer('HTTP/1.1 200 Connection established'), { code: 200, goText: 'Connection established', headers: {} });
    assert.equal((parseConnectAnswer('HTTP/1.0 403 Forbidden') as { goText: string }).goText, 'Forbidden');
    assert.deepEqual(parseConnectAnswer('HTTP/1.1 4O7 Bad'), { malformed: 'malformed HTTP status code "4O7"' });
    assert.deepEqual(parseConnectAnswer('SSH-2.0-OpenSSH x'), { malformed: 'malformed HTTP status code "x"' });
  });
  it('Proxy-Authorization is Basic of the percent-decoded userinfo', () => {
    assert.equal(proxyAuthorization(new URL('http://user:pa%40ss@proxy:3128')), 'Basic dXNlcjpwYUBzcw==');
    assert.equal(proxyAuthorization(new URL('http://proxy:3128')), null);
  });
  it('dial errors', () => {
    assert.equal(tcpFailure('ECONNREFUSED', '127.0.0.1:1').goError, 'dial tcp 127.0.0.1:1: connect: connection refused');
    assert.equal(tcpFailure('ETIMEDOUT', '127.0.0.1:19999').goError, 'dial tcp 127.0.0.1:19999: i/o timeout');
    assert.equal(tcpFailure('ENETUNREACH', '192.0.2.1:80').goError, 'dial tcp 192.0.2.1:80: connect: network is unreachable');
  });
});
