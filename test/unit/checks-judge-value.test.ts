import * as assert from 'node:assert/strict';
import { judgeValue } from '../../src/core/checks/environment/judge-value';
import { configVerdict } from '../../src/core/checks/environment/config-verdict';

type Row = { variable: string; value: string; env?: Record<string, string>; want: Array<[string, 'error' | 'warning' | 'info']>; fix?: string; spanText?: string; says?: string };

const rows: Row[] = [
  // GOPROXY
  { variable: 'GOPROXY', value: 'https://proxy.golang.org , direct', want: [['GPD104', 'info']] },
  { variable: 'GOPROXY', value: 'https://proxy.golang.org,Direct', want: [['GPD101', 'error'], ['GPD104', 'info']].slice(0, 1) as Row['want'], fix: 'https://proxy.golang.org,direct', spanText: 'Direct', says: 'invalid proxy URL missing scheme: Direct' },
  { variable: 'GOPROXY', value: 'OFF', want: [['GPD101', 'error']], fix: 'off' },
  { variable: 'GOPROXY', value: ',', want: [['GPD101', 'error']], fix: 'https://proxy.golang.org,direct', says: 'GOPROXY list is not the empty string, but contains no entries' },
  { variable: 'GOPROXY', value: 'https://goproxy.cn https://proxy.golang.org direct', want: [['GPD101', 'error']], fix: 'https://goproxy.cn,https://proxy.golang.org,direct', says: 'invalid character " " in host name' },
  { variable: 'GOPROXY', value: '"https://goproxy.cn,direct"', want: [['GPD101', 'error']], says: 'first path segment in URL cannot contain colon' },
  { variable: 'GOPROXY', value: 'https://proxy.golang.org;direct', want: [['GPD101', 'error']], fix: 'https://proxy.golang.org,direct', says: 'lookup proxy.golang.org;direct' },
  { variable: 'GOPROXY', value: 'https://goproxy.cn,direct/', want: [['GPD101', 'error'], ['GPD104', 'info']], fix: 'https://goproxy.cn,direct', spanText: 'direct/' },
  { variable: 'GOPROXY', value: 'https://', want: [['GPD101', 'error']], says: 'http: no Host in request URL' },
  { variable: 'GOPROXY', value: '/srv/goproxy', want: [['GPD101', 'error']], fix: 'file:///srv/goproxy' },
  { variable: 'GOPROXY', value: 'ftp://mirror.example', want: [['GPD101', 'error']], says: 'invalid proxy URL scheme (must be https, http, file): ftp://mirror.example' },
  { variable: 'GOPROXY', value: 'goproxy.cn', want: [['GPD101', 'info']] },
  { variable: 'GOPROXY', value: 'https://proxy.golang.org,direct,https://goproxy.io', want: [['GPD102', 'warning'], ['GPD104', 'info']], fix: 'https://proxy.golang.org,direct', spanText: 'https://goproxy.io' },
  { variable: 'GOPROXY', value: 'https://a.example,https://a.example/,direct', want: [['GPD102', 'warning'], ['GPD104', 'info']], fix: 'https://a.example,direct' },
  { variable: 'GOPROXY', value: 'off', want: [['GPD103', 'warning']], says: 'module lookup disabled by GOPROXY=off' },
  { variable: 'GOPROXY', value: 'https://p.example,off', want: [['GPD103', 'info'], ['GPD104', 'info']] },
  { variable: 'GOPROXY', value: 'https://goproxy.corp.example|https://proxy.golang.org,direct', want: [['GPD104', 'info'], ['GPD104', 'warning']], fix: 'https://goproxy.corp.example,https://proxy.golang.org,direct' },
  { variable: 'GOPROXY', value: 'http://user:pass@squid.corp.example:3128', want: [['GPD105', 'warning'], ['GPD106', 'error']], fix: 'https://proxy.golang.org,direct' },
  { variable: 'GOPROXY', value: 'http://squid.corp.example:3128', env: { HTTPS_PROXY: 'http://squid.corp.example:3128' }, want: [['GPD105', 'warning'], ['GPD106', 'warning']] },
  { variable: 'GOPROXY', value: 'http://athens.corp.example:8080', want: [['GPD106', 'warning']] },
  { variable: 'GOPROXY', value: 'https://proxy.corp.example:8080', want: [['GPD105', 'warning']] },
  { variable: 'GOPROXY', value: 'https://artifactory.corp.example/api/go/go-remote', want: [] },
  { variable: 'GOPROXY', value: 'http://goproxy.corp.example,direct', want: [['GPD104', 'info'], ['GPD106', 'warning']] },
  { variable: 'GOPROXY', value: 'http://127.0.0.1:3000', want: [] },
  { variable: 'GOPROXY', value: 'https://bob:tok@goproxy.corp.example', want: [['GPD106', 'warning']] },
  { variable: 'GOPROXY', value: 'http://bob:tok@goproxy.corp.example', want: [['GPD106', 'error']], says: 'refusing to pass credentials to insecure URL: http://bob:xxxxx@goproxy.corp.example/' },
  { variable: 'GOPROXY', value: '', want: [] },
  // GOSUMDB
  { variable: 'GOSUMDB', value: 'sum.golang.org', want: [] },
  { variable: 'GOSUMDB', value: 'sum.golang.google.cn', want: [] },
  { variable: 'GOSUMDB', value: 'sum.golang.org+insecure', want: [['GPD111', 'error']], fix: 'sum.golang.org', says: 'invalid GOSUMDB: malformed verifier id' },
  { variable: 'GOSUMDB', value: 'on', want: [['GPD111', 'error']], fix: 'sum.golang.org' },
  { variable: 'GOSUMDB', value: 'sum.goproxy.cn', want: [['GPD111', 'error']], fix: 'sum.golang.org' },
  { variable: 'GOSUMDB', value: 'a b c', want: [['GPD111', 'error']], says: 'invalid GOSUMDB: too many fields' },
  { variable: 'GOSUMDB', value: 'off', want: [['GPD112', 'warning']] },
  // Patterns
  { variable: 'GOPRIVATE', value: 'git.corp.example,github.com/acme', want: [] },
  { variable: 'GOPRIVATE', value: 'git.corp.example, github.com/acme', want: [['GPD121', 'warning']], fix: 'git.corp.example,github.com/acme', spanText: ' github.com/acme' },
  { variable: 'GOPRIVATE', value: 'https://github.com/acme', want: [['GPD121', 'warning']], fix: 'github.com/acme' },
  { variable: 'GOPRIVATE', value: '"git.corp.example"', want: [['GPD121', 'warning']], fix: 'git.corp.example' },
  { variable: 'GOPRIVATE', value: 'Git.Corp.example/Team', want: [['GPD121', 'warning']], fix: 'git.corp.example/Team' },
  { variable: 'GOPRIVATE', value: 'corp.example/[', want: [['GPD121', 'warning']] },
  { variable: 'GOPRIVATE', value: '*', want: [['GPD121', 'warning']] },
  { variable: 'GONOSUMDB', value: '*', want: [['GPD121', 'warning'], ['GPD123', 'warning']] },
  { variable: 'GONOPROXY', value: '*', want: [['GPD123', 'warning'], ['GPD123', 'warning']] },
  { variable: 'GONOPROXY', value: 'none', env: { GOPRIVATE: 'git.corp.example' }, want: [['GPD123', 'warning']] },
  { variable: 'GONOPROXY', value: 'none', env: { GOPRIVATE: 'git.corp.example', GOPROXY: 'https://goproxy.corp.example' }, want: [['GPD123', 'info']] },
  { variable: 'GONOPROXY', value: 'git.corp.example', want: [['GPD123', 'warning']], fix: 'git.corp.example' },
  { variable: 'GONOSUMDB', value: 'git.corp.example', want: [['GPD123', 'warning']] },
  { variable: 'GONOSUMDB', value: 'git.corp.example', env: { GOPRIVATE: 'git.corp.example' }, want: [] },
  { variable: 'GOINSECURE', value: 'goproxy.corp.example', env: { GOPROXY: 'https://goproxy.corp.example,direct' }, want: [['GPD124', 'warning']] },
  { variable: 'GOINSECURE', value: 'git.corp.example', env: { GOPROXY: 'https://goproxy.corp.example' }, want: [['GPD124', 'info']] },
  { variable: 'GOINSECURE', value: 'git.corp.example', env: { GOPROXY: 'https://proxy.golang.org,direct' }, want: [] },
  // Settings
  { variable: 'GO111MODULE', value: 'yes', want: [['GPD131', 'error']], fix: 'on', says: 'go: unknown environment setting GO111MODULE=yes' },
  { variable: 'GO111MODULE', value: 'off', want: [['GPD131', 'warning']] },
  { variable: 'GO111MODULE', value: 'auto', want: [] },
  { variable: 'GOFLAGS', value: '-modcachrw', want: [['GPD132', 'error']], fix: '-modcacherw', says: 'go: parsing $GOFLAGS: unknown flag -modcachrw' },
  { variable: 'GOFLAGS', value: 'mod=mod', want: [['GPD132', 'error']], fix: '-mod=mod', says: 'go: parsing $GOFLAGS: non-flag "mod=mod"' },
  { variable: 'GOFLAGS', value: '-insecure', want: [['GPD132', 'error']], says: 'go: -insecure flag is no longer supported; use GOINSECURE instead' },
  { variable: 'GOFLAGS', value: '-mod=vendr', want: [['GPD132', 'error']], says: "-mod=vendr not supported" },
  { variable: 'GOFLAGS', value: '-modcacherw -mod=mod', want: [] },
  { variable: 'GOTOOLCHAIN', value: 'go 1.22', want: [['GPD133', 'error']], fix: 'go1.22.0', says: 'invalid GOTOOLCHAIN "go 1.22"' },
  { variable: 'GOTOOLCHAIN', value: 'go1.22', want: [['GPD133', 'error']], fix: 'go1.22.0' },
  { variable: 'GOTOOLCHAIN', value: 'go1.22.3', env: { GOPROXY: 'off' }, want: [['GPD133', 'warning']] },
  { variable: 'GOTOOLCHAIN', value: 'auto', env: { GOSUMDB: 'off' }, want: [['GPD133', 'warning']] },
  { variable: 'GOTOOLCHAIN', value: 'local', env: { GOPROXY: 'off' }, want: [] },
  // Look-alikes
  { variable: 'GO_PROXY', value: 'https://goproxy.io', want: [['GPD134', 'warning']], fix: 'https://goproxy.io' },
  { variable: 'GONOSUMCHECK', value: 'git.corp.example', want: [['GPD134', 'warning']] },
  { variable: 'goproxy', value: 'https://goproxy.io', want: [['GPD134', 'warning']] },
  { variable: 'HTTP_PROXY', value: 'http://squid:3128', want: [] },
];

