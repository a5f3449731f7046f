import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { parseGoproxy, splitGoproxy } from '../../src/core/parse/goproxy-list';
import { matchPrefixPatterns, matchingPattern, pathMatch, splitPatterns } from '../../src/core/parse/match-prefix-patterns';
import { parseGoflags, goflagsErrorFor } from '../../src/core/parse/goflags';
import { parseGosumdb, KNOWN_GOSUMDB } from '../../src/core/parse/gosumdb';
import { parseGo111module } from '../../src/core/parse/go111module';
import { parseGotoolchain } from '../../src/core/parse/gotoolchain';
import { checkPath, escapePath, unescapePath, escapeVersion, unescapeVersion, checkModule } from '../../src/core/parse/module-path';
import { parseNoProxy, parseProxyValue, proxyConfigFromEnv, proxyForURL } from '../../src/core/net/proxy-env';
import { parseGoMod, parseGoSum, parseGoWork } from '../../src/core/sources/go-mod';
import { SourceText } from '../../src/core/sources/source-text';
import type { Location } from '../../src/core/model/location';
import { mutatedText } from './property-arbitraries';

/**
 * Property tests for Go's grammars as the doctor ports them: random and mutated values never
 * throw, answer quickly, and keep the invariants every caller relies on (spans that slice
 * back to the text, keywords, round trips). Seeds are fixed so a failure reproduces; fast-check
 * prints the seed and the shrunk counterexample.
 */

const SEED = 0x8a7d;
const RUNS = 400;
/** One call on a value of a few hundred characters must never take this long. */
const SLOW_MS = 250;

