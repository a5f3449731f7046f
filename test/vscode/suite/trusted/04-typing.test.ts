import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from '../helpers';

describe('static re-runs', () => {
  it('re-runs the file checks on a debounce while typing, over the unsaved text', async () => {
    const a = await api();
    await until('earlier re-runs to finish', () => a.ctx.settled);
    const before = a.report()!.startedAt;
    const uri = file('.gitlab-ci.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const line = text.split('\n').findIndex((l) => l.includes('GOPROXY'));
    await editor.edit((b) => b.insert(new vscode.Position(line + 1, 0), '  GOPRIVATE: "example.com"\n'));
    assert.ok(doc.isDirty);
    const ids = a.report()!.results.map((r) => r.id);
    await until('a static run', () => a.report()!.startedAt !== before);
    // Only the static layers ran; the results of the other layers were kept from the full run.
    assert.deepEqual(a.report()!.results.map((r) => r.id), ids);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the revert', () => !doc.isDirty && doc.getText() === text);
  });

  it('re-runs on save', async () => {
    const a = await api();
    await until('earlier re-runs to finish', () => a.ctx.settled);
    const uri = file('go.mod');
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = a.report()!.startedAt;
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, doc.positionAt(doc.getText().length), '\n');
    await vscode.workspace.applyEdit(we);
    await doc.save();
    await until('a static run after save', () => a.report()!.startedAt !== before);
  });
});
