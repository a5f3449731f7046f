import * as assert from 'node:assert/strict';
import { compareGo, isLangVersion } from '../../src/core/toolchain/gover';
import { asksForLanguageVersion, notAvailableError, releasesFailingOnLanguageVersion, selectToolchain, type SelectInputs, type ToolchainFile } from '../../src/core/toolchain/select-toolchain';
import { predictDownload } from '../../src/core/toolchain/toolchain-download';
import { parseGoVersion } from '../../src/core/env/go-version';

const loc = (line: number, col: number, len: number) => ({ file: '/w/go.mod', startLine: line, startColumn: col, endLine: line, endColumn: col + len });

function file(go?: string, toolchain?: string): ToolchainFile {
  return {
    file: '/w/go.mod', shortPath: 'go.mod', kind: 'go.mod',
    ...(go ? { go: { version: go, location: loc(3, 4, go.length) } } : {}),
    ...(toolchain ? { toolchain: { name: toolchain, location: loc(5, 11, toolchain.length) } } : {}),
  };
}

function inputs(local: string, gotoolchain: string, f: ToolchainFile | null): SelectInputs {
  return { local: parseGoVersion(local)!, gotoolchain: { value: gotoolchain, origin: 'the OS environment' }, file: f, modulesEnabled: true, goos: 'linux', goarch: 'amd64' };
}

describe('toolchain: gover (cmd/go/internal/gover/gover_test.go compareTests)', () => {
  const rows: Array<[string, string, number]> = [
    ['', '', 0], ['x', 'x', 0], ['', 'x', 0], ['1', '1.1', -1], ['1.5', '1.6', -1], ['1.5', '1.10', -1], ['1.6', '1.6.1', -1],
    ['1.19', '1.19.0', 0], ['1.19rc1', '1.19', -1], ['1.20', '1.20.0', 0], ['1.20rc1', '1.20', -1], ['1.21', '1.21.0', -1],
    ['1.21', '1.21rc1', -1], ['1.21rc1', '1.21.0', -1], ['1.6', '1.19', -1], ['1.19', '1.19.1', -1], ['1.19rc1', '1.19.1', -1],
    ['1.19rc1', '1.19rc2', -1], ['1.19.0', '1.19.1', -1], ['1.19rc1', '1.19.0', -1], ['1.19alpha3', '1.19beta2', -1],
    ['1.19beta2', '1.19rc1', -1], ['1.1', '1.99999999999999998', -1], ['1.99999999999999998', '1.99999999999999999', -1],
  ];
  for (const [x, y, want] of rows) {
    it(`compare ${JSON.stringify(x)} ${JSON.stringify(y)}`, () => {
      assert.equal(compareGo(x, y), want);
      assert.equal(compareGo(y, x), -want || 0);
    });
  }
  it('isLang (isLangTests)', () => {
    for (const [x, want] of [['1.2rc3', false], ['1.2.3', false], ['1.999testmod', false], ['1.22', true], ['1.21', true], ['1.20', false], ['1.19', false], ['1.3', false], ['1.2', false], ['1', false]] as const) {
      assert.equal(isLangVersion(x), want, x);
    }
  });
});

