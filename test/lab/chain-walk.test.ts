/**
 * The chain walk and the protocol checks against the lab GOPROXY: each check has a scenario
 * that triggers it and one that does not; concurrency and time limits are measured.
 */
import * as assert from 'node:assert/strict';
import { runChecks, type RunContext } from '../../src/core/engine/run-checks';
import { DEFAULT_OPTIONS, type RunOptions } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { protocolChecks } from '../../src/core/checks/protocol/index';
import { walkChain, zipEntryNames, goJSONError } from '../../src/core/net/chain-walk';
import { closeHttpClients, goGet } from '../../src/core/net/http-client';
import { main } from '../../src/cli/main';
import { startChainLab, type ChainLab } from './chain-harness';

async function ctxFor(env: Record<string, string>, options: Partial<RunOptions> = {}): Promise<RunContext> {
  const host = nodeHost({ env });
  const m = new Map<string, Promise<unknown>>();
  return {
    dir: '/', host, env: await gatherEnvironment(host, { noExec: true }), options: { ...DEFAULT_OPTIONS, ...options },
    redactor: new Redactor(),
    workspace: async () => ({ root: '/', goMods: [], goSums: [], assignments: [], problems: [] }),
    memo: <T>(k: string, f: () => Promise<T>) => {
      if (!m.has(k)) m.set(k, f());
      return m.get(k) as Promise<T>;
    },
    log: () => {},
  };
}

const walkOpts = (goproxy: string, extra: Record<string, string> = {}, timeoutMs = 3000) => ({
  goproxy, gonoproxy: extra.GONOPROXY ?? '', platform: 'linux' as const, env: extra, timeoutMs, proxyVariant: 'go1.19' as const,
});

