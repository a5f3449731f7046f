/**
 * Not a test: sets the workbench up for the README's screenshot (Go Proxy view, squiggles,
 * status bar), tells the harness it is ready, and waits until the picture is taken.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, until, workspaceDir } from './helpers';

export async function run(): Promise<void> {
  const a = await api();
  await vscode.commands.executeCommand('goProxyDoctor.diagnose');
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceDir(), '.gitlab-ci.yml'));
  const editor = await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.view.extension.goProxyDoctor');
  await vscode.window.showTextDocument(doc, { preserveFocus: false });
  const d = vscode.languages.getDiagnostics(doc.uri).find((x) => x.source === 'Go Proxy');
  if (d) {
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
  }
  void a;
  fs.writeFileSync(process.env.GPD_SCREENSHOT_READY!, '');
  await until('the screenshot', () => fs.existsSync(process.env.GPD_SCREENSHOT_DONE!), 120_000);
}
