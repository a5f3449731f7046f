import * as assert from 'node:assert/strict';
import { checkFilePath, checkImportPath, checkModule, checkPath, checkPathMajor, escapePath, escapeVersion, splitPathVersion, unescapePath, unescapeVersion } from '../../src/core/parse/module-path';

// golang/mod module/module_test.go checkTests.
const checkTests: Array<[string, string, boolean]> = [
  ['rsc.io/quote', '0.1.0', false], ['rsc io/quote', 'v1.0.0', false],
  ['github.com/go-yaml/yaml', 'v0.8.0', true], ['github.com/go-yaml/yaml', 'v1.0.0', true],
  ['github.com/go-yaml/yaml', 'v2.0.0', false], ['github.com/go-yaml/yaml', 'v2.1.5', false], ['github.com/go-yaml/yaml', 'v3.0.0', false],
  ['github.com/go-yaml/yaml/v2', 'v1.0.0', false], ['github.com/go-yaml/yaml/v2', 'v2.0.0', true],
  ['github.com/go-yaml/yaml/v2', 'v2.1.5', true], ['github.com/go-yaml/yaml/v2', 'v3.0.0', false],
  ['gopkg.in/yaml.v0', 'v0.8.0', true], ['gopkg.in/yaml.v0', 'v1.0.0', false], ['gopkg.in/yaml.v0', 'v2.0.0', false],
  ['gopkg.in/yaml.v0', 'v2.1.5', false], ['gopkg.in/yaml.v0', 'v3.0.0', false],
  ['gopkg.in/yaml.v1', 'v0.8.0', false], ['gopkg.in/yaml.v1', 'v1.0.0', true], ['gopkg.in/yaml.v1', 'v2.0.0', false],
  ['gopkg.in/yaml.v1', 'v2.1.5', false], ['gopkg.in/yaml.v1', 'v3.0.0', false],
  ['gopkg.in/check.v1', 'v0.0.0', false], ['gopkg.in/check.v1', 'v0.0.0-20160102150405-abcdef123456', true],
  ['gopkg.in/yaml.v2', 'v1.0.0', false], ['gopkg.in/yaml.v2', 'v2.0.0', true], ['gopkg.in/yaml.v2', 'v2.1.5', true], ['gopkg.in/yaml.v2', 'v3.0.0', false],
  ['rsc.io/quote', 'v17.0.0', false], ['rsc.io/quote', 'v17.0.0+incompatible', true],
];

// golang/mod module/module_test.go checkPathTests: path, ok, importOK, fileOK. Some rows follow the
// x/mod vendored in go@1.19.8 (v0.6.0-dev.0.20220419223038): it allows a leading dot in import paths, a leading dash in file paths
// and no '+' in module paths; later x/mod changed both.
const checkPathTests: Array<[string, boolean, boolean, boolean]> = [
  ['x.y/z', true, true, true], ['x.y', true, true, true],
  ['', false, false, false], ['x.y/\xFFz', false, false, false], ['/x.y/z', false, false, false], ['x./z', false, false, false],
  ['.x/z', false, true, true], ['-x/z', false, false, true], ['x..y/z', true, true, true], ['x.y/z/../../w', false, false, false],
  ['x.y//z', false, false, false], ['x.y/z//w', false, false, false], ['x.y/z/', false, false, false],
  ['x.y/z/v0', false, true, true], ['x.y/z/v1', false, true, true], ['x.y/z/v2', true, true, true], ['x.y/z/v2.0', false, true, true],
  ['X.y/z', false, true, true], ['!x.y/z', false, false, true], ['_x.y/z', false, true, true], ['x.y!/z', false, false, true],
  ['x.y"/z', false, false, false], ['x.y#/z', false, false, true], ['x.y$/z', false, false, true], ['x.y%/z', false, false, true],
  ['x.y&/z', false, false, true], ["x.y'/z", false, false, false], ['x.y(/z', false, false, true], ['x.y)/z', false, false, true],
  ['x.y*/z', false, false, false], ['x.y+/z', false, true, true], ['x.y,/z', false, false, true], ['x.y-/z', true, true, true],
  ['x.y./zt', false, false, false], ['x.y:/z', false, false, false], ['x.y;/z', false, false, false], ['x.y</z', false, false, false],
  ['x.y=/z', false, false, true], ['x.y>/z', false, false, false], ['x.y?/z', false, false, false], ['x.y@/z', false, false, true],
  ['x.y[/z', false, false, true], ['x.y\\/z', false, false, false], ['x.y]/z', false, false, true], ['x.y^/z', false, false, true],
  ['x.y_/z', false, true, true], ['x.y`/z', false, false, false], ['x.y{/z', false, false, true], ['x.y}/z', false, false, true],
  ['x.y~/z', false, true, true], ['x.y/z!', false, false, true], ['x.y/z"', false, false, false], ['x.y/z#', false, false, true],
  ['x.y/z$', false, false, true], ['x.y/z%', false, false, true], ['x.y/z&', false, false, true], ["x.y/z'", false, false, false],
  ['x.y/z(', false, false, true], ['x.y/z)', false, false, true], ['x.y/z*', false, false, false], ['x.y/z+', false, true, true],
  ['x.y/z,', false, false, true], ['x.y/z-', true, true, true], ['x.y/z.t', true, true, true], ['x.y/z/t', true, true, true],
  ['x.y/z:', false, false, false], ['x.y/z;', false, false, false], ['x.y/z<', false, false, false], ['x.y/z=', false, false, true],
  ['x.y/z>', false, false, false], ['x.y/z?', false, false, false], ['x.y/z@', false, false, true], ['x.y/z[', false, false, true],
  ['x.y/z\\', false, false, false], ['x.y/z]', false, false, true], ['x.y/z^', false, false, true], ['x.y/z_', true, true, true],
  ['x.y/z`', false, false, false], ['x.y/z{', false, false, true], ['x.y/z}', false, false, true], ['x.y/z~', true, true, true],
  ['x.y/x.foo', true, true, true], ['x.y/aux.foo', false, false, false], ['x.y/prn', false, false, false], ['x.y/prn2', true, true, true],
  ['x.y/com', true, true, true], ['x.y/com1', false, false, false], ['x.y/com1.txt', false, false, false], ['x.y/calm1', true, true, true],
  ['github.com/!123/logrus', false, false, true], ['github.com/user/unicode/испытание', false, false, true],
  ['../x', false, false, false], ['./y', false, false, false], ['x:y', false, false, false], ['\\temp\\foo', false, false, false],
  ['.gitignore', false, true, true], ['.github/ISSUE_TEMPLATE', false, true, true], ['x☺y', false, false, false],
];

