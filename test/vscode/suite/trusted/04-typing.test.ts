import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from '../helpers';
import { RunState } from '../../../../src/vscode/run-state';
import { STATIC_LAYERS } from '../../../../src/vscode/watched-files';
import type { GoProxyDoctorApi } from '../../../../src/vscode/extension';
import type { CheckResult } from '../../../../src/core/model/result';
import type { Report } from '../../../../src/core/report/report';

describe('static re-runs', () => {
  it('re-runs the file checks on a debounce while typing, over the unsaved text', async () => {
    const a = await api();
    await until('earlier re-runs to finish', () => a.ctx.settled);
    const before = checkedAt(a, 'scopes');
    const uri = file('.gitlab-ci.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const line = text.split('\n').findIndex((l) => l.includes('GOPROXY'));
    await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), '  GOPRIVATE: "example.com"\n'));
    assert.ok(doc.isDirty);
    const ids = a.report()!.results.map((r) => r.id);
    await until('a static run', () => checkedAt(a, 'scopes') !== before);
    // Only the static layers ran; the results of the other layers were kept from the full run.
    assert.deepEqual(a.report()!.results.map((r) => r.id), ids);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the revert', () => !doc.isDirty && doc.getText() === text);
  });

  it('re-runs on save, merging into the last full results: the other layers keep their time and status', async () => {
    const a = await api();
    await until('earlier re-runs to finish', () => a.ctx.settled);
    const full = await a.diagnose();
    assert.equal(full.kind, 'done');
    const base = a.report()!;
    const others = () => a.report()!.results.filter((r) => !STATIC_LAYERS.includes(r.layer));
    const othersBefore = JSON.stringify(others());
    const layersBefore = new Map(a.ctx.state.layerChecks());
    assert.ok([...layersBefore.values()].every((c) => c.how !== 'files'), 'a full run checked every layer');
    const uri = file('go.mod');
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = checkedAt(a, 'scopes');
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, doc.positionAt(doc.getText().length), '\n');
    await vscode.workspace.applyEdit(we);
    await doc.save();
    await until('a static run after save', () => checkedAt(a, 'scopes') !== before);
    await until('settled', () => a.ctx.settled);
    const after = a.report()!;
    // The report still describes the full run: its time, duration and network mode.
    assert.deepEqual([after.startedAt, after.durationMs, after.offline], [base.startedAt, base.durationMs, base.offline]);
    assert.equal(JSON.stringify(others()), othersBefore, 'the other layers keep their results');
    for (const [layer, c] of a.ctx.state.layerChecks()) {
      if (STATIC_LAYERS.includes(layer)) assert.equal(c.how, 'files', layer);
      else assert.deepEqual(c, layersBefore.get(layer), `${layer} keeps its own time`);
    }
    // Show Report, the tree and the status bar say the same: when each layer was checked.
    const text = a.ctx.state.checkedText();
    assert.ok(a.ctx.status.tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, '').includes(text), a.ctx.status.tooltip.value);
    await vscode.commands.executeCommand('goProxyDoctor.showReport');
    const shown = await until('the report shown', () => vscode.window.activeTextEditor?.document.getText().includes('Last checked') && vscode.window.activeTextEditor.document.getText());
    const last = shown.slice(shown.indexOf('## Last checked'));
    for (const [layer, c] of a.ctx.state.layerChecks()) {
      // The file layers may have been re-checked again meanwhile (the file watcher sees the save too).
      const line = STATIC_LAYERS.includes(layer) ? new RegExp(`^- ${layer}: \\S+ \\(files\\)$`, 'm') : new RegExp(`^- ${layer}: ${c.at.replace(/\./g, '\\.')} \\(${c.how}\\)$`, 'm');
      assert.match(last, line, layer);
    }
  });

  it('a file-only run never turns a network result into "skipped"', () => {
    const state = new RunState();
    try {
      const result = (id: string, layer: string, status: CheckResult['status'], reason?: string): CheckResult => ({ id, slug: id, layer, title: id, status, findings: [], durationMs: 1, docs: '', ...(reason ? { reason } : {}) });
      const report = (startedAt: string, offline: boolean, results: CheckResult[]) => ({ schemaVersion: 1, tool: { name: 'go-proxy-doctor', version: '0' }, dir: '/w', startedAt, durationMs: 900, offline, platform: 'linux', go: { path: null, version: null }, environment: {}, results, summary: { ok: 0, warning: 0, error: 0, skipped: 0, crashed: 0 } }) as Report;
      state.finish(report('2026-01-01T00:00:00.000Z', false, [result('GPD107', 'environment', 'error'), result('GPD101', 'environment', 'ok'), result('GPD401', 'connection', 'error')]), true, new Map());
      state.finish({ ...report('2026-01-01T00:05:00.000Z', true, [result('GPD107', 'environment', 'skipped', 'offline: network checks are not run'), result('GPD101', 'environment', 'warning')]), durationMs: 20 }, false, new Map(), ['environment', 'scopes']);
      const r = state.report!;
      assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['GPD101', 'warning'], ['GPD107', 'error'], ['GPD401', 'error']]);
      assert.deepEqual([r.startedAt, r.durationMs, r.offline], ['2026-01-01T00:00:00.000Z', 900, false]);
      assert.deepEqual(state.layerChecks(), [['environment', { at: '2026-01-01T00:05:00.000Z', how: 'files' }], ['connection', { at: '2026-01-01T00:00:00.000Z', how: 'network' }]]);
    } finally {
      state.dispose();
    }
  });
});

function checkedAt(a: GoProxyDoctorApi, layer: string): string | undefined {
  return a.ctx.state.layerChecks().find(([l]) => l === layer)?.[1].at;
}
