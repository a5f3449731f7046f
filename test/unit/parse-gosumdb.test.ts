import * as assert from 'node:assert/strict';
import { parseGosumdb, parseVerifierKey } from '../../src/core/parse/gosumdb';

const GOLANG = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

describe('parse: GOSUMDB (sumdb.go:59-110)', () => {
  // GO-FACTS §3.1 (observed go1.19.8) and §12.2 g1, g2, g7.
  const rows: Array<[string, string | undefined]> = [
    ['OFF', 'invalid GOSUMDB: malformed verifier id'],
    ['on', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.golang.org+insecure', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.example.com', 'invalid GOSUMDB: malformed verifier id'],
    ['sum.goproxy.cn', 'invalid GOSUMDB: malformed verifier id'],
    ['a b c', 'invalid GOSUMDB: too many fields'],
    ['sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'invalid GOSUMDB: invalid verifier hash'],
    [GOLANG + 'A', 'invalid GOSUMDB: malformed verifier id'],
    [GOLANG + ' ::bad', 'invalid GOSUMDB URL: parse "::bad": missing protocol scheme'],
    ['sum.golang.org', undefined], ['sum.golang.google.cn', undefined], [GOLANG, undefined], [`${GOLANG} https://sum.example.com`, undefined],
    ['sum.golang.org https://mirror.example/sumdb', undefined],
    ['localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6', undefined],
  ];
  for (const [v, want] of rows) it(`${JSON.stringify(v)} → ${want ?? 'ok'}`, () => assert.equal(parseGosumdb(v).error, want));

  it('off, known name, alias rewrite', () => {
    assert.deepEqual(parseGosumdb('off'), { off: true });
    const g = parseGosumdb('sum.golang.org');
    assert.equal(g.name, 'sum.golang.org');
    assert.equal(g.hash, '033de0ae');
    assert.equal(g.key, GOLANG);
    assert.equal(g.direct, true);
    const cn = parseGosumdb('sum.golang.google.cn');
    assert.equal(cn.name, 'sum.golang.org');
    assert.equal(cn.url, 'https://sum.golang.google.cn');
    assert.equal(cn.direct, false);
  });
});

describe('parse: note verifier keys (x/mod sumdb/note)', () => {
  it('accepts the test vectors', () => {
    for (const k of [PETER, 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop', GOLANG]) assert.ok(!('error' in parseVerifierKey(k)), k);
  });
  it('rejects the negative vectors', () => {
    assert.deepEqual(parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), { error: 'malformed verifier id' });
    assert.deepEqual(parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), { error: 'unknown verifier algorithm' });
    // note_test.go: every proper substring and single-byte mutation of a good key fails.
    for (let i = 0; i < PETER.length; i++) {
      for (let j = i + 1; j <= PETER.length; j++) {
        if (i === 0 && j === PETER.length) continue;
        assert.ok('error' in parseVerifierKey(PETER.slice(i, j)), PETER.slice(i, j));
      }
      const mutated = PETER.slice(0, i) + String.fromCharCode(PETER.charCodeAt(i) ^ 1) + PETER.slice(i + 1);
      assert.ok('error' in parseVerifierKey(mutated), mutated);
    }
  });
});
