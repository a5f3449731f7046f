import { DEFAULT_GO } from '../go/go-versions';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { Redactor } from '../../src/core/report/redact';
import { renderText } from '../../src/core/report/text';
import { renderReport, FORMATS } from '../../src/cli/formats';

// Plants a unique canary secret in every input the doctor reads, runs the real CLI in every
// output format, and greps everything it printed. Offline: nothing leaves the machine.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const GO_DIR = DEFAULT_GO.binDir;

function canary(tag: string): string {
  return `cnry${tag}${randomBytes(8).toString('hex')}`;
}

interface Planted { tmp: string; dir: string; env: Record<string, string>; canaries: Record<string, string> }

function plant(): Planted {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-canary-'));
  const home = path.join(tmp, 'home');
  const dir = path.join(tmp, 'project');
  fs.mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
  fs.mkdirSync(dir);
  const c = {
    goproxy: canary('goproxy'),
    httpsProxy: canary('httpsproxy'),
    httpProxy: canary('httpproxy'),
    gonosumdb: canary('gonosumdb'),
    netrc: canary('netrc'),
    gitlabUrl: canary('gitlaburl'),
    gitlabToken: `glpat-${canary('gltok')}`,
    goenvFile: canary('goenvfile'),
    ciMasked: canary('cimasked'),
    authHeader: canary('authheader'),
  };
  fs.writeFileSync(path.join(home, '.netrc'), `machine goproxy.corp.example\n  login gpuser\n  password ${c.netrc}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.config', 'go', 'env'), `GOPROXY=https://envfile:${c.goenvFile}@mirror.corp.example,direct\nGONOSUMDB=gitlab.corp.example\n`);
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module gitlab.corp.example/group/app\n\ngo 1.19\n\nrequire golang.org/x/text v0.3.7\n');
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), [
    'variables:',
    `  GOPROXY: "https://ci:${c.gitlabUrl}@goproxy.corp.example,direct"`,
    `  GOPRIVATE_TOKEN: ${c.gitlabToken}`,
    '',
    'build:',
    '  image: golang:1.19',
    '  variables:',
    `    GONOSUMDB: "https://tok:${c.gonosumdb}@gitlab.corp.example/group"`,
    '  script:',
    '    - go mod download',
    '',
  ].join('\n'));
  const env: Record<string, string> = {
    PATH: `${GO_DIR}:/usr/bin:/bin`,
    HOME: home,
    GOPATH: path.join(home, 'go'),
    GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
    GOCACHE: path.join(home, 'cache'),
    GOENV: path.join(home, '.config', 'go', 'env'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GOPROXY: `https://gpuser:${c.goproxy}@goproxy.corp.example/,direct`,
    GONOSUMDB: `https://tok:${c.gonosumdb}@gitlab.corp.example/group`,
    GOPRIVATE: 'gitlab.corp.example',
    HTTPS_PROXY: `http://proxyuser:${c.httpsProxy}@127.0.0.1:9`,
    http_proxy: `http://${c.httpProxy}@127.0.0.1:9`,
    NO_PROXY: 'localhost',
    CI_JOB_TOKEN: c.ciMasked,
    GOPROXY_HEADERS: `Authorization: Bearer ${c.authHeader}`,
  };
  return { tmp, dir, env, canaries: c };
}

/** Names of the canaries found in `text`. */
function leaks(text: string, canaries: Record<string, string>): string[] {
  return Object.entries(canaries).filter(([, v]) => text.includes(v)).map(([k]) => k);
}