describe('checks: judgeValue (every 1xx value rule)', () => {
  for (const r of rows) {
    it(`${r.variable}=${JSON.stringify(r.value)}${r.env ? ' with ' + JSON.stringify(r.env) : ''}`, () => {
      const js = judgeValue(r.variable, r.value, r.env ?? {}, 'linux');
      assert.deepEqual(js.map((j) => [j.id, j.severity]).sort(), [...r.want].sort(), JSON.stringify(js.map((j) => j.message), null, 1));
      if (r.fix !== undefined) {
        const preferred = js.flatMap((j) => j.fixes).find((f) => f.preferred);
        assert.equal(preferred?.value, r.fix, JSON.stringify(js.flatMap((j) => j.fixes)));
      }
      if (r.spanText !== undefined) {
        const j = js.find((x) => x.span);
        assert.ok(j?.span, 'no span');
        assert.equal(r.value.slice(j.span.start, j.span.end), r.spanText);
      }
      if (r.says) assert.ok(js.some((j) => j.message.includes(r.says!)), `no message says ${JSON.stringify(r.says)}: ${js.map((j) => j.message).join(' | ')}`);
      for (const j of js) for (const f of j.fixes) if (f.weakening) assert.equal(f.preferred, false);
    });
  }

  it('never prefers a weakening fix (GOSUMDB=OFF → off is offered, not preferred)', () => {
    const js = judgeValue('GOSUMDB', 'OFF', {}, 'linux');
    const f = js[0].fixes.find((x) => x.value === 'off');
    assert.ok(f?.weakening);
    assert.equal(f?.preferred, false);
  });

  it('Windows: lower-case names are the same variable, paths become file:/// URLs', () => {
    assert.deepEqual(judgeValue('goproxy', 'https://goproxy.io', {}, 'windows'), []);
    const js = judgeValue('GOPROXY', 'C:\\goproxy', {}, 'windows');
    assert.equal(js[0].fixes.find((f) => f.preferred)?.value, 'file:///C:/goproxy');
  });
});

