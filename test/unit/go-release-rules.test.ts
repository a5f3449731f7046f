/**
 * The environment rules follow the go release that will run: GOFLAGS tables and splitting,
 * net/url hosts, GO111MODULE=off inside a module, and GOPRIVATE patterns with a scheme.
 * Each row was checked against go1.19.8, go1.26.8 and go1.27.3 (test/go/accept-diff.test.ts
 * runs the same against the binaries).
 */
import * as assert from 'node:assert/strict';
import { judgeValue } from '../../src/core/checks/environment/judge-value';
import { configVerdict } from '../../src/core/checks/environment/config-verdict';
import { goflagsErrorFor, parseGoflags } from '../../src/core/parse/goflags';
import { GOFLAGS_GO119, GOFLAGS_GO126, GOFLAGS_GO127, goflagsTableFor } from '../../src/core/parse/goflags-table';
import { modulesOffError, MODULES_DISABLED } from '../../src/core/parse/go111module';
import { parseGoproxy } from '../../src/core/parse/goproxy-list';
import { parseGosumdb } from '../../src/core/parse/gosumdb';

const OLD = 'go1.19.8';
const NEW = 'go1.26.8';

describe('go release rules: GOFLAGS', () => {
  it('picks the table of the release, the nearest older one between, the newest when unknown', () => {
    assert.equal(goflagsTableFor('go1.19.8'), GOFLAGS_GO119);
    assert.equal(goflagsTableFor('go version go1.26.8 linux/amd64'), GOFLAGS_GO126);
    assert.equal(goflagsTableFor('go1.27.3'), GOFLAGS_GO127);
    assert.equal(goflagsTableFor('go1.22.5'), GOFLAGS_GO119);
    assert.equal(goflagsTableFor('go1.28.0'), GOFLAGS_GO127);
    assert.equal(goflagsTableFor(null), GOFLAGS_GO127);
  });

  it('each table knows the -test.* names of go test, none knows a typo', () => {
    for (const t of [GOFLAGS_GO119, GOFLAGS_GO126, GOFLAGS_GO127]) {
      for (const n of ['test.benchtime', 'test.v', 'test.count', 'modcacherw']) assert.ok(t.known.includes(n), `${t.go} ${n}`);
      assert.ok(!t.known.includes('test.bogus') && !t.known.includes('modcachrw'), t.go);
    }
    assert.ok(!GOFLAGS_GO119.known.includes('C') && GOFLAGS_GO126.known.includes('C'));
  });

  for (const go of [OLD, NEW, 'go1.27.3']) {
    it(`--test.benchtime=1s is accepted by ${go} (issue 14)`, () => {
      assert.equal(parseGoflags('--test.benchtime=1s -test.v', go).error, undefined);
      assert.equal(goflagsErrorFor('--test.benchtime=1s', 'test', 'linux', go), null);
      assert.equal(goflagsErrorFor('--test.benchtime=1s', 'mod download', 'linux', go), null);
      assert.deepEqual(judgeValue('GOFLAGS', '--test.benchtime=1s', {}, 'linux', { goVersion: go }), []);
      assert.equal(goflagsErrorFor('-test.count', 'test', 'linux', go)?.error, 'go: flag needs an argument: -test.count (from $GOFLAGS)');
    });
  }

  it('go1.19 has no quoting; go1.26 takes a quoted word', () => {
    assert.equal(parseGoflags("'-ldflags=-s -w'", OLD).error, 'go: parsing $GOFLAGS: non-flag "\'-ldflags=-s"');
    const p = parseGoflags("'-ldflags=-s -w' -x", NEW);
    assert.equal(p.error, undefined);
    assert.deepEqual(p.words.map((w) => [w.name, w.value, w.start, w.end]), [['ldflags', '-s -w', 0, 16], ['x', undefined, 17, 19]]);
    assert.equal(parseGoflags("-x '-json", NEW).error, "go: parsing $GOFLAGS: unterminated ' string");
    // A quote inside a word is kept: the word still ends at the space.
    assert.equal(parseGoflags("-ldflags='-s -w'", NEW).error, "go: parsing $GOFLAGS: unknown flag -w'");
  });

  it('splits at Unicode spaces in go1.19, at four ASCII ones in go1.26', () => {
    assert.equal(parseGoflags('-json\v-x', OLD).error, undefined);
    assert.equal(parseGoflags('-json\v-x', NEW).error, 'go: parsing $GOFLAGS: unknown flag -json\v-x');
  });

  it('go env and go bug still check their own flags (SetFromGOFLAGS)', () => {
    assert.equal(goflagsErrorFor('-json=maybe', 'env', 'linux', OLD)?.error, 'go: invalid boolean value "maybe" for flag -json (from $GOFLAGS): parse error');
    assert.equal(goflagsErrorFor('nonflag -bogus', 'env', 'linux', NEW), null);
    assert.equal(goflagsErrorFor("'-json=maybe", 'env', 'linux', NEW), null);
  });

  it("quotes each release's words for a bad -v of go test", () => {
    assert.equal(goflagsErrorFor('-v=maybe', 'test', 'linux', OLD)?.error, 'go: invalid boolean value "maybe" for flag -v (from $GOFLAGS): parse error');
    assert.equal(goflagsErrorFor('-v=maybe', 'test', 'linux', NEW)?.error, 'go: invalid boolean value "maybe" for flag -v (from $GOFLAGS): invalid flag -test.v=maybe');
    assert.equal(goflagsErrorFor('-v=test2json', 'test', 'linux', NEW), null);
    assert.equal(goflagsErrorFor('-d=false', 'get', 'linux', OLD)?.error, 'go: -d flag may not be disabled');
    assert.equal(goflagsErrorFor('-d=false', 'get', 'linux', NEW)?.error, 'go: -d flag may not be set to false');
  });

  it('the GPD132 finding follows the version', () => {
    assert.equal(judgeValue('GOFLAGS', '-C=dir', {}, 'linux', { goVersion: OLD })[0]?.message.includes('unknown flag -C'), true);
    assert.deepEqual(judgeValue('GOFLAGS', '-C=dir', {}, 'linux', { goVersion: NEW }), []);
  });
});

