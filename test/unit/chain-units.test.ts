import * as assert from 'node:assert/strict';
import { goJSONError, goPathEscape, walkChain, zipEntryNames } from '../../src/core/net/chain-walk';
import { goServerDetail, goStatusError, goRFC3339, redactedURL } from '../../src/core/net/http-client';
import { parseVersionList } from '../../src/core/net/goproxy-probe';
import { splitModuleVersion } from '../../src/core/net/chain-inputs';

const walk = (goproxy: string, gonoproxy = '', mv = 'example.com/hello@v1.0.0') => {
  const at = mv.lastIndexOf('@');
  return walkChain(mv.slice(0, at), mv.slice(at + 1), { goproxy, gonoproxy, platform: 'linux', env: {}, timeoutMs: 1000 });
};

describe('chain walk: pure parts', () => {
  describe('verdicts that need no network (go@1.19.8 proxy.go, repo.go)', () => {
    const rows: Array<[string, string, string]> = [
      ['off', '', 'example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off'],
      ['off,https://x.example', '', 'example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off'],
      ['Direct', '', 'example.com/hello@v1.0.0: invalid proxy URL missing scheme: Direct'],
      [',', '', 'example.com/hello@v1.0.0: GOPROXY list is not the empty string, but contains no entries'],
      [' ', '', 'example.com/hello@v1.0.0: GOPROXY list is not the empty string, but contains no entries'],
      ['ftp://x.example', '', 'example.com/hello@v1.0.0: invalid proxy URL scheme (must be https, http, file): ftp://x.example'],
      ['off', 'other.org', 'example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off'],
    ];
    for (const [goproxy, gonoproxy, error] of rows) {
      it(`GOPROXY=${JSON.stringify(goproxy)} GONOPROXY=${JSON.stringify(gonoproxy)}`, async () => {
        const w = await walk(goproxy, gonoproxy);
        assert.deepEqual(w.verdict, { served: false, by: null, error });
      });
    }
    it('an invalid module path never reaches the network', async () => {
      const w = await walk('https://x.example', '', 'Example.com/x@v1.0.0');
      assert.equal(w.steps.length, 0);
      assert.match(w.verdict.error ?? '', /^Example\.com\/x@v1\.0\.0: /);
    });
    it('untrusted: direct is not looked up, and the verdict says so', async () => {
      const w = await walkChain('corp.example/x', 'v1.0.0', { goproxy: 'direct', gonoproxy: '', platform: 'linux', env: {}, timeoutMs: 1000, directLookups: false });
      assert.equal(w.verdict.served, false);
      assert.equal(w.verdict.error, null);
      assert.match(w.verdict.unverified ?? '', /untrusted workspace/);
    });
    it('steps of GOPROXY=off name the entry and say go moves on', async () => {
      const w = await walk('off');
      assert.deepEqual(w.steps.map((s) => [s.entry, s.file, s.outcome, s.fallsThrough]), [['off', 'info', 'not-found', true]]);
    });
  });

  it('url.PathEscape of module path segments (! is escaped)', () => {
    assert.equal(goPathEscape('!upper'), '%21upper');
    assert.equal(goPathEscape('v2.0.0+incompatible.info'), 'v2.0.0+incompatible.info');
    assert.equal(goPathEscape('a b~c'), 'a%20b~c');
  });

  it('encoding/json error texts', () => {
    assert.equal(goJSONError(''), 'unexpected end of JSON input');
    assert.equal(goJSONError('  \n'), 'unexpected end of JSON input');
    assert.equal(goJSONError('<!DOCTYPE html>'), "invalid character '<' looking for beginning of value");
    assert.equal(goJSONError("'x'"), "invalid character '\\'' looking for beginning of value");
    assert.equal(goJSONError('[1]'), 'json: cannot unmarshal array into Go value of type modfetch.RevInfo');
    assert.equal(goJSONError('null'), null);
  });

  it('zip central directory', () => {
    assert.equal(zipEntryNames(Buffer.alloc(10)), null);
  });

  it('@v/list parsing', () => {
    assert.deepEqual(parseVersionList(''), { versions: [], ignored: [] });
    assert.deepEqual(parseVersionList('v1.0.0\nv1.1.0 2023-01-01T00:00:00Z\nlatest\n'), { versions: ['v1.0.0', 'v1.1.0'], ignored: ['latest'] });
  });

  describe('server response detail (web/api.go formatErrorDetail)', () => {
    const rows: Array<[string | undefined, string, string]> = [
      ['text/plain', 'one\n', '\n\tserver response: one'],
      ['text/plain; charset=utf-8', 'a\nb\n', '\n\tserver response:\n\ta\n\tb'],
      ['text/plain; charset=ISO-8859-1', 'a\n', ''],
      ['text/html', 'a\n', ''],
      [undefined, 'a\n', ''],
      ['text/plain', '\nlater\n', ''],
      ['text/plain', 'bell\x07\n', ''],
      ['text/plain', Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n'), '\n\tserver response:\n\tl0\n\tl1\n\tl2\n\tl3\n\tl4\n\tl5\n\tl6\n\tl7\n\t[Truncated: too many lines.]'],
      ['text/plain', 'x'.repeat(700), '\n\tserver response: [Truncated: too long.]'],
    ];
    for (const [ct, body, want] of rows) {
      it(`${ct} ${JSON.stringify(body.slice(0, 20))}`, () => assert.equal(goServerDetail(ct, Buffer.from(body)), want));
    }
    it('status errors keep the server reason phrase and redact passwords', () => {
      assert.equal(goStatusError('https://u:p@h.example/x', 404, 'testing', undefined, Buffer.alloc(0)), 'reading https://u:xxxxx@h.example/x: 404 testing');
      assert.equal(goStatusError('https://h.example/x', 418, '', undefined, Buffer.alloc(0)), "reading https://h.example/x: 418 I'm a teapot");
    });
  });

  it('redacts like url.URL.Redacted', () => {
    assert.equal(redactedURL('http://user:secret@h.example/x'), 'http://user:xxxxx@h.example/x');
    assert.equal(redactedURL('http://h.example/x'), 'http://h.example/x');
  });

  it('formats times as Go RFC 3339', () => {
    assert.equal(goRFC3339(new Date('2026-11-25T16:38:11.123Z'), false), '2026-11-25T16:38:11Z');
  });

  it('splits MODULE@VERSION', () => {
    assert.deepEqual(splitModuleVersion('example.com/hello@v1.0.0'), { module: 'example.com/hello', version: 'v1.0.0' });
    assert.equal(splitModuleVersion('example.com/hello'), null);
    assert.equal(splitModuleVersion('example.com/hello@'), null);
  });
});
