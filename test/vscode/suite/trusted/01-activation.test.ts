import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { api, EXTENSION_ID, file, goCalls, ours, until } from '../helpers';

describe('activation', () => {
  it('activates on the workspace and checks its files with no command: squiggles on open, no go run', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(ext, 'the extension is installed');
    // The extension tested is the one the harness meant: the repository or the installed .vsix.
    const expected = process.env.GPD_EXPECT_EXTENSION_DIR;
    assert.ok(expected && (ext.extensionPath === expected || ext.extensionPath.startsWith(expected + '/')), `${ext.extensionPath} is under ${expected}`);
    const a = await api();
    assert.equal(ext.isActive, true);
    // Nobody ran a command: the file checks ran by themselves after activation.
    const report = await until('the file checks after activation', () => a.ctx.settled && a.report());
    const ci = file('.gitlab-ci.yml');
    const settings = file('.vscode/settings.json');
    await until('diagnostics on .gitlab-ci.yml and settings.json', () => ours(ci).length > 0 && ours(settings).length > 0);
    const ciText = fs.readFileSync(ci.fsPath, 'utf8').split('\n');
    const line = ciText.findIndex((l) => l.includes('GOPROXY'));
    assert.ok(ours(ci).some((d) => d.range.start.line === line && d.range.start.character === ciText[line].indexOf('Direct')), JSON.stringify(ours(ci).map((d) => [d.range.start, d.message])));
    // Only the file layers ran, without go, and no network check was relabelled.
    assert.ok(report.results.every((r) => ['environment', 'scopes'].includes(r.layer)), report.results.map((r) => r.id).join(' '));
    assert.deepEqual(goCalls(), [], 'the checks on open run no go');
    // Not diagnosed yet: the status bar says what the files showed and that the network was not checked.
    assert.equal(a.health(), 'unknown');
    assert.match(a.statusBarText(), /\$\(question\) Go Proxy/);
    const tip = a.ctx.status.tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.match(tip, /Files checked: \d+ problems/);
    assert.match(tip, /environment .+ \(files\)/);
    assert.ok(a.ctx.tree.getChildren().length > 0, 'the tree shows the file checks');
  });

  it('re-checks the files when a watched file is created, changed outside the editor or deleted', async () => {
    const a = await api();
    const docker = file('Dockerfile');
    fs.writeFileSync(docker.fsPath, 'FROM golang:1.22\nENV GOPRIVATE=https://git.corp.example.com\n');
    try {
      const d = await until('a diagnostic on the new Dockerfile', () => ours(docker).find((x) => x.range.start.line === 1));
      assert.equal(d.range.start.character, 'ENV GOPRIVATE='.length, 'at the value');
      fs.writeFileSync(docker.fsPath, 'FROM golang:1.22\nENV GOPRIVATE=git.corp.example.com\n');
      await until('the diagnostic gone once fixed on disk', () => ours(docker).length === 0);
      fs.writeFileSync(docker.fsPath, 'FROM golang:1.22\nENV GOPRIVATE=https://git.corp.example.com\n');
      await until('the diagnostic back', () => ours(docker).length > 0);
    } finally {
      fs.rmSync(docker.fsPath, { force: true });
    }
    await until('the diagnostics of the deleted Dockerfile gone', () => ours(docker).length === 0);
    assert.ok(a.report(), 'still a report');
  });

  it('re-checks the files when a setting the checks read changes', async () => {
    const a = await api();
    const settings = file('.vscode/settings.json');
    await until('settings.json diagnostics', () => ours(settings).length > 0);
    const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    // The checks that report on settings.json (a finding may carry another check's id).
    const ids = [...new Set(a.ctx.diagnostics.entries(settings).map((e) => e.result.id))];
    assert.ok(ours(settings).map(code).length > 0);
    const cfg = vscode.workspace.getConfiguration('goProxyDoctor');
    await cfg.update('disabledChecks', ids, vscode.ConfigurationTarget.Workspace);
    try {
      await until(`no diagnostics of ${ids.join(', ')} once they are disabled`, () => ours(settings).length === 0);
    } finally {
      await cfg.update('disabledChecks', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the diagnostics back', () => ours(settings).length > 0);
    assert.ok(a.report());
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
