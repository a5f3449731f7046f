import * as vscode from 'vscode';

export async function runDiagnoseCommand(_context: vscode.ExtensionContext): Promise<void> {
  await vscode.window.showInformationMessage('Go Proxy Doctor: diagnosis runs in the worker (coming with the extension UI).');
}
