import * as assert from 'node:assert/strict';
import { matchPrefixPatterns, pathMatch } from '../../src/core/parse/match-prefix-patterns';

describe('parse: MatchPrefixPatterns (x/mod module.go:802-841)', () => {
  // GO-FACTS §2.2: x/mod module_test.go vectors (the go@1.19.8 copy trims one trailing slash).
  const rows: Array<[string, string, boolean]> = [
    ['', 'rsc.io/quote', false], ['/', 'rsc.io/quote', false], ['*/quote', 'rsc.io/quote', true], ['*/quo', 'rsc.io/quote', false],
    ['*/quo??', 'rsc.io/quote', true], ['*/quo*', 'rsc.io/quote', true], ['*quo*', 'rsc.io/quote', false], ['rsc.io', 'rsc.io/quote', true],
    ['*.io', 'rsc.io/quote', true], ['rsc.io/', 'rsc.io/quote', true], ['rsc', 'rsc.io/quote', false], ['rsc*', 'rsc.io/quote', true],
    ['rsc.io', 'rsc.io/quote/v3', true], ['*/quote', 'rsc.io/quote/v3', true], ['*/quote/', 'rsc.io/quote/v3', true],
    ['*/quote/*', 'rsc.io/quote/v3', true], ['*/quote/*/', 'rsc.io/quote/v3', true], ['*/v3', 'rsc.io/quote/v3', false],
    ['*/*/v3', 'rsc.io/quote/v3', true], ['*/*/*', 'rsc.io/quote/v3', true], ['*/*/*/', 'rsc.io/quote/v3', true],
    ['*/*/*', 'rsc.io/quote', false], ['*/*/*/', 'rsc.io/quote', false], ['*/*/*,,', 'rsc.io/quote', false],
    ['*/*/*,,*/quote', 'rsc.io/quote', true], [',,*/quote', 'rsc.io/quote', true],
    // Observed on go1.19.8 against example.com/hello (GO-FACTS §2.2).
    ['example.com', 'example.com/hello', true], ['example.com/', 'example.com/hello', true], ['*.com', 'example.com/hello', true],
    ['example.*', 'example.com/hello', true], ['example.com/hel*', 'example.com/hello', true], ['*', 'example.com/hello', true],
    ['other.org,example.com', 'example.com/hello', true], ['other.org, example.com', 'example.com/hello', false],
    [' example.com', 'example.com/hello', false], ['example.com ', 'example.com/hello', false], ['Example.com', 'example.com/hello', false],
    ['example', 'example.com/hello', false], ['example.com/hello/v2', 'example.com/hello', false], ['[', 'example.com/hello', false],
    // mod_gonoproxy.txt
    ['*/quote,*/*mple*,golang.org/x', 'rsc.io/sampler', true], ['*/quote,*/*mple*,golang.org/x', 'golang.org/x/text', true],
  ];
  for (const [globs, target, want] of rows) {
    it(`${JSON.stringify(globs)} vs ${target} → ${want}`, () => assert.equal(matchPrefixPatterns(globs, target), want));
  }
});

describe('parse: path.Match (go@1.19.8 src/path/match_test.go)', () => {
  const BAD = 'syntax error in pattern';
  const rows: Array<[string, string, boolean, string | undefined]> = [
    ['abc', 'abc', true, undefined], ['*', 'abc', true, undefined], ['*c', 'abc', true, undefined], ['a*', 'a', true, undefined],
    ['a*', 'abc', true, undefined], ['a*', 'ab/c', false, undefined], ['a*/b', 'abc/b', true, undefined], ['a*/b', 'a/c/b', false, undefined],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, undefined], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, undefined],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, undefined], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, undefined],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true, undefined], ['a*b?c*x', 'abxbbxdbxebxczzy', false, undefined],
    ['ab[c]', 'abc', true, undefined], ['ab[b-d]', 'abc', true, undefined], ['ab[e-g]', 'abc', false, undefined],
    ['ab[^c]', 'abc', false, undefined], ['ab[^b-d]', 'abc', false, undefined], ['ab[^e-g]', 'abc', true, undefined],
    ['a\\*b', 'a*b', true, undefined], ['a\\*b', 'ab', false, undefined], ['a?b', 'a☺b', true, undefined], ['a[^a]b', 'a☺b', true, undefined],
    ['a???b', 'a☺b', false, undefined], ['a[^a][^a][^a]b', 'a☺b', false, undefined], ['[a-ζ]*', 'α', true, undefined],
    ['*[a-ζ]', 'A', false, undefined], ['a?b', 'a/b', false, undefined], ['a*b', 'a/b', false, undefined],
    ['[\\]a]', ']', true, undefined], ['[\\-]', '-', true, undefined], ['[x\\-]', 'x', true, undefined], ['[x\\-]', '-', true, undefined],
    ['[x\\-]', 'z', false, undefined], ['[\\-x]', 'x', true, undefined], ['[\\-x]', '-', true, undefined], ['[\\-x]', 'a', false, undefined],
    ['[]a]', ']', false, BAD], ['[-]', '-', false, BAD], ['[x-]', 'x', false, BAD], ['[x-]', '-', false, BAD], ['[x-]', 'z', false, BAD],
    ['[-x]', 'x', false, BAD], ['[-x]', '-', false, BAD], ['[-x]', 'a', false, BAD], ['\\', 'a', false, BAD], ['[a-b-c]', 'a', false, BAD],
    ['[', 'a', false, BAD], ['[^', 'a', false, BAD], ['[^bc', 'a', false, BAD], ['a[', 'a', false, BAD], ['a[', 'ab', false, BAD],
    ['a[', 'x', false, BAD], ['a/b[', 'x', false, BAD], ['*x', 'xxx', true, undefined],
  ];
  for (const [p, s, match, err] of rows) {
    it(`Match(${JSON.stringify(p)}, ${JSON.stringify(s)})`, () => assert.deepEqual(pathMatch(p, s), err ? { matched: false, error: err } : { matched: match }));
  }
});