/** Runs `f`, failing when it throws or takes longer than SLOW_MS. */
function bounded<T>(what: string, input: unknown, f: () => T): T {
  const t0 = performance.now();
  let out: T;
  try {
    out = f();
  } catch (e) {
    throw new Error(`${what} threw on ${JSON.stringify(input)}: ${(e as Error).stack ?? e}`);
  }
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms on ${JSON.stringify(input).slice(0, 200)}`);
  return out;
}

function check<Ts extends [unknown, ...unknown[]]>(...args: [...{ [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, (...t: Ts) => void]): void {
  fc.assert((fc.property as (...a: unknown[]) => fc.IPropertyWithHooks<Ts>)(...args), { seed: SEED, numRuns: RUNS });
}

/** Strings made mostly of the characters and words Go's grammars care about. */
function biased(words: string[], chars = ',| \t%[]"\'\\:/@#?*.!-=\n\r\u00a0\u2028\u0000é'): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...words) },
    { weight: 3, arbitrary: fc.constantFrom(...chars.split('')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  );
  return fc.array(piece, { maxLength: 24 }).map((a) => a.join(''));
}

const GOPROXY_WORDS = ['direct', 'off', 'DIRECT', 'Off', 'https://', 'http://', 'file://', 'file:///tmp/x', 'proxy.golang.org', 'goproxy.cn', 'user:pw@', '[::1]', ':8080', '/path', 'socks5://', 'C:\\x', '%zz', '%41'];
const PATTERN_WORDS = ['example.com', 'corp.example', '*', '*.', '/', '[a-z]', '[^x]', '\\', '?', 'none', 'github.com/acme', 'Example.COM', '[', ']'];
const GOFLAGS_WORDS = ['-mod=mod', '-mod=vendor', '-modcacherw', '-insecure', '--', '-', '-tags=a,b', '-ldflags=', '-x', '-v=false', '-race', '-bogus', '=', '-json', '-trimpath', '-buildvcs=false'];
const GOSUMDB_WORDS = ['off', 'sum.golang.org', 'sum.golang.google.cn', '+', '033de0ae', 'Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', '01', ' ', 'https://sum.example', 'insecure', '=', 'gosum.io'];
const PROXY_WORDS = ['http://', 'https://', 'socks5://', 'proxy.corp', ':3128', 'user:pw@', '127.0.0.1', '[::1]', 'localhost', '.example.com', '*', '10.0.0.0/8', '::1/128', ',', ' '];

/** The location is a valid span of the text (as the editor and the edit code count lines). */
function withinText(src: SourceText, loc: Location): boolean {
  const a = src.index.offset(loc.startLine, loc.startColumn);
  const b = src.index.offset(loc.endLine, loc.endColumn);
  return a >= 0 && b >= a;
}

describe(`property: Go grammars never throw and keep their invariants (seed ${SEED})`, function () {
  this.timeout(60000);
  it('GOPROXY: spans slice back to the written element; keywords end the list; errors name their element', () => {
    check(biased(GOPROXY_WORDS), fc.constantFrom('', 'corp.example'), fc.constantFrom('linux' as const, 'windows' as const), (value, gonoproxy, platform) => {
      const p = bounded('parseGoproxy', value, () => parseGoproxy(value, gonoproxy, platform));
      for (const e of p.entries) {
        if (e.kind === 'noproxy') continue;
        assert.equal(value.slice(e.start, e.end), e.raw, 'entry span');
        assert.notEqual(e.raw, '', 'blank pieces are not entries');
        if (e.kind === 'url') assert.ok(e.url && e.url.length > 0, 'url entries carry a URL');
      }
      for (const i of p.ignored) assert.equal(value.slice(i.start, i.end), i.raw, 'ignored span');
      const kinds = p.entries.map((e) => e.kind);
      const stop = kinds.findIndex((k) => k === 'direct' || k === 'off');
      if (stop >= 0) assert.equal(stop, kinds.length - 1, 'nothing follows direct/off');
      if (p.errorEntry) assert.equal(value.slice(p.errorEntry.start, p.errorEntry.end), p.errorEntry.raw);
      if (!p.error) assert.ok(p.entries.some((e) => e.kind !== 'noproxy'), 'an accepted list has an entry');
      // The split covers every non-blank piece in order.
      const split = splitGoproxy(value);
      assert.deepEqual(split.map((s) => value.slice(s.start, s.end)), split.map((s) => s.raw));
    });
  });

  it('MatchPrefixPatterns: a literal pattern matches its path and every sub-path; order does not change the answer', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,8}$/);
    const modpath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((a) => a.join('/'));
    check(biased(PATTERN_WORDS), modpath, segment, (globs, target, sub) => {
      const m = bounded('matchPrefixPatterns', [globs, target], () => matchPrefixPatterns(globs, target));
      assert.equal(matchingPattern(globs, target) >= 0, m);
      assert.equal(splitPatterns(globs).map((g) => g.glob).join(','), globs, 'globs split on commas only');
      assert.equal(matchPrefixPatterns(target, target), true, 'a path matches itself');
      assert.equal(matchPrefixPatterns(target, `${target}/${sub}`), true, 'a pattern covers sub-paths');
      assert.equal(matchPrefixPatterns(`${globs},${target}`, target), true);
      const swapped = globs.split(',').reverse().join(',');
      assert.equal(matchPrefixPatterns(swapped, target), m, 'the answer does not depend on order');
      bounded('pathMatch', [globs, target], () => pathMatch(globs, target));
    });
  });

  it('GOFLAGS: word spans slice back; checking for any command never throws', () => {
    check(biased(GOFLAGS_WORDS), (value) => {
      const p = bounded('parseGoflags', value, () => parseGoflags(value));
      for (const w of p.words) assert.equal(value.slice(w.start, w.end), w.raw);
      if (p.errorWord) assert.ok(p.words.some((w) => w.start === p.errorWord!.start));
      bounded('goflagsErrorFor', value, () => goflagsErrorFor(value, 'mod download', 'linux'));
      bounded('goflagsErrorFor', value, () => goflagsErrorFor(value, 'get', 'windows'));
    });
  });

  it('GOSUMDB: off and the known names are accepted; anything else either parses to a name or gives go\'s error', () => {
    check(biased(GOSUMDB_WORDS), (value) => {
      const p = bounded('parseGosumdb', value, () => parseGosumdb(value));
      assert.ok(p.off || p.error !== undefined || (p.name !== undefined && p.name !== ''), JSON.stringify(p));
      if (p.error) assert.equal(typeof p.error, 'string');
    });
    assert.equal(parseGosumdb('off').off, true);
    for (const name of Object.keys(KNOWN_GOSUMDB)) assert.equal(parseGosumdb(name).error, undefined, name);
  });

  it('GO111MODULE and GOTOOLCHAIN: every value gets a mode or an error', () => {
    check(biased(['on', 'off', 'auto', 'local', 'go1.22.0', 'path', '+auto', 'go1.21rc1', 'go1.2x', 'ON']), (value) => {
      const m = bounded('parseGo111module', value, () => parseGo111module(value));
      assert.ok((m.mode !== undefined) !== (m.error !== undefined));
      const t = bounded('parseGotoolchain', value, () => parseGotoolchain(value));
      assert.ok(t.mode !== undefined || t.error !== undefined, JSON.stringify(t));
    });
  });

  it('module paths: escaping round-trips every valid path and version', () => {
    check(biased(['example.com', 'github.com/Acme/Repo', '/v2', 'v1.2.3', '!', '~', '..', 'gopkg.in/x.v1', '-', '+incompatible']), fc.constantFrom('v1.0.0', 'v0.0.0-20230101000000-abcdefabcdef', 'v2.0.0+incompatible', 'v1.0.0-RC1'), (p, v) => {
      const err = bounded('checkPath', p, () => checkPath(p));
      bounded('checkModule', [p, v], () => checkModule(p, v));
      if (err === null) {
        const e = escapePath(p);
        assert.equal(e, e.toLowerCase(), 'escaped paths are lower case');
        assert.equal(unescapePath(e), p);
      }
      assert.equal(unescapeVersion(escapeVersion(v)), v);
    });
  });

  it('HTTP(S)_PROXY / NO_PROXY: never throws; loopback is never proxied; NO_PROXY=* excludes everything', () => {
    const host = fc.constantFrom('proxy.golang.org', 'corp.example', 'sub.corp.example', '10.1.2.3', '[2001:db8::1]', 'xn--caf-dma.example', 'a');
    check(biased(PROXY_WORDS), biased(PROXY_WORDS), host, fc.constantFrom('http', 'https'), (proxy, noProxy, h, scheme) => {
      bounded('parseNoProxy', noProxy, () => parseNoProxy(noProxy));
      bounded('parseProxyValue', proxy, () => parseProxyValue(proxy));
      bounded('parseProxyValue go1.19', proxy, () => parseProxyValue(proxy, 'go1.19'));
      const env = { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: noProxy };
      bounded('proxyConfigFromEnv', env, () => proxyConfigFromEnv(env));
      const target = new URL(`${scheme}://${h}/mod/@v/list`);
      const choice = bounded('proxyForURL', [env, target.href], () => proxyForURL(target, env));
      assert.equal(typeof choice.reason, 'string');
      for (const lo of ['http://127.0.0.1:8080/x', 'https://localhost/x', 'http://[::1]:3000/x']) {
        assert.equal(proxyForURL(new URL(lo), env).proxy, null, `${lo} is never proxied`);
      }
      assert.equal(proxyForURL(target, { ...env, NO_PROXY: '*' }).proxy, null, 'NO_PROXY=* excludes every host');
    });
  });

  it('go.mod / go.work / go.sum: random and mutated files never throw; every error location lies in the file', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'sources', 'go-mod');
    const corpus = fs.readdirSync(dir).filter((f) => !f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const text = fc.oneof(
      biased(['module ', 'require ', 'replace ', ' => ', '(', ')', '"', '`', '//', '/*', 'v1.0.0', 'go 1.21', 'toolchain go1.22.0', ' h1:', '/go.mod', '\n'], '\n\r\t "`()/=>\\'),
      mutatedText(corpus),
    );
    check(text, (t) => {
      for (const [name, parse] of [['go.mod', parseGoMod], ['go.work', parseGoWork], ['go.sum', parseGoSum]] as const) {
        const src = new SourceText(`/w/${name}`, t);
        const r = bounded(`parse ${name}`, t, () => parse(src));
        for (const e of r.errors) assert.ok(withinText(src, e.location), `${name} error location ${JSON.stringify(e.location)} outside the text`);
        if ('requires' in r) for (const q of r.requires) assert.ok(withinText(src, q.location), `${name} require location ${JSON.stringify(q.location)}`);
        if ('lines' in r) for (const l of r.lines) assert.ok(withinText(src, l.location), `${name} line location ${JSON.stringify(l.location)}`);
      }
    });
  });
});
