import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, ours, until } from '../helpers';

describe('toolchain diagnostics in go.mod', () => {
  it('a go line newer than the local go (GOTOOLCHAIN=local) gets GPD152 on its version, in go\'s words, with a fix', async function () {
    this.timeout(240_000);
    const a = await api();
    await until('earlier re-runs to finish', () => a.ctx.settled);
    // A full run first: it runs go and learns its version, which the static re-runs reuse.
    if (!a.report() || a.report()!.results.length < 40) assert.equal((await a.diagnose()).kind, 'done');
    const uri = file('go.mod');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const line = text.split('\n').findIndex((l) => l.startsWith('go '));
    assert.ok(line >= 0, 'the fixture go.mod has a go line');
    await editor.edit((b) => b.replace(new vscode.Range(line, 3, line, doc.lineAt(line).text.length), '1.99.0'));
    try {
      await until('the static re-run of the edit', async () => {
        const r = a.report()?.results.find((x) => x.id === 'GPD152');
        return r && r.findings.length > 0 ? r : (await a.staticRun(), false);
      }, 60_000).catch((e: Error) => {
        const r = a.report()?.results.find((x) => x.id === 'GPD152');
        throw new Error(`${e.message}: GPD152 ${r?.status} ${r?.reason ?? ''} ${JSON.stringify(r?.data)}`);
      });
      const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
      const d = await until('a GPD152 diagnostic on the go line', () => ours(uri).find((x) => code(x) === 'GPD152'), 90_000);
      assert.equal(d.range.start.line, line);
      assert.equal(doc.getText(d.range), '1.99.0');
      assert.match(d.message, /\ngo: go\.mod requires go >= 1\.99\.0 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)$/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      assert.ok(actions.some((x) => x.title.includes('GOTOOLCHAIN=auto')), JSON.stringify(actions.map((x) => x.title)));
    } finally {
      // Put the original text back and save it (the file on disk never changed).
      const we = new vscode.WorkspaceEdit();
      we.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      await vscode.workspace.applyEdit(we);
      await doc.save();
      await until('the original go.mod', () => !doc.isDirty && doc.getText() === text);
    }
  });
});
