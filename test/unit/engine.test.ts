import * as assert from 'node:assert/strict';
import { runChecks, type ProgressEvent, type RunContext } from '../../src/core/engine/run-checks';
import type { Check, CheckOutput } from '../../src/core/model/check';
import { DEFAULT_OPTIONS, type RunOptions } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';

function check(id: string, run: (signal: AbortSignal) => Promise<CheckOutput>, extra: Partial<Check> = {}): Check {
  return {
    id, slug: id.toLowerCase(), layer: 'environment', title: `check ${id}`, needs: {}, timeoutMs: 1000, doc: '',
    examples: { triggers: { description: '' }, passes: { description: '' } },
    run: (_ctx, signal) => run(signal),
    ...extra,
  };
}

async function ctx(options: Partial<RunOptions> = {}): Promise<RunContext> {
  const host = nodeHost({ env: {} });
  const m = new Map<string, Promise<unknown>>();
  return {
    dir: '/', host, env: await gatherEnvironment(host, { noExec: true }), options: { ...DEFAULT_OPTIONS, ...options },
    redactor: new Redactor(),
    workspace: async () => ({ root: '/', goMods: [], goSums: [], assignments: [], problems: [] }),
    memo: <T>(k: string, f: () => Promise<T>) => { if (!m.has(k)) m.set(k, f()); return m.get(k) as Promise<T>; },
    log: () => {},
  };
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((res, rej) => {
  const t = setTimeout(res, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); rej(new Error('aborted')); }, { once: true });
});

describe('engine: runChecks', () => {
  it('starts all checks at once and reports in registry order', async () => {
    const t0 = Date.now();
    const rs = await runChecks([
      check('GPD001', async (s) => { await sleep(150, s); return { findings: [] }; }),
      check('GPD002', async (s) => { await sleep(50, s); return { findings: [{ id: 'GPD002', severity: 'warning', message: 'w', evidence: [], fixes: [] }] }; }),
      check('GPD003', async (s) => { await sleep(100, s); return { findings: [{ id: 'GPD003', severity: 'error', message: 'e', evidence: [], fixes: [] }] }; }),
    ], await ctx());
    assert.ok(Date.now() - t0 < 280, 'ran concurrently');
    assert.deepEqual(rs.map((r) => [r.id, r.status]), [['GPD001', 'ok'], ['GPD002', 'warning'], ['GPD003', 'error']]);
  });

  it('turns a throw into crashed and a timeout into crashed with the reason', async () => {
    const rs = await runChecks([
      check('GPD001', async () => { throw new Error('boom'); }),
      check('GPD002', async () => new Promise<CheckOutput>(() => {}), { timeoutMs: 50 }),
    ], await ctx());
    assert.equal(rs[0].status, 'crashed');
    assert.match(rs[0].reason!, /boom/);
    assert.equal(rs[1].status, 'crashed');
    assert.match(rs[1].reason!, /time limit of 50 ms/);
  });

  it('skips dependents of a failed check, with the reason', async () => {
    const rs = await runChecks([
      check('GPD001', async () => ({ findings: [{ id: 'GPD001', severity: 'error', message: 'x', evidence: [], fixes: [] }] })),
      check('GPD002', async () => ({ findings: [] }), { dependsOn: ['GPD001'] }),
      check('GPD003', async () => ({ findings: [] }), { dependsOn: ['GPD002'] }),
    ], await ctx());
    assert.deepEqual(rs.map((r) => r.status), ['error', 'skipped', 'skipped']);
    assert.match(rs[1].reason!, /GPD001/);
  });

  it('marks network checks skipped when offline, never ok', async () => {
    let ran = false;
    const rs = await runChecks([check('GPD301', async () => { ran = true; return { findings: [] }; }, { needs: { network: true } })], await ctx({ offline: true }));
    assert.equal(rs[0].status, 'skipped');
    assert.equal(ran, false);
  });

  it('stops promptly on cancellation', async () => {
    const ac = new AbortController();
    const c = await ctx();
    setTimeout(() => ac.abort(), 30);
    const t0 = Date.now();
    const rs = await runChecks([check('GPD001', async () => new Promise<CheckOutput>(() => {}), { timeoutMs: 10000 })], c, { signal: ac.signal });
    assert.ok(Date.now() - t0 < 500);
    assert.equal(rs[0].status, 'skipped');
    assert.equal(rs[0].reason, 'cancelled');
  });

  it('emits started, slow and finished events', async () => {
    const events: ProgressEvent[] = [];
    await runChecks([check('GPD001', async (s) => { await sleep(80, s); return { findings: [] }; })], await ctx({ slowAfterMs: 20 }), { onEvent: (e) => events.push(e) });
    assert.deepEqual(events.map((e) => e.type), ['started', 'slow', 'finished']);
  });

  it('runs one after another with options.sequential', async () => {
    const t0 = Date.now();
    await runChecks([1, 2, 3].map((i) => check(`GPD00${i}`, async (s) => { await sleep(60, s); return { findings: [] }; })), await ctx({ sequential: true }));
    assert.ok(Date.now() - t0 >= 170);
  });

  it('never lets a weakening fix be preferred, and keeps one preferred fix', async () => {
    const rs = await runChecks([check('GPD001', async () => ({ findings: [{ id: 'GPD001', severity: 'error', message: 'x', evidence: [], fixes: [
      { title: 'a', preferred: true, kind: 'set-variable', variable: 'GOSUMDB', value: 'off', weakening: true },
      { title: 'b', preferred: true, kind: 'set-variable', variable: 'GOPRIVATE', value: 'x' },
      { title: 'c', preferred: true, kind: 'set-variable', variable: 'GOPRIVATE', value: 'y' },
    ] }] }))], await ctx());
    assert.deepEqual(rs[0].findings[0].fixes.map((f) => f.preferred), [false, true, false]);
  });

  it('redacts credentials in URLs in every field', async () => {
    const rs = await runChecks([check('GPD001', async () => ({ findings: [{ id: 'GPD001', severity: 'error', message: 'GOPROXY=https://bob:s3cr3tTok@proxy.corp', evidence: ['https://ghp_tok3n@github.com/x'], fixes: [] }] }))], await ctx());
    const text = JSON.stringify(rs);
    assert.ok(!text.includes('s3cr3tTok'));
    assert.ok(!text.includes('ghp_tok3n'));
    assert.match(text, /bob:xxxxx@proxy\.corp/);
  });
});
