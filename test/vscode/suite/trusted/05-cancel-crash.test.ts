import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until } from '../helpers';

describe('cancellation and worker crashes', () => {
  it('cancels a run in the worker and returns the status bar to its previous state', async () => {
    const a = await api();
    const previous = a.health();
    const cts = new vscode.CancellationTokenSource();
    const run = a.diagnose(cts.token);
    assert.equal(a.health(), 'checking');
    cts.cancel();
    const outcome = await run;
    assert.equal(outcome.kind, 'cancelled');
    assert.equal(a.health(), previous);
    assert.equal(a.ctx.state.runningChecks().length, 0, 'no check left "running" in the tree');
    // Nothing of it stays pending (a static re-run from an earlier edit may still finish).
    await until('no pending run', () => a.ctx.worker.busy === 0);
    // The worker is still usable.
    assert.equal((await a.diagnose()).kind, 'done');
  });

  it('the latest run wins', async () => {
    const a = await api();
    const first = a.diagnose();
    const second = a.diagnose();
    assert.equal((await first).kind, 'superseded');
    assert.equal((await second).kind, 'done');
  });

  it('a crashed worker fails its run and is started again only by the next run', async () => {
    const a = await api();
    const run = a.diagnose();
    await a.ctx.worker.terminate();
    const outcome = await run;
    assert.ok(outcome.kind === 'failed' || outcome.kind === 'done', outcome.kind);
    assert.equal(a.ctx.worker.started, false, 'not restarted by itself');
    assert.notEqual(a.health(), 'checking');
    const again = await a.diagnose();
    assert.equal(again.kind, 'done');
    assert.equal(a.ctx.worker.started, true);
  });

  it('tells about a crash once, not again until a run has succeeded', async () => {
    const a = await api();
    assert.equal((await a.diagnose()).kind, 'done');
    const n = a.ctx.crashNotices;
    const first = a.diagnose();
    await a.ctx.worker.terminate();
    await first;
    assert.equal(a.ctx.crashNotices, n + 1, 'the first crash is reported');
    const second = a.diagnose(); // starts a new worker
    await a.ctx.worker.terminate();
    await second;
    assert.equal(a.ctx.crashNotices, n + 1, 'a crash right after is not reported again');
    assert.equal((await a.diagnose()).kind, 'done');
    await a.ctx.worker.terminate();
    await until('the crash to be seen', () => a.ctx.crashNotices === n + 2);
    assert.equal((await a.diagnose()).kind, 'done');
  });
});