describe('chain walk in the lab', function () {
  this.timeout(60000);
  let lab: ChainLab;
  before(async () => {
    lab = await startChainLab();
  });
  after(async () => {
    await closeHttpClients();
    await lab?.close();
  });

  it('serves a real module zip whose entries are under module@version/', () => {
    for (const m of lab.http.modules) {
      const names = zipEntryNames(m.zip);
      assert.ok(names && names.length > 0);
      for (const n of names!) assert.ok(n.startsWith(`${m.path}@${m.version}/`), n);
    }
    assert.equal(zipEntryNames(Buffer.from('not a zip at all, not at all')), null);
  });

  it('maps JSON errors to encoding/json wording', () => {
    assert.equal(goJSONError(''), 'unexpected end of JSON input');
    assert.equal(goJSONError('<html>'), "invalid character '<' looking for beginning of value");
    assert.equal(goJSONError('{"Version":'), 'unexpected end of JSON input');
    assert.equal(goJSONError('{"Version":"v1.0.0"}'), null);
  });

  it('a stalled proxy is reported within the time limit, with go hanging there', async () => {
    const t0 = Date.now();
    const w = await walkChain('example.com/hello', 'v1.0.0', walkOpts(lab.expand('$P/stall|$P'), {}, 800));
    const took = Date.now() - t0;
    assert.ok(took < 2500, `took ${took} ms`);
    assert.equal(w.verdict.served, false);
    assert.equal(w.verdict.hang, true);
    assert.equal(w.steps[0].outcome, 'timeout');
    assert.match(w.verdict.error ?? '', /go would wait here with no time limit/);
  });

  it('a stalled proxy is reported by the checks within the configured time limit', async () => {
    const ctx = await ctxFor({ GOPROXY: lab.expand('$P/s404,$P/stall,$P'), GOSUMDB: 'off' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 800 });
    const t0 = Date.now();
    const rs = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602' || c.id === 'GPD605'), ctx);
    const took = Date.now() - t0;
    assert.ok(took < 2500, `took ${took} ms`);
    const walkFinding = rs.find((r) => r.id === 'GPD602')!.findings[0];
    assert.equal(walkFinding.severity, 'error');
    assert.match(walkFinding.message, /would hang: .*stall.*go would wait here with no time limit/);
    const slow = rs.find((r) => r.id === 'GPD605')!.findings;
    assert.ok(slow.some((f) => f.severity === 'error' && /did not answer within 800 ms/.test(f.message)), JSON.stringify(slow));
  });

  it('a slow body is bounded by the time limit too', async () => {
    const r = await goGet(lab.expand('$P/slowbody/example.com/hello/@v/v1.0.0.info'), { env: {}, timeoutMs: 500 });
    assert.equal(r.error?.kind, 'timeout');
  });

  it('an abort signal stops a walk', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    await walkChain('example.com/hello', 'v1.0.0', { ...walkOpts(lab.expand('$P/stall'), {}, 30000), signal: ac.signal });
    assert.ok(Date.now() - t0 < 2000);
  });

  it('times each connection phase and reports ALPN', async () => {
    const { HttpSession } = await import('../../src/core/net/http-client');
    const session = new HttpSession(true);
    try {
      const env = { SSL_CERT_FILE: lab.certFile };
      const r1 = await goGet(lab.expand('$T/example.com/hello/@v/v1.0.0.info'), { env, timeoutMs: 3000, session });
      assert.equal(r1.status, 200);
      const c = r1.hops[0].connection!;
      assert.ok(c.tcpMs !== undefined && c.tlsMs !== undefined && c.tlsMs >= c.tcpMs, JSON.stringify(c));
      assert.equal(r1.httpVersion, 'http/1.1');
      const r2 = await goGet(lab.expand('$T/example.com/hello/@v/v1.0.0.mod'), { env, timeoutMs: 3000, session });
      assert.equal(r2.hops[0].connection, undefined, 'idle connection reused');
    } finally {
      await session.close();
    }
  });

  it('speaks HTTP/2 when the proxy offers it by ALPN, as go does', async () => {
    const r = await goGet(lab.expand('$H2/s404/example.com/hello/@v/v1.0.0.info'), { env: { SSL_CERT_FILE: lab.caRootFile }, timeoutMs: 3000 });
    assert.equal(r.httpVersion, 'h2');
    assert.equal(r.status, 404);
    assert.match(r.goError ?? '', /: 404 Not Found\n\tserver response:/);
  });

  it('bodies are capped', async () => {
    const r = await goGet(lab.expand('$P/example.com/hello/@v/v1.0.0.zip'), { env: {}, timeoutMs: 3000, maxBodyBytes: 100 });
    assert.equal(r.truncated, true);
    assert.equal(r.body.length, 100);
  });

  it('probes @v/list and @latest under the case-escaped path', async () => {
    const { probeProtocol, parseVersionList } = await import('../../src/core/net/goproxy-probe');
    const p = await probeProtocol(lab.expand('$P'), 'example.com/Upper', { env: {}, timeoutMs: 3000 });
    assert.deepEqual(p.list.versions, ['v1.0.0']);
    assert.equal(p.latest.version, 'v1.0.0');
    assert.ok(lab.http.log.some((e) => e.path === '/example.com/%21upper/@v/list'));
    assert.deepEqual(parseVersionList('v1.0.0 2023-01-01T00:00:00Z\nnot-a-version\n\nv1.1.0\n'), { versions: ['v1.0.0', 'v1.1.0'], ignored: ['not-a-version'] });
  });

  it('collects caching evidence headers', async () => {
    const r = await goGet(lab.expand('$P/cache/example.com/hello/@v/v1.0.0.info'), { env: {}, timeoutMs: 3000 });
    assert.equal(r.cacheEvidence.age, '86400');
    assert.match(r.cacheEvidence['x-cache'], /HIT/);
    assert.ok(r.cacheEvidence.via && r.cacheEvidence.etag && r.cacheEvidence['last-modified']);
  });

  it('three entries adding 300 ms each: checks over three modules run concurrently', async () => {
    const goproxy = lab.expand('$P/delay300/s404,$P/delay300/s410,$P/delay300');
    const ctx = await ctxFor({ GOPROXY: goproxy, GOSUMDB: 'off' }, {
      modules: ['example.com/hello@v1.0.0', 'example.com/hello@v1.1.0', 'example.com/Upper@v1.0.0'],
    });
    const t0 = Date.now();
    const results = await runChecks(protocolChecks, ctx);
    const took = Date.now() - t0;
    const walks = results.find((r) => r.id === 'GPD602')!.data as Array<{ steps: Array<{ ms?: number }> }>;
    const sum = walks.flatMap((w) => w.steps).reduce((a, s) => a + (s.ms ?? 0), 0);
    assert.equal(walks.length, 3);
    assert.ok(sum >= 3 * 9 * 300, `sum ${sum}`);
    assert.ok(took < sum / 2, `took ${took} ms, probes sum ${sum} ms`);
  });

  /** The lab scenarios the protocol checks' examples name (docs/checks.md), as GOPROXY values. */
  const LAB_SCENARIOS: Record<string, string> = {
    'chain-ok': '$P',
    'chain-403': '$P/s403,$P',
    'chain-404-then-ok': '$P/s404,$P',
    'chain-empty-200': '$P/empty,$P',
    'chain-zip-redirect-blocked': '$P/zipredirblocked,$P',
    'chain-zip-redirect-ok': '$P/zipredir',
    'chain-slow': '$P/delay2100',
    // direct through the lab's mapping proxy, which refuses every real host (never resolved).
    'chain-direct': 'direct',
  };
  const scenarios: Array<{ id: string; triggers: string; passes: string }> = [
    ...protocolChecks.map((c) => {
      for (const ex of [c.examples.triggers, c.examples.passes]) assert.ok(ex.lab && LAB_SCENARIOS[ex.lab], `${c.id}: unknown lab scenario ${ex.lab}`);
      return { id: c.id, triggers: LAB_SCENARIOS[c.examples.triggers.lab!], passes: LAB_SCENARIOS[c.examples.passes.lab!] };
    }),
    { id: 'GPD601', triggers: '$P/emptylist', passes: '$P/nolist' },
    { id: 'GPD601', triggers: '$P/badlist', passes: '$P/s404,$P' },
    { id: 'GPD601', triggers: '$P/htmlmod', passes: '$P/gzip' },
    { id: 'GPD602', triggers: '$P/stall', passes: '$P/s503|$P' },
    { id: 'GPD603', triggers: '$P/s429|$P', passes: '$P/s404,$P' },
  ];
  for (const s of scenarios) {
    for (const which of ['triggers', 'passes'] as const) {
      it(`${s.id} ${which} with GOPROXY=${s[which]}`, async () => {
        const ctx = await ctxFor({ GOPROXY: lab.expand(s[which]), GOSUMDB: 'off', HTTPS_PROXY: lab.proxy.url, HTTP_PROXY: lab.proxy.url, PATH: '/usr/bin:/bin' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 5000 });
        const check = protocolChecks.find((c) => c.id === s.id)!;
        const deps = protocolChecks.filter((c) => c.id === s.id);
        const [r] = await runChecks(deps, ctx);
        assert.equal(r.id, check.id);
        if (which === 'triggers') assert.ok(r.findings.some((f) => f.severity !== 'info'), JSON.stringify(r.findings));
        else assert.ok(r.findings.every((f) => f.severity === 'info'), JSON.stringify(r.findings));
      });
    }
  }

  it('direct: go-import meta tags found through HTTPS_PROXY; the clone is reported as not tried', async () => {
    const env = { GOPROXY: 'direct', HTTPS_PROXY: lab.proxy.url, SSL_CERT_FILE: lab.certFile, PATH: '/usr/bin:/bin', GOSUMDB: 'off' };
    const w = await walkChain('vcs.lab.test/repo', 'v1.0.0', { ...walkOpts('direct', env) });
    assert.equal(w.verdict.served, true);
    assert.match(w.verdict.unverified ?? '', /VCS fetch/);
    assert.ok(lab.proxy.log.includes('CONNECT vcs.lab.test:443'));
    const ctx = await ctxFor(env, { modules: ['vcs.lab.test/repo@v1.0.0'] });
    const [r] = await runChecks(protocolChecks.filter((c) => c.id === 'GPD606'), ctx);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].severity, 'info');
    assert.match(r.findings[0].message, /GIT_TERMINAL_PROMPT=0/);
  });

  it('GPD602 walks what go.mod requires', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const pathMod = await import('node:path');
    const { discoverWorkspace } = await import('../../src/core/sources/discover');
    const dir = mkdtempSync(pathMod.join(tmpdir(), 'gpd-chain-ws-'));
    try {
      writeFileSync(pathMod.join(dir, 'go.mod'), 'module m\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/Upper v1.0.0\n)\n');
      const ctx = await ctxFor({ GOPROXY: lab.expand('$P/s404,$P/s410'), GOSUMDB: 'off' });
      const host = nodeHost({ env: { GOPROXY: lab.expand('$P/s404,$P/s410') }, cwd: dir, homedir: dir });
      const [r] = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602'), {
        ...ctx, dir, workspace: () => discoverWorkspace(host, dir, undefined, { homeDir: dir, etcDir: null }),
      });
      assert.equal(r.findings.length, 2, JSON.stringify(r.findings.map((f) => f.message)));
      assert.ok(r.findings.every((f) => f.severity === 'error' && /410 Gone/.test(f.message)));
      assert.ok(r.findings.some((f) => f.message.includes('example.com/Upper@v1.0.0')));
      // The same failure for every module is one finding.
      const off = await ctxFor({ GOPROXY: 'off' });
      const [r2] = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602'), {
        ...off, dir, workspace: () => discoverWorkspace(host, dir, undefined, { homeDir: dir, etcDir: null }),
      });
      assert.equal(r2.findings.length, 1);
      assert.match(r2.findings[0].message, /go cannot download 2 modules .*\ngo: example\.com\/hello@v1\.0\.0: module lookup disabled by GOPROXY=off/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty workspace and no --module: skipped with a reason', async () => {
    const ctx = await ctxFor({ GOPROXY: lab.expand('$P') });
    const [r] = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602'), ctx);
    assert.equal(r.status, 'skipped');
  });

  describe('go-proxy-doctor resolve', () => {
    async function cli(args: string[], env: Record<string, string>) {
      let out = '';
      let err = '';
      const code = await main(['resolve', ...args], {
        stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stdoutIsTTY: false, stderrIsTTY: false, env, cwd: '/',
      });
      return { code, out, err };
    }
    it('prints the fixed JSON shape and exits 0 when served', async () => {
      const r = await cli(['example.com/hello@v1.0.0', '--format', 'json', '--timeout', '3000'], { GOPROXY: lab.expand('$P/s404,$P'), GOSUMDB: 'off', PATH: '/usr/bin:/bin', HOME: lab.dir, GOENV: 'off' });
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out);
      assert.deepEqual(Object.keys(j).filter((k) => ['module', 'version', 'steps', 'verdict'].includes(k)).sort(), ['module', 'steps', 'verdict', 'version']);
      assert.equal(j.module, 'example.com/hello');
      assert.equal(j.version, 'v1.0.0');
      assert.deepEqual(j.verdict, { served: true, by: lab.expand('$P') + '/', error: null });
      assert.deepEqual(j.steps[0], { ...j.steps[0], entry: lab.expand('$P/s404'), file: 'info', outcome: 'not-found', status: 404, fallsThrough: true });
      for (const s of j.steps) for (const k of ['entry', 'file', 'outcome', 'fallsThrough']) assert.ok(k in s);
    });
    it('exits 1 with go\'s error when not served', async () => {
      const r = await cli(['example.com/hello@v1.0.0', '--format', 'json'], { GOPROXY: lab.expand('$P/s403,$P'), PATH: '/usr/bin:/bin', HOME: lab.dir, GOENV: 'off' });
      assert.equal(r.code, 1);
      const j = JSON.parse(r.out);
      assert.equal(j.verdict.served, false);
      assert.equal(j.verdict.by, null);
      assert.match(j.verdict.error, /403 Forbidden\n\tserver response:/);
    });
    it('text output names each step', async () => {
      const r = await cli(['example.com/hello@v1.0.0'], { GOPROXY: lab.expand('$P/s503|$P'), PATH: '/usr/bin:/bin', HOME: lab.dir, GOENV: 'off' });
      assert.equal(r.code, 0);
      assert.match(r.out, /503.*go tries the next entry/);
    });
    it('rejects a missing version', async () => {
      const r = await cli(['example.com/hello'], {});
      assert.equal(r.code, 2);
    });
  });
});