describe('go release rules: GO111MODULE=off', () => {
  it('is an error inside a module, with the words of the release', () => {
    const [old] = judgeValue('GO111MODULE', 'off', {}, 'linux', { goVersion: OLD, inModule: true });
    assert.equal(old.severity, 'error');
    assert.ok(old.message.includes(MODULES_DISABLED));
    assert.ok(old.message.includes("go: can only use path@version syntax with 'go get' and 'go install' in module-aware mode"));
    const [now] = judgeValue('GO111MODULE', 'off', {}, 'linux', { goVersion: NEW, inModule: true });
    assert.equal(now.severity, 'error');
    assert.ok(!now.message.includes('path@version'));
    assert.equal(judgeValue('GO111MODULE', 'off', {}, 'linux', { goVersion: NEW })[0].severity, 'warning');
  });

  it("go get's refusal changed with Go 1.22", () => {
    assert.equal(modulesOffError('get', OLD), "go: can only use path@version syntax with 'go get' and 'go install' in module-aware mode");
    assert.equal(modulesOffError('get', NEW), MODULES_DISABLED);
    assert.equal(modulesOffError('build', NEW), null);
    assert.equal(configVerdict({ GO111MODULE: 'off' }, 'example.com/m', 'linux', 'get', NEW).error, MODULES_DISABLED);
  });
});

