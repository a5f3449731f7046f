import * as vscode from 'vscode';

/** Activation stays cheap: no network, no processes, no disk scans here. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('goProxyDoctor.diagnose', async () => {
      const { runDiagnoseCommand } = await import('./commands');
      await runDiagnoseCommand(context);
    }),
  );
}

export function deactivate(): void {
  // Disposables are owned by the context.
}
