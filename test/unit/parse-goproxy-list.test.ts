import * as assert from 'node:assert/strict';
import { parseGoproxy, validateProxyURL } from '../../src/core/parse/goproxy-list';
import { parseGoURL, goURLString } from '../../src/core/parse/go-url';

// Rows from GO-FACTS §1.3 / §12.2 (observed go1.19.8) and go@1.19.8 proxy.go:61-127.
describe('parse: GOPROXY list (proxy.go:61-127)', () => {
  const errors: Array<[string, string]> = [
    ['Direct', 'invalid proxy URL missing scheme: Direct'],
    ['DIRECT', 'invalid proxy URL missing scheme: DIRECT'],
    ['OFF', 'invalid proxy URL missing scheme: OFF'],
    ['proxy', 'invalid proxy URL missing scheme: proxy'],
    ['localhost', 'invalid proxy URL missing scheme: localhost'],
    ['noproxy', 'invalid proxy URL missing scheme: noproxy'],
    [',', 'GOPROXY list is not the empty string, but contains no entries'],
    [' ', 'GOPROXY list is not the empty string, but contains no entries'],
    [', ,|', 'GOPROXY list is not the empty string, but contains no entries'],
    ['ftp://x.example,direct', 'invalid proxy URL scheme (must be https, http, file): ftp://x.example'],
    ['ftp://x.example', 'invalid proxy URL scheme (must be https, http, file): ftp://x.example'],
    ['/abs/dir', 'invalid proxy URL missing scheme: /abs/dir'],
    ['file://host/srv/x', 'invalid file:// proxy URL with non-path elements: file://host/srv/x'],
    ['file://relative/dir', 'invalid file:// proxy URL with non-path elements: file://relative/dir'],
    ['http://[::1', 'parse "http://[::1": missing \']\' in host'],
    ['://invalid', 'parse "://invalid": missing protocol scheme'],
    ['http://127.0.0.1:18080 direct', 'parse "http://127.0.0.1:18080 direct": invalid port ":18080 direct" after host'],
    ['"http://127.0.0.1:18080"', 'parse "\\"http://127.0.0.1:18080\\"": first path segment in URL cannot contain colon'],
  ];
  for (const [value, want] of errors) {
    it(`rejects ${JSON.stringify(value)}`, () => {
      assert.equal(parseGoproxy(value, '', 'linux').error, want);
    });
  }

  it('trims elements and keeps separators per element', () => {
    const r = parseGoproxy('  http://a.example  |  https://b.example , direct  ', '', 'linux');
    assert.equal(r.error, undefined);
    assert.deepEqual(r.entries.map((e) => [e.kind, e.url ?? e.raw, e.fallBackOnError]), [
      ['url', 'http://a.example', true], ['url', 'https://b.example', false], ['direct', 'direct', false],
    ]);
    const v = '  http://a.example  |  https://b.example , direct  ';
    for (const e of r.entries) assert.equal(v.slice(e.start, e.end), e.raw);
  });

  it('ignores (and never validates) what follows off or direct', () => {
    const off = parseGoproxy('off,ftp://x.example', '', 'linux');
    assert.equal(off.error, undefined);
    assert.deepEqual(off.entries.map((e) => e.kind), ['off']);
    assert.deepEqual(off.ignored.map((e) => e.raw), ['ftp://x.example']);
    const direct = parseGoproxy('direct,ftp://x.example', '', 'linux');
    assert.equal(direct.error, undefined);
    assert.deepEqual(direct.ignored.map((e) => e.raw), ['ftp://x.example']);
  });

  it('adds https:// to host-like words only', () => {
    assert.equal(parseGoproxy('proxy.golang.org', '', 'linux').entries[0].url, 'https://proxy.golang.org');
    assert.equal(parseGoproxy('127.0.0.1:18080', '', 'linux').entries[0].url, 'https://127.0.0.1:18080');
    assert.equal(parseGoproxy('https://proxy.golang.org;direct', '', 'linux').entries[0].url, 'https://proxy.golang.org;direct');
    // A Windows absolute path is not a host (filepath.IsAbs), so no https:// is added.
    assert.equal(parseGoproxy('C:\\proxy', '', 'windows').error, 'invalid proxy URL scheme (must be https, http, file): c:\\proxy');
    assert.equal(parseGoproxy('C:\\proxy', '', 'linux').error, 'parse "https://C:\\\\proxy": invalid port ":\\\\proxy" after host');
  });

  it('accepts upper-case schemes, query, fragment, trailing slashes', () => {
    for (const v of ['HTTP://127.0.0.1:18080', 'http://127.0.0.1:1/?x=1', 'http://h/#frag', 'http://h///', 'file:///abs/dir', 'https://']) {
      assert.equal(parseGoproxy(v, '', 'linux').error, undefined, v);
    }
  });

  it('puts noproxy first when GONOPROXY is set and GOPROXY is not exactly direct', () => {
    assert.deepEqual(parseGoproxy('https://p.example,direct', 'corp.example', 'linux').entries.map((e) => e.kind), ['noproxy', 'url', 'direct']);
    assert.deepEqual(parseGoproxy('direct', 'corp.example', 'linux').entries.map((e) => e.kind), ['direct']);
    assert.deepEqual(parseGoproxy(' direct', 'corp.example', 'linux').entries.map((e) => e.kind), ['noproxy', 'direct']);
    assert.equal(parseGoproxy(',', 'corp.example', 'linux').error, 'GOPROXY list is not the empty string, but contains no entries');
  });

  it('stops at the first invalid entry and points at it', () => {
    const v = 'https://ok.example, Direct ,https://never.example';
    const r = parseGoproxy(v, '', 'linux');
    assert.equal(r.error, 'invalid proxy URL missing scheme: Direct');
    assert.equal(v.slice(r.errorEntry!.start, r.errorEntry!.end), 'Direct');
    assert.equal(r.entries.length, 1);
  });

  it('echoes URLs redacted as URL.Redacted does', () => {
    assert.equal(validateProxyURL('ftp://user:secret@h'), 'invalid proxy URL scheme (must be https, http, file): ftp://user:xxxxx@h');
    assert.equal(validateProxyURL('file://u@h/x'), 'invalid file:// proxy URL with non-path elements: file://u@h/x');
  });
});

