import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, checksOf, goCalls } from '../helpers';
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
    // Tree: one node per layer that has results, the layers with problems first; in each, the
    // checks that need attention first (opened), those that passed folded into "N passed".
    const roots = a.ctx.tree.getChildren();
    const layers = [...new Set(report.results.map((r) => r.layer))];
    const needsAttention = (l: string) => ['error', 'warning', 'crashed'].includes(worstStatus(report.results.filter((r) => r.layer === l))!);
    assert.deepEqual(roots.map((n) => (n.kind === 'layer' ? n.layer : n.kind)), [...layers.filter(needsAttention), ...layers.filter((l) => !needsAttention(l))]);
    assert.ok(layers.some(needsAttention), 'the fixture workspace has problems');
    for (const root of roots) {
      assert.equal(root.kind, 'layer');
      if (root.kind !== 'layer') continue;
      const item = a.ctx.tree.getTreeItem(root);
      const worst = worstStatus(root.results)!;
      assert.ok(item.iconPath instanceof vscode.ThemeIcon);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, iconId(worst));
      assert.equal(item.collapsibleState, needsAttention(root.layer) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed, root.layer);
      assert.match(String(item.tooltip), /checked .+ \((network|offline|files)\)/, 'the layer says when it was last checked');
      const top = a.ctx.tree.getChildren(root);
      const inLayer = report.results.filter((r) => r.layer === root.layer);
      const passed = inLayer.filter((r) => r.status === 'ok');
      const rank = { error: 0, crashed: 1, warning: 2, skipped: 3, ok: 4 } as Record<string, number>;
      const expected = inLayer.filter((r) => r.status !== 'ok').sort((x, y) => rank[x.status] - rank[y.status]).map((r) => r.id);
      assert.deepEqual(top.map((c) => (c.kind === 'check' ? c.result.id : c.kind)), passed.length ? [...expected, 'passed'] : expected);
      const fold = top.find((n) => n.kind === 'passed');
      if (fold) {
        const fi = a.ctx.tree.getTreeItem(fold);
        assert.equal(fi.label, `${passed.length} passed`);
        assert.equal(fi.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      }
      const checks = checksOf(a, root);
      for (const c of checks) {
        if (c.kind !== 'check') continue;
        const ci = a.ctx.tree.getTreeItem(c);
        // The full title is in the tooltip (the label is cut at the view's width).
        assert.ok(String((ci.tooltip as vscode.MarkdownString).value).includes(c.result.title), c.result.id);
        if (['error', 'warning', 'crashed'].includes(c.result.status) && c.result.findings.length) assert.equal(ci.collapsibleState, vscode.TreeItemCollapsibleState.Expanded, `${c.result.id} opens by itself`);
      }
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
