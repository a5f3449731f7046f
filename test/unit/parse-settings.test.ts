import * as assert from 'node:assert/strict';
import { goflagsErrorFor, parseGoflags } from '../../src/core/parse/goflags';
import { parseGo111module } from '../../src/core/parse/go111module';
import { isReleaseToolchainName, isValidGoVersion, parseGotoolchain, versionFromToolchain } from '../../src/core/parse/gotoolchain';
import { isValidSemver, semverCanonical, semverMajor } from '../../src/core/parse/semver';

describe('parse: GOFLAGS (base/goflags.go:28-136)', () => {
  // go@1.19.8 src/cmd/go/testdata/script/goflags.txt
  const rows: Array<[string, string | undefined]> = [
    ['-typoflag', 'go: parsing $GOFLAGS: unknown flag -typoflag'],
    ['-', 'go: parsing $GOFLAGS: non-flag "-"'],
    ['--', 'go: parsing $GOFLAGS: non-flag "--"'],
    ['---oops', 'go: parsing $GOFLAGS: non-flag "---oops"'],
    ['-=noname', 'go: parsing $GOFLAGS: non-flag "-=noname"'],
    ['--=noname', 'go: parsing $GOFLAGS: non-flag "--=noname"'],
    ['x', 'go: parsing $GOFLAGS: non-flag "x"'],
    ['-modcacherw  -mod=mod\t-v', undefined],
    ['--modcacherw', undefined],
    ["-ldflags='-s -w'", 'go: parsing $GOFLAGS: unknown flag -w\''],
  ];
  for (const [v, want] of rows) it(`${JSON.stringify(v)} → ${want ?? 'ok'}`, () => assert.equal(parseGoflags(v).error, want));

  it('per command: only the flags the command defines, with go\'s texts', () => {
    assert.equal(goflagsErrorFor('-f', 'list', 'linux')?.error, 'go: flag needs an argument: -f (from $GOFLAGS)');
    assert.equal(goflagsErrorFor('-f', 'list', 'windows')?.error, 'go: flag needs an argument: -f (from %GOFLAGS%)');
    assert.equal(goflagsErrorFor('-e=asdf', 'list', 'linux')?.error, 'go: invalid boolean value "asdf" for flag -e (from $GOFLAGS): parse error');
    assert.equal(goflagsErrorFor('-e=asdf', 'mod download', 'linux'), null);
    assert.equal(goflagsErrorFor('-insecure', 'get', 'linux')?.error, 'go: -insecure flag is no longer supported; use GOINSECURE instead');
    assert.equal(goflagsErrorFor('-insecure', 'mod download', 'linux'), null);
    assert.equal(goflagsErrorFor('-mod=bogus', 'build', 'linux')?.error, "-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')");
    assert.equal(goflagsErrorFor('-bogus', 'env', 'linux'), null);
    assert.equal(goflagsErrorFor('-buildvcs=auto', 'build', 'linux'), null);
  });
  it('keeps word offsets', () => {
    const v = '  -mod=mod   -x';
    const p = parseGoflags(v);
    assert.deepEqual(p.words.map((w) => [v.slice(w.start, w.end), w.name, w.value]), [['-mod=mod', 'mod', 'mod'], ['-x', 'x', undefined]]);
  });
});

describe('parse: GO111MODULE (modload/init.go:325-343)', () => {
  it('accepts on, off, auto and empty; rejects the rest with go\'s text', () => {
    assert.deepEqual(parseGo111module(''), { mode: 'on' });
    assert.deepEqual(parseGo111module('auto'), { mode: 'auto' });
    assert.equal(parseGo111module('off').modulesDisabled, "go: modules disabled by GO111MODULE=off; see 'go help modules'");
    assert.equal(parseGo111module('yes').error, 'go: unknown environment setting GO111MODULE=yes');
    assert.equal(parseGo111module('ON').error, 'go: unknown environment setting GO111MODULE=ON');
  });
});

describe('parse: GOTOOLCHAIN (toolchain/select.go, gover)', () => {
  it('gover.IsValid', () => {
    for (const v of ['1', '1.21', '1.21.3', '1.21rc1', '1.2beta1', '1.20']) assert.ok(isValidGoVersion(v), v);
    for (const v of ['', '1.', '01.2', '1.21.3rc1', '1.21-', 'go1.21', '1.21.x', 'v1.21']) assert.ok(!isValidGoVersion(v), v);
  });
  it('gover.FromToolchain', () => {
    assert.equal(versionFromToolchain('go1.2.3'), '1.2.3');
    assert.equal(versionFromToolchain('go1.2.3-bigcorp'), '1.2.3');
    assert.equal(versionFromToolchain('invalid'), '');
    assert.equal(versionFromToolchain('go 1.22'), '');
    assert.equal(versionFromToolchain('go1.22/x'), '');
  });
  it('release names: go1.21.0 and later need the patch number', () => {
    for (const v of ['1.22.0', '1.21rc1', '1.20', '1.19.8', '1.22beta1']) assert.ok(isReleaseToolchainName(v), v);
    for (const v of ['1.22', '1.21']) assert.ok(!isReleaseToolchainName(v), v);
  });
  it('values and go\'s errors', () => {
    assert.deepEqual(parseGotoolchain('local'), { mode: 'local' });
    assert.deepEqual(parseGotoolchain('auto'), { mode: 'auto' });
    assert.deepEqual(parseGotoolchain('path'), { mode: 'path' });
    assert.deepEqual(parseGotoolchain('local+auto'), { mode: 'auto' });
    assert.deepEqual(parseGotoolchain('go1.22.3'), { mode: 'pinned', toolchain: 'go1.22.3', version: '1.22.3' });
    assert.deepEqual(parseGotoolchain('go1.22.3+path'), { mode: 'path', toolchain: 'go1.22.3', version: '1.22.3' });
    assert.equal(parseGotoolchain('go 1.22').error, 'invalid GOTOOLCHAIN "go 1.22"');
    assert.equal(parseGotoolchain('1.22.3').error, 'invalid GOTOOLCHAIN "1.22.3"');
    assert.equal(parseGotoolchain('1.22+auto').error, 'invalid GOTOOLCHAIN "1.22+auto": invalid minimum toolchain "1.22"');
    assert.equal(parseGotoolchain('go1.22.3+latest').error, 'invalid GOTOOLCHAIN "go1.22.3+latest": only version suffixes are +auto and +path');
    assert.equal(parseGotoolchain('local+latest').error, 'invalid GOTOOLCHAIN "local+latest": only version suffixes are +auto and +path');
  });
});

describe('parse: semver (x/mod semver)', () => {
  it('validity, major, canonical', () => {
    for (const v of ['v1', 'v1.2', 'v1.2.3', 'v1.2.3-pre.1', 'v1.2.3+build', 'v2.0.0+incompatible']) assert.ok(isValidSemver(v), v);
    for (const v of ['1.2.3', 'v01.2.3', 'v1.2.3-', 'v1.2.3-01', 'v1.2.3+', 'v1.2.3.4']) assert.ok(!isValidSemver(v), v);
    assert.equal(semverMajor('v2.1.0'), 'v2');
    assert.equal(semverCanonical('v1.2'), 'v1.2.0');
    assert.equal(semverCanonical('v1.2.3+meta'), 'v1.2.3');
  });
});