// go@1.19.8 src/net/url/url_test.go round trips and errors.
describe('parse: net/url.Parse port', () => {
  const roundTrip = [
    'http://www.google.com', 'http://www.google.com/', 'http://www.google.com/file%20one%26two',
    'http://user:password@google.com', 'http://[fe80::1%25en0]:8080/', 'mailto:webmaster@golang.org',
    'http://www.google.com/?q=go+language#foo%26bar', 'file:///home/adg/rabbits',   ];
  for (const u of roundTrip) it(`round-trips ${u}`, () => assert.equal(goURLString(parseGoURL(u)), u));
  it('re-escapes userinfo as Go does', () => assert.equal(goURLString(parseGoURL('http://j@ne:password@google.com')), 'http://j%40ne:password@google.com'));

  const bad: Array<[string, string]> = [
    ['http://[::1]a', 'invalid port "a" after host'],
    ['http://%41:8080/', 'invalid URL escape "%41"'],
    ['http://a b.com/', 'invalid character " " in host name'],
    ['http://x\u0001y', 'net/url: invalid control character in URL'],
    ['http://us\\er@h', 'net/url: invalid userinfo'],
    ['%zz', 'invalid URL escape "%zz"'],
  ];
  for (const [u, cause] of bad) it(`rejects ${JSON.stringify(u)}`, () => assert.throws(() => parseGoURL(u), (e: Error) => e.message.endsWith(': ' + cause)));
});

describe('parse: strconv.Quote / strings.TrimSpace / strings.Fields ports', () => {
  it('quotes as Go\'s %q does', async () => {
    const { goQuote, goQuoteRune, trimSpace, fields } = await import('../../src/core/parse/go-bytes');
    assert.equal(goQuote('a"b\\c\n\u0001é\u2028\u007f'), '"a\\"b\\\\c\\n\\x01é\\u2028\\x7f"');
    assert.equal(goQuote('\t\u00a0x'), '"\\t\\u00a0x"');
    assert.equal(goQuoteRune(0x27), "'\\''");
    assert.equal(goQuoteRune('☺'.codePointAt(0)!), "'☺'");
    assert.equal(trimSpace('\u00a0\u2003 x y \u0085\t'), 'x y');
    assert.deepEqual(fields(' a\u00a0b\tc\u3000 d '), ['a', 'b', 'c', 'd']);
  });
});
