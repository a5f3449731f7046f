import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, goCalls } from '../helpers';

describe('activation', () => {
  it('activates on the workspace and does no work until asked', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(ext, 'the extension is installed');
    // The extension tested is the one the harness meant: the repository or the installed .vsix.
    const expected = process.env.GPD_EXPECT_EXTENSION_DIR;
    assert.ok(expected && (ext.extensionPath === expected || ext.extensionPath.startsWith(expected + '/')), `${ext.extensionPath} is under ${expected}`);
    const a = await api();
    assert.equal(ext.isActive, true);
    // Lazy: no worker thread, no run, no go executed, status unknown.
    assert.equal(a.ctx.worker.started, false, 'no worker thread at activation');
    assert.equal(a.report(), undefined);
    assert.equal(a.health(), 'unknown');
    assert.match(a.statusBarText(), /\$\(question\) Go Proxy/);
    assert.deepEqual(goCalls(), [], 'activation runs no go');
    assert.deepEqual(a.ctx.tree.getChildren(), [], 'the tree is empty: the welcome view shows');
  });

  it('contributes its commands in the "Go Proxy" category', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['goProxyDoctor.diagnose', 'goProxyDoctor.showReport', 'goProxyDoctor.exportReport', 'goProxyDoctor.openLog', 'goProxyDoctor.applyAllSafeFixes']) {
      assert.ok(all.includes(c), `${c} is registered`);
    }
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ category: string; title: string }> } };
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Go Proxy');
  });
});