describe('parse: module paths (x/mod module.go)', () => {
  it('Check(path, version) matches module_test.go', () => {
    for (const [p, v, ok] of checkTests) assert.equal(checkModule(p, v) === null, ok, `${p} ${v}: ${checkModule(p, v)}`);
  });
  it('CheckPath / CheckImportPath / CheckFilePath match module_test.go', () => {
    for (const [p0, ok, importOK, fileOK] of checkPathTests) {
      if (p0.includes('\xFF')) continue; // invalid UTF-8 cannot be a JS string; covered below
      assert.equal(checkPath(p0) === null, ok, `CheckPath(${p0}): ${checkPath(p0)}`);
      assert.equal(checkImportPath(p0) === null, importOK, `CheckImportPath(${p0})`);
      assert.equal(checkFilePath(p0) === null, fileOK, `CheckFilePath(${p0})`);
      const [prefix, major] = splitPathVersion(p0);
      assert.equal(prefix + major, p0);
    }
  });
  it('EscapePath fails for every invalid path, with Go\'s message', () => {
    for (const [p, ok] of checkPathTests) if (!ok && !p.includes('\xFF')) assert.throws(() => escapePath(p), /^Error: malformed module path /);
    assert.throws(() => escapePath('example'), { message: 'malformed module path "example": missing dot in first path element' });
    assert.throws(() => escapePath('Example.com/x'), { message: 'malformed module path "Example.com/x": invalid char \'E\' in first path element' });
    assert.throws(() => escapePath('x.y/z/v1'), { message: 'malformed module path "x.y/z/v1": invalid version' });
  });
  it('EscapePath / UnescapePath encodings', () => {
    assert.equal(escapePath('ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789'), 'ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789');
    assert.equal(escapePath('github.com/GoogleCloudPlatform/omega'), 'github.com/!google!cloud!platform/omega');
    assert.equal(unescapePath('github.com/!google!cloud!platform/omega'), 'github.com/GoogleCloudPlatform/omega');
    assert.equal(escapePath('example.com/Upper'), 'example.com/!upper');
  });
  it('UnescapePath rejects bad encodings', () => {
    for (const bad of ['github.com/GoogleCloudPlatform/omega', 'github.com/!google!cloud!platform!/omega', 'github.com/!0google!cloud!platform/omega',
      'github.com/!_google!cloud!platform/omega', 'github.com/!!google!cloud!platform/omega', '']) assert.throws(() => unescapePath(bad), /invalid escaped module path/);
    for (const [p, ok] of checkPathTests) if (!ok && !p.includes('\xFF')) assert.throws(() => unescapePath(p));
  });
  it('EscapeVersion', () => {
    assert.equal(escapeVersion('v1.0.0-RC1'), 'v1.0.0-!r!c1');
    assert.equal(escapeVersion('v2.0.0+incompatible'), 'v2.0.0+incompatible');
    assert.throws(() => escapeVersion('v1.0.0!'), { message: 'version "v1.0.0!" invalid: disallowed version string' });
    assert.throws(() => escapeVersion('v1/0'), /disallowed version string/);
    assert.equal(unescapeVersion('v1.0.0-!r!c1'), 'v1.0.0-RC1');
  });
  it('MatchPathMajor (module_test.go)', () => {
    const rows: Array<[string, string, boolean]> = [
      ['v0.0.0', '', true], ['v0.0.0', '/v2', false], ['v0.0.0', '.v0', true], ['v0.0.0-20190510104115-cbcb75029529', '.v1', true],
      ['v1.0.0', '/v2', false], ['v1.0.0', '.v1', true], ['v1.0.0', '.v1-unstable', true], ['v2.0.0+incompatible', '', true],
      ['v2.0.0', '', false], ['v2.0.0', '/v2', true], ['v2.0.0', '.v2', true],
    ];
    for (const [v, pm, want] of rows) assert.equal(checkPathMajor(v, pm) === null, want, `${v} ${pm}`);
    assert.equal(checkModule('github.com/go-yaml/yaml', 'v2.0.0'), 'github.com/go-yaml/yaml@v2.0.0: invalid version: should be v0 or v1, not v2');
  });
});
