import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { COMMANDS } from './commands';
import { registerReportView } from './report-view';
import { GoErrorTerminalLinks } from './terminal-links';
import type { Health } from './health';
import type { RunOutcome } from './worker-client';
import type { Report } from '../core/report/report';
import type { RunOptions } from '../core/model/options';

/** What the extension offers to other extensions and to its own tests. */
export interface GoProxyDoctorApi {
  readonly ctx: Ctx;
  report(): Report | undefined;
  health(): Health;
  statusBarText(): string;
  lastRunOptions(): Partial<RunOptions> | undefined;
  diagnose(token?: vscode.CancellationToken): Promise<RunOutcome>;
  staticRun(): Promise<RunOutcome>;
  /** The provider that makes go's failure lines in the terminal clickable. */
  readonly terminalLinks: GoErrorTerminalLinks;
}

/**
 * Activation stays cheap: it creates the UI objects and registers commands; no network, no
 * processes, no disk scans here. Right after it returns, the worker checks the files (no go run).
 */
export function activate(context: vscode.ExtensionContext): GoProxyDoctorApi {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  for (const [name, factory] of Object.entries(COMMANDS)) context.subscriptions.push(vscode.commands.registerCommand(name, factory(ctx)));
  context.subscriptions.push(registerReportView(ctx));
  const terminalLinks = new GoErrorTerminalLinks(ctx);
  context.subscriptions.push(vscode.window.registerTerminalLinkProvider(terminalLinks));
  if (ctx.config.diagnoseOnStartup && vscode.workspace.workspaceFolders?.length) {
    // After activation has returned: the run happens in the worker.
    setTimeout(() => void ctx.diagnose(), 0);
  } else if (vscode.workspace.workspaceFolders?.length) {
    // The file checks, after activation has returned, in the worker: problems show on open.
    setTimeout(() => ctx.checkFilesOnOpen(), 0);
  }
  return {
    ctx,
    report: () => ctx.state.report,
    health: () => ctx.status.state,
    statusBarText: () => ctx.status.text,
    lastRunOptions: () => ctx.lastRunOptions,
    diagnose: (token) => ctx.diagnose({ token }),
    staticRun: () => ctx.staticRun(),
    terminalLinks,
  };
}

export function deactivate(): void {
  // Everything is owned by the context, disposed with the extension's subscriptions.
}