describe('secrets: canaries planted in every input never reach any output', function () {
  this.timeout(180000);
  let p: Planted;

  before(() => {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    assert.equal(b.status, 0, `npm run build failed:\n${b.stderr}`);
    p = plant();
  });
  after(() => fs.rmSync(p.tmp, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: p.dir, env: p.env, encoding: 'utf8', timeout: 60000 });
    if (r.error) throw r.error;
    return r;
  };

  it('in every format of a diagnosis, on stdout, on stderr and in --output files', () => {
    const outFile = path.join(p.tmp, 'report.out');
    for (const format of FORMATS) {
      const r = run(['--offline', '--format', format]);
      assert.ok(r.status === 0 || r.status === 1, `${format}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      assert.ok(r.stdout.length > 0, `${format}: printed nothing`);
      assert.deepEqual(leaks(r.stdout, p.canaries), [], `${format} stdout leaks`);
      assert.deepEqual(leaks(r.stderr, p.canaries), [], `${format} stderr leaks`);
      const w = run(['--offline', '--format', format, '--output', outFile]);
      assert.deepEqual(leaks(fs.readFileSync(outFile, 'utf8') + w.stdout + w.stderr, p.canaries), [], `${format} --output leaks`);
    }
  });

  it('in explain, text and JSON', () => {
    for (const format of ['text', 'json']) {
      const r = run(['explain', '--format', format]);
      assert.equal(r.status, 0, `explain --format ${format}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      if (format === 'json') assert.ok(JSON.parse(r.stdout).environment.GOPROXY, 'explain json has the environment');
      assert.deepEqual(leaks(r.stdout + r.stderr, p.canaries), [], `explain ${format} leaks`);
    }
  });

  it('in scopes (text, JSON, --fix diff) and why (text, JSON)', () => {
    const goError = `go: golang.org/x/text@v0.3.7: Get "https://gpuser:${p.canaries.goproxy}@goproxy.corp.example/golang.org/x/text/@v/v0.3.7.info": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused`;
    for (const args of [
      ['scopes'], ['scopes', '--format', 'json'], ['scopes', '--fix'],
      ['why', '--offline', goError], ['why', '--offline', '--format', 'json', goError],
    ]) {
      const r = run(args);
      assert.ok(r.status === 0 || r.status === 1, `${args[0]} ${args.slice(1, -1).join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
      assert.ok(r.stdout.length > 0, `${args[0]} printed nothing`);
      assert.deepEqual(leaks(r.stdout + r.stderr, p.canaries), [], `${args.slice(0, 3).join(' ')} leaks`);
    }
  });

  it('the same grep catches the canaries when the redactor is bypassed (so the tests above can fail)', async () => {
    const original = Redactor.prototype.redact;
    Redactor.prototype.redact = (s: string) => s;
    let outputs: string;
    try {
      const report = await diagnose({ dir: p.dir, host: nodeHost({ env: p.env, cwd: p.dir }), options: { offline: true } });
      outputs = renderText(report, { color: false }) + FORMATS.filter((f) => f !== 'text').map((f) => renderReport(report, f)).join('\n');
    } finally {
      Redactor.prototype.redact = original;
    }
    const found = leaks(outputs, p.canaries);
    assert.ok(found.includes('goproxy'), `the GOPROXY canary reaches the outputs unredacted (found: ${found.join(', ') || 'none'})`);
    // And the real redactor removes what the bypass let through.
    const r = new Redactor();
    r.learnFromEnv(p.env);
    r.learnFromNetrc(fs.readFileSync(path.join(p.env.HOME, '.netrc'), 'utf8'));
    assert.deepEqual(leaks(r.redact(outputs), p.canaries), []);
  });

  it('the redactor masks each planted shape on its own', () => {
    const r = new Redactor();
    r.learnFromEnv(p.env);
    r.learnFromNetrc(fs.readFileSync(path.join(p.env.HOME, '.netrc'), 'utf8'));
    const fresh = new Redactor();
    const c = p.canaries;
    // Shapes masked with no learning at all: URL userinfo, known tokens, Authorization values.
    for (const text of [
      `Get "https://gpuser:${c.goproxy}@goproxy.corp.example/golang.org/x/text/@v/list": dial tcp`,
      `proxyconnect tcp: http://proxyuser:${c.httpsProxy}@127.0.0.1:9`,
      `token ${c.gitlabToken} in .gitlab-ci.yml`,
      `Proxy-Authorization: Basic ${c.authHeader}`,
      `authorization="Bearer ${c.authHeader}"`,
      `machine goproxy.corp.example login gpuser password ${c.netrc}`,
    ]) assert.deepEqual(leaks(fresh.redact(text), c), [], text.replace(/cnry\w+/g, '<canary>'));
    // Shapes masked once learned: the netrc password, a masked CI variable, a decoded password.
    for (const text of [`netrc holds ${c.netrc}`, `job token ${c.ciMasked}`, `user gpuser with ${c.goproxy}`]) {
      assert.deepEqual(leaks(r.redact(text), c), [], text.replace(/cnry\w+/g, '<canary>'));
      assert.notDeepEqual(leaks(fresh.redact(text), c), [], 'without learning it stays (so the line above can fail)');
    }
  });
});