describe('checks: configVerdict', () => {
  it('follows go\'s order: GOFLAGS, GO111MODULE, GOPROXY, GOSUMDB', () => {
    assert.equal(configVerdict({ GOFLAGS: '-x=1 y', GO111MODULE: 'yes', GOPROXY: 'Direct' }, 'example.com/m', 'linux').error, 'go: parsing $GOFLAGS: non-flag "y"');
    assert.equal(configVerdict({ GO111MODULE: 'yes', GOPROXY: 'Direct' }, 'example.com/m', 'linux').error, 'go: unknown environment setting GO111MODULE=yes');
    assert.equal(configVerdict({ GOPROXY: 'Direct', GOSUMDB: 'on' }, 'example.com/m', 'linux').error, 'invalid proxy URL missing scheme: Direct');
    assert.equal(configVerdict({ GOPROXY: 'https://p.example', GOSUMDB: 'on' }, 'example.com/m', 'linux').error, 'invalid GOSUMDB: malformed verifier id');
    assert.equal(configVerdict({ GOPROXY: 'https://p.example', GOSUMDB: 'on', GOPRIVATE: 'example.com', GONOPROXY: 'none' }, 'example.com/m', 'linux').accepted, true);
  });
  it('GONOPROXY paths go direct even with GOPROXY=off (repo.go:229-253)', () => {
    const v = configVerdict({ GOPROXY: 'off', GONOPROXY: 'example.com', GOSUMDB: 'off' }, 'example.com/m', 'linux');
    assert.equal(v.accepted, true);
    assert.deepEqual(v.route.map((s) => s.kind), ['direct']);
    assert.equal(configVerdict({ GOPROXY: 'off', GONOPROXY: 'other.org' }, 'example.com/m', 'linux').error, 'module lookup disabled by GOPROXY=off');
  });
});