describe('go release rules: GOPRIVATE with a scheme', () => {
  const value = 'https://git.corp.example.com,github.com/acme';
  it('is an error when go.mod requires a module the pattern was meant for', () => {
    const [j] = judgeValue('GOPRIVATE', value, {}, 'linux', { requiredModules: ['git.corp.example.com/team/lib', 'github.com/pkg/errors'] });
    assert.equal(j.id, 'GPD121');
    assert.equal(j.severity, 'error');
    assert.ok(j.message.includes('git.corp.example.com/team/lib'));
    assert.deepEqual(j.span, { start: 0, end: 28 });
  });
  it('stays a warning otherwise', () => {
    assert.equal(judgeValue('GOPRIVATE', value, {}, 'linux', { requiredModules: ['github.com/pkg/errors'] })[0].severity, 'warning');
    assert.equal(judgeValue('GOPRIVATE', value, {}, 'linux')[0].severity, 'warning');
    // Another pattern covers the module: go treats it as private anyway.
    assert.equal(judgeValue('GOPRIVATE', 'https://git.corp.example.com,git.corp.example.com', {}, 'linux', { requiredModules: ['git.corp.example.com/x'] })[0].severity, 'warning');
    assert.equal(judgeValue('GONOSUMDB', 'https://git.corp.example.com', { GOPRIVATE: 'x' }, 'linux', { requiredModules: ['git.corp.example.com/x'] })[0].severity, 'warning');
  });
});

describe('go release rules: net/url hosts', () => {
  it('go1.26 checks bracketed hosts and http(s) colons; go1.19 does not', () => {
    assert.equal(parseGoproxy('https://x[::1]', '', 'linux', OLD).error, 'parse "https://x[::1]": invalid port ":1]" after host');
    assert.equal(parseGoproxy('https://x[::1]', '', 'linux', NEW).error, 'parse "https://x[::1]": invalid IP-literal');
    assert.equal(parseGoproxy('https://[1.2.3.4]', '', 'linux', NEW).error, 'parse "https://[1.2.3.4]": invalid IP-literal');
    assert.equal(parseGoproxy('https://[1.2.3.4]', '', 'linux', OLD).error, undefined);
    assert.equal(parseGoproxy('https://[x]', '', 'linux', NEW).error, 'parse "https://[x]": invalid host: ParseAddr("x"): unable to parse IP');
    assert.equal(parseGoproxy('https://[fe80::1%25en0]:8080', '', 'linux', NEW).error, undefined);
    assert.equal(parseGoproxy('proxy.example%zz::', '', 'linux', NEW).error, 'parse "https://proxy.example%zz::": invalid port "::" after host');
    assert.equal(parseGoproxy('proxy.example%zz::', '', 'linux', OLD).error, 'parse "https://proxy.example%zz::": invalid URL escape "%zz"');
    assert.equal(parseGoproxy('noproxy:.proxy.example:8080', '', 'linux', OLD).error, undefined);
    assert.equal(parseGoproxy('noproxy:.proxy.example:8080', '', 'linux', NEW).error, 'parse "https://noproxy:.proxy.example:8080": invalid port ":.proxy.example:8080" after host');
    // Unknown version: the newest rules.
    assert.equal(parseGoproxy('https://x[::1]', '', 'linux').error, 'parse "https://x[::1]": invalid IP-literal');
  });
  it('GOSUMDB URLs follow the same rules', () => {
    const key = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
    assert.equal(parseGosumdb(`${key} https://a:b:1`, OLD).error, undefined);
    assert.equal(parseGosumdb(`${key} https://a:b:1`, NEW).error, 'invalid GOSUMDB URL: parse "https://a:b:1": invalid port ":b:1" after host');
  });
});

describe('go release rules: GOFLAGS quoting fix', () => {
  it('moves the quote to the start of the word for go1.26, where quoting exists', () => {
    const [j] = judgeValue('GOFLAGS', "-mod=mod -ldflags='-s -w'", {}, 'linux', { goVersion: 'go1.26.8' });
    assert.equal(j.severity, 'error');
    assert.equal(j.fixes[0]?.value, "-mod=mod '-ldflags=-s -w'");
    const [old] = judgeValue('GOFLAGS', "-mod=mod -ldflags='-s -w'", {}, 'linux', { goVersion: 'go1.19.8' });
    assert.equal(old.fixes.length, 0);
  });
});
