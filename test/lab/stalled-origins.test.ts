/**
 * A GOPROXY entry that accepts and never answers: go hangs at the first request (it has no
 * time limit), so a diagnosis waits the time limit once per entry, not once per request, and
 * checks that come later learn of the stall at once.
 */
import * as assert from 'node:assert/strict';
import { runChecks, type RunContext } from '../../src/core/engine/run-checks';
import { DEFAULT_OPTIONS, type RunOptions } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { protocolChecks } from '../../src/core/checks/protocol/index';
import { integrityChecks } from '../../src/core/checks/integrity/index';
import { closeHttpClients } from '../../src/core/net/http-client';
import type { MirrorSurvey } from '../../src/core/checks/integrity/mirror-survey';
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

describe('stalled GOPROXY entries in one diagnosis', function () {
  this.timeout(60000);
  let lab: ChainLab;
  before(async () => {
    lab = await startChainLab();
  });
  after(async () => {
    await lab.close();
    await closeHttpClients();
  });

  it('the mirror survey waits the time limit once, not once per request', async () => {
    const ctx = await ctxFor({ GOPROXY: lab.expand('$P/stall'), GOSUMDB: 'off' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 800 });
    const t0 = Date.now();
    const rs = await runChecks(integrityChecks.filter((c) => c.id === 'GPD701'), ctx);
    const took = Date.now() - t0;
    // .list, .info, .mod and .zip are asked together; one after another they took two limits.
    assert.ok(took < 1500, `took ${took} ms`);
    const r = (rs[0].data as { answers: MirrorSurvey['results'] }).answers[0];
    for (const a of [r.list!.answer, r.info!.answer, r.mod!.answer, r.zip!.answer]) assert.equal(a.status, undefined, JSON.stringify(a));
  });

  it('a walk that would start at an entry that already stalled ends there at once, as go would hang there', async () => {
    const ctx = await ctxFor({ GOPROXY: lab.expand('$P/stall,$P'), GOSUMDB: 'off' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 800 });
    await runChecks(integrityChecks.filter((c) => c.id === 'GPD701'), ctx);
    const later = { ...ctx, options: { ...ctx.options, modules: ['example.com/hello@v1.0.0', 'example.com/hello@latest'] } };
    lab.clearLogs();
    const t0 = Date.now();
    const rs = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602' || c.id === 'GPD605' || c.id === 'GPD601'), later);
    const took = Date.now() - t0;
    assert.ok(took < 400, `took ${took} ms`);
    const walk = rs.find((r) => r.id === 'GPD602')!;
    assert.equal(walk.findings.length, 2, JSON.stringify(walk.findings));
    for (const f of walk.findings) {
      assert.equal(f.severity, 'error');
      assert.match(f.message, /would hang: no answer from http:\/\/127\.0\.0\.1:\d+\/stall\/.* within 800 ms \(seen earlier in this diagnosis\); go would wait here with no time limit/);
    }
    const asked = lab.http.log.map((e) => e.path).filter((p) => p.startsWith('/stall/'));
    assert.deepEqual(asked, [], 'the stalled entry was asked again');
  });

  it('an entry that answers is still walked after another one stalled', async () => {
    const ctx = await ctxFor({ GOPROXY: lab.expand('$P'), GOSUMDB: 'off' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 800 });
    const later = await ctxFor({ GOPROXY: lab.expand('$P/stall'), GOSUMDB: 'off' }, { modules: ['example.com/hello@v1.0.0'], timeoutMs: 800 });
    // The stall of $P/stall is recorded in the same run as the walk through $P.
    const shared = { ...later, memo: ctx.memo };
    await runChecks(integrityChecks.filter((c) => c.id === 'GPD701'), shared);
    const [r] = await runChecks(protocolChecks.filter((c) => c.id === 'GPD602'), ctx);
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
  });
});
