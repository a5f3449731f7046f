import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, goCalls } from '../helpers';
import { healthOf, worstStatus } from '../../../../src/vscode/health';
import type { RunOutcome } from '../../../../src/vscode/worker-client';
import type { Node } from '../../../../src/vscode/tree';

describe('Diagnose', () => {
  it('shows "checking" while running, then fills the tree and the status bar', async () => {
    const a = await api();
    const states: string[] = [a.health()];
    const sub = a.ctx.status.onDidChangeState((s) => states.push(s));
    const outcome = await vscode.commands.executeCommand<RunOutcome>('goProxyDoctor.diagnose');
    sub.dispose();
    assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
    if (outcome.kind !== 'done') return;
    const report = a.report()!;
    assert.equal(report.schemaVersion, 1);
    assert.equal(a.ctx.worker.started, true, 'the worker started on the first run');
    assert.equal(a.lastRunOptions()?.untrusted, false);
    assert.equal(a.lastRunOptions()?.offline, true, 'the user setting reaches the core');
    // Status bar: the state machine went checking → the report's health.
    assert.deepEqual(states, ['unknown', 'checking', healthOf(report)], 'unknown → checking → the verdict');
    assert.equal(a.health(), healthOf(report));
    assert.ok(!a.statusBarText().includes('sync~spin'), a.statusBarText());
    // Tree: one node per layer that has results, its checks in report order with their status icons.
    const roots = a.ctx.tree.getChildren();
    const layers = [...new Set(report.results.map((r) => r.layer))];
    assert.deepEqual(roots.map((n) => (n.kind === 'layer' ? n.layer : n.kind)), layers);
    for (const root of roots) {
      assert.equal(root.kind, 'layer');
      if (root.kind !== 'layer') continue;
      const item = a.ctx.tree.getTreeItem(root);
      const worst = worstStatus(root.results)!;
      assert.ok(item.iconPath instanceof vscode.ThemeIcon);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, iconId(worst));
      const checks = a.ctx.tree.getChildren(root);
      assert.deepEqual(checks.map((c) => (c.kind === 'check' ? c.result.id : c.kind)), report.results.filter((r) => r.layer === root.layer).map((r) => r.id));
      for (const c of checks) {
        if (c.kind !== 'check') continue;
        const ci = a.ctx.tree.getTreeItem(c);
        assert.equal((ci.iconPath as vscode.ThemeIcon).id, iconId(c.result.status), c.result.id);
        assert.ok(String(ci.description).startsWith(c.result.id));
        const findings = a.ctx.tree.getChildren(c);
        assert.equal(findings.length, c.result.findings.length);
        for (const f of findings as Extract<Node, { kind: 'finding' }>[]) {
          assert.equal(a.ctx.tree.getChildren(f).length, f.finding.evidence.length, 'evidence under each finding');
          const fi = a.ctx.tree.getTreeItem(f);
          if (f.finding.location) assert.match(String(fi.contextValue), /\blocated\b/);
          if (f.finding.fixes.length) assert.match(String(fi.contextValue), /\bfixable\b/);
        }
      }
    }
  });

  it('runs go for the picture of the environment in a trusted workspace', async () => {
    const a = await api();
    // The harness's go records every call: the positive control of the untrusted suite.
    assert.ok(goCalls().some((c) => c.startsWith('env')), `go env was run: ${JSON.stringify(goCalls())}`);
    assert.equal(a.lastRunOptions()?.untrusted, false);
  });
});

function iconId(status: string): string {
  return { ok: 'pass', warning: 'warning', error: 'error', skipped: 'circle-slash', crashed: 'bug' }[status]!;
}