describe('toolchain: select.go Select, as go1.26.8 does it', () => {
  it('local: no switch, and go.mod newer than the local go is go\'s TooNewError', () => {
    const s = selectToolchain(inputs('go1.26.8', 'local', file('1.99.0')));
    assert.deepEqual(s.verdict, { kind: 'local', tooNew: 'go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)', tooNewLocation: loc(3, 4, 6) });
  });
  it('auto: a go line newer than the local go switches to go1.N.0 for a language version', () => {
    const s = selectToolchain(inputs('go1.26.8', 'auto', file('1.99')));
    assert.equal(s.verdict.kind === 'switch' && s.verdict.target, 'go1.99.0');
  });
  it('the first go 1.21 and 1.22 releases ask for go1.N: as observed with GOPROXY=off and a 404 proxy', () => {
    // Observed: go1.21.0, go1.21.8, go1.22.0, go1.22.1 print these words for `go 1.23`; go1.21.13 and go1.22.6 ask for go1.23.0.
    for (const r of ['go1.21.0', 'go1.21.8', 'go1.22.0', 'go1.22.1']) {
      assert.equal(asksForLanguageVersion(parseGoVersion(r)!), true, r);
      const s = selectToolchain(inputs(r, 'auto', file('1.23')));
      assert.equal(s.verdict.kind === 'switch' && s.verdict.target, 'go1.23', r);
      assert.equal(notAvailableError('go1.23', 'linux', 'amd64', parseGoVersion(r)!), 'go: download go1.23 for linux/amd64: toolchain not available');
    }
    for (const r of ['go1.21.13', 'go1.22.6', 'go1.26.8', 'go1.27.3']) {
      assert.equal(asksForLanguageVersion(parseGoVersion(r)!), false, r);
      const s = selectToolchain(inputs(r, 'auto', file('1.99')));
      assert.equal(s.verdict.kind === 'switch' && s.verdict.target, 'go1.99.0', r);
    }
    assert.deepEqual(releasesFailingOnLanguageVersion('1.21'), []);
    assert.deepEqual(releasesFailingOnLanguageVersion('1.22'), ['go1.21.0-go1.21.12']);
    assert.deepEqual(releasesFailingOnLanguageVersion('1.23'), ['go1.21.0-go1.21.12', 'go1.22.0-go1.22.5']);
  });
  it('go 1.21 and 1.22 releases asked for go1.N (golang/go#65580)', () => {
    const s = selectToolchain(inputs('go1.21.4', 'auto', file('1.22')));
    assert.equal(s.verdict.kind === 'switch' && s.verdict.target, 'go1.22');
    assert.equal(notAvailableError('go1.22', 'linux', 'amd64', parseGoVersion('go1.21.4')!), 'go: download go1.22 for linux/amd64: toolchain not available');
    assert.equal(notAvailableError('go1.22', 'linux', 'amd64', parseGoVersion('go1.26.8')!), 'go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)');
  });
  it('a toolchain line newer than the minimum switches; the go line wins when newer still', () => {
    const t = selectToolchain(inputs('go1.26.8', 'auto', file('1.21', 'go1.99.1')));
    assert.deepEqual(t.verdict.kind === 'switch' && [t.verdict.target, t.verdict.cause, t.verdict.module], ['go1.99.1', 'toolchain line', 'golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64']);
    const g = selectToolchain(inputs('go1.26.8', 'auto', file('1.99.5', 'go1.99.1')));
    assert.deepEqual(g.verdict.kind === 'switch' && [g.verdict.target, g.verdict.cause], ['go1.99.5', 'go line']);
  });
  it('toolchain default keeps the minimum; the go line then gives TooNewError naming it', () => {
    const s = selectToolchain(inputs('go1.26.8', 'auto', file('1.99.0', 'default')));
    assert.equal(s.verdict.kind === 'local' && s.verdict.tooNew, 'go: go.mod requires go >= 1.99.0 (running go 1.26.8; go.mod sets toolchain default)');
  });
  it('pinned names, +auto, +path and the fatal forms', () => {
    assert.equal(selectToolchain(inputs('go1.26.8', 'go1.99.1', file('1.99.5'))).verdict.kind === 'switch', true);
    const pin = selectToolchain(inputs('go1.26.8', 'go1.99.1', file('1.99.5'))).verdict;
    assert.equal(pin.kind === 'switch' && pin.target, 'go1.99.1');
    const plusPath = selectToolchain(inputs('go1.26.8', 'go1.22.0+path', file('1.99.0'))).verdict;
    assert.deepEqual(plusPath.kind === 'switch' && [plusPath.target, plusPath.pathOnly], ['go1.99.0', true]);
    assert.deepEqual(selectToolchain(inputs('go1.26.8', 'go 1.22', null)).verdict, { kind: 'fatal', error: 'go: invalid GOTOOLCHAIN "go 1.22"', location: undefined });
    assert.equal((selectToolchain(inputs('go1.26.8', 'go1.22+latest', null)).verdict as { error: string }).error, 'go: invalid GOTOOLCHAIN "go1.22+latest": only version suffixes are +auto and +path');
    assert.equal((selectToolchain(inputs('go1.26.8', 'bad+auto', null)).verdict as { error: string }).error, 'go: invalid GOTOOLCHAIN "bad+auto": invalid minimum toolchain "bad"');
    assert.equal((selectToolchain(inputs('go1.26.8', 'auto', file('1.21', '1.99.1'))).verdict as { error: string }).error, 'go: invalid toolchain "1.99.1" in go.mod');
  });
  it('an empty GOTOOLCHAIN (go.env without the line) never switches', () => {
    assert.deepEqual(selectToolchain(inputs('go1.26.8', '', file('1.22'))).verdict, { kind: 'local' });
  });
  it('go1.19.8: no switching; the Go 1.21 go.mod syntax is refused', () => {
    const s = selectToolchain(inputs('go1.19.8', 'auto', file('1.22.0', 'go1.22.1')));
    assert.deepEqual(s.verdict.kind === 'unsupported' && s.verdict.fileErrors.map((e) => e.message), [
      "/w/go.mod:3: invalid go version '1.22.0': must match format 1.23",
      '/w/go.mod:5: unknown directive: toolchain',
    ]);
    assert.deepEqual(selectToolchain(inputs('go1.19.8', 'auto', file('1.99'))).verdict, { kind: 'unsupported', fileErrors: [] });
  });
});

describe('toolchain: the download route (modfetch repo.go lookup, sumdb.go useSumDB)', () => {
  const local = parseGoVersion('go1.26.8')!;
  const base = { goproxy: 'https://proxy.golang.org,direct', gonoproxy: '', gosumdb: 'sum.golang.org', gonosumdb: '', platform: 'linux' as const };
  const m = 'golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64';
  it('GOPROXY=off: toolchain not available', () => {
    const d = predictDownload('go1.99.0', m, { ...base, goproxy: 'off' }, local, 'linux', 'amd64');
    assert.equal(d.routeError, 'go: download go1.99.0 for linux/amd64: toolchain not available');
  });
  it('GOSUMDB=off fails after the download, except for a single file:// GOPROXY', () => {
    assert.equal(predictDownload('go1.99.0', m, { ...base, gosumdb: 'off' }, local, 'linux', 'amd64').sumdbError, `go: download go1.99.0: ${m}: verifying module: checksum database disabled by GOSUMDB=off`);
    assert.equal(predictDownload('go1.99.0', m, { ...base, gosumdb: 'off', goproxy: 'file:///srv/proxy' }, local, 'linux', 'amd64').sumdbError, undefined);
  });
  it('GOPRIVATE covering golang.org sends it direct; GONOSUMDB is ignored', () => {
    const d = predictDownload('go1.99.0', m, { ...base, gonoproxy: 'golang.org', gonosumdb: 'golang.org' }, local, 'linux', 'amd64');
    assert.deepEqual([d.route, d.noproxy, d.nosumdbIgnored, d.sumdbError], ['direct', true, true, undefined]);
  });
  it('a private proxy alone is unknown until asked', () => {
    const d = predictDownload('go1.99.0', m, { ...base, goproxy: 'https://athens.corp.example' }, local, 'linux', 'amd64');
    assert.deepEqual([d.route, d.unknownProxies, d.needsDirect], ['proxies', ['https://athens.corp.example'], false]);
  });
});
