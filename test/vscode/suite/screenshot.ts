/**
 * Not a test: sets the workbench up for the README's screenshots (the Go Proxy view,
 * squiggles with their hover, the quick-fix menu, the status bar tooltip) and has the harness
 * take each picture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, until, workspaceDir } from './helpers';
import { runChainInLab } from './report-view-lab';

async function shoot(name: string): Promise<void> {
  const done = process.env.GPD_SCREENSHOT_DONE!;
  fs.rmSync(done, { force: true });
  fs.writeFileSync(process.env.GPD_SCREENSHOT_READY!, name);
  await until(`the screenshot ${name}`, () => fs.existsSync(done), 120_000);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  await api();
  await vscode.commands.executeCommand('goProxyDoctor.diagnose');
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceDir(), '.gitlab-ci.yml'));
  await vscode.commands.executeCommand('workbench.view.extension.goProxyDoctor');
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
  const d = vscode.languages.getDiagnostics(doc.uri).find((x) => x.source === 'Go Proxy');
  if (d) editor.selection = new vscode.Selection(d.range.end, d.range.end);
  await pause(500);
  await shoot('workbench.png'); // the harness points at the squiggle
  if (d) {
    editor.selection = new vscode.Selection(d.range.start.translate(0, 1), d.range.start.translate(0, 1));
    await vscode.commands.executeCommand('editor.action.quickFix');
    await pause(800);
    await shoot('quick-fix.png');
    await vscode.commands.executeCommand('hideCodeActionWidget');
  }
  await shoot('status-tooltip.png');
  await shootReportView();
}

/** The report view, drawn from a real chain walk against lab GOPROXY servers on loopback, in a dark and a light theme. */
async function shootReportView(): Promise<void> {
  const lab = await runChainInLab();
  try {
    await vscode.commands.executeCommand('goProxyDoctor.showReportView');
    await pause(1500);
    await shoot('report-view.png');
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    await pause(1500);
    // As the TLS layer's context action opens it: at the timings.
    await vscode.commands.executeCommand('goProxyDoctor.showReportView', { kind: 'layer', layer: 'tls' });
    await pause(800);
    await shoot('report-view-light.png');
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
    await pause(1500);
    await shoot('report-view-high-contrast.png');
  } finally {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    await lab.close();
  }
}
