import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { RunOutcome } from './worker-client';
import { planWhy, type WhyPlan } from '../core/errors/why';
import { explanationMarkdown } from './go-error-text';

/** What an explanation found and ran (returned to callers and tests). */
export interface Explanation {
  plan: WhyPlan;
  /** The run of the plan's checks; absent when the failures need no check (look-alikes). */
  outcome?: RunOutcome;
  markdown: string;
  document?: vscode.TextDocument;
}

/**
 * Explains go's error text: names the cause of every distinct failure, runs exactly the
 * checks that explain them (through the extension's worker, so the tree shows them too),
 * then opens cause, evidence and fix in an editor.
 */
export async function explainGoError(ctx: Ctx, text: string, show = true): Promise<Explanation> {
  // The pasted text may carry credentials (a GOPROXY URL with userinfo in a log line).
  ctx.log.redactor.learnFromText(text);
  const plan = planWhy(text);
  ctx.log.info(`explaining ${plan.failures.length} go failure(s): ${plan.failures.map((f) => f.kind).join(', ') || 'none'}; checks ${plan.checks.join(', ') || 'none'}`);
  let outcome: RunOutcome | undefined;
  if (plan.checks.length) {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Proxy: checking what explains the error'), cancellable: true },
      (progress, token) => ctx.diagnose({ only: plan.checks, modules: plan.modules, token, progress }),
    );
  }
  const note =
    outcome?.kind === 'failed'
      ? vscode.l10n.t('The checks could not run: {0}', outcome.error.split('\n')[0])
      : outcome?.kind === 'cancelled'
        ? vscode.l10n.t('The checks were cancelled.')
        : outcome?.kind === 'done' && ctx.config.offline
          ? vscode.l10n.t('Offline mode is on (goProxyDoctor.offline): network checks were skipped.')
          : undefined;
  const markdown = explanationMarkdown(plan, outcome?.kind === 'done' ? outcome.report : undefined, ctx.log.redactor, note);
  if (!show) return { plan, outcome, markdown };
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: true });
  return { plan, outcome, markdown, document };
}

/**
 * "Go Proxy: Explain go Error…": the text given (terminal links, other commands), else the
 * editor's selection, else text pasted into an input box.
 */
export function explainError(ctx: Ctx) {
  return async (given?: string): Promise<Explanation | undefined> => {
    const text = typeof given === 'string' && given.trim() ? given : selectedText() ?? (await askForText());
    if (!text?.trim()) return undefined;
    const explanation = await explainGoError(ctx, text);
    if (!explanation.plan.failures.length) void vscode.window.showInformationMessage(vscode.l10n.t('Go Proxy: no go failure found in the text.'));
    return explanation;
  };
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections.map((s) => editor.document.getText(s)).filter((t) => t.trim()).join('\n');
  return text.trim() ? text : undefined;
}

function askForText(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Explain go Error'),
    prompt: vscode.l10n.t("Paste the error go printed (or select it in an editor and run this command again)"),
    placeHolder: 'go: example.com/m@v1.0.0: Get "https://proxy.example/…": dial tcp …: connect: connection refused',
    ignoreFocusOut: true,
  });
}
