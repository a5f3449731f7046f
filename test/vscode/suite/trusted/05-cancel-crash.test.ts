import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from '../helpers';

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
    assert.equal(a.ctx.worker.busy, 0);
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
});
