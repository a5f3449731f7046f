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
  // The proxies the failing go was using, as its error names them: those are the hosts to
  // probe, not the ones this editor's environment would use (the error may come from CI).
  const proxies = proxiesNamed(plan);
  if (proxies.length) ctx.log.info(`the error names the proxy ${proxies.join(', ')}: probing it`);
  if (plan.checks.length) {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Proxy: checking what explains the error'), cancellable: true },
      (progress, token) => ctx.diagnose({ only: plan.checks, modules: plan.modules, token, progress, ...(proxies.length ? { env: { GOPROXY: proxies.join(',') } } : {}) }),
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

/**
 * The GOPROXY entries go's failing requests went to: each request URL without its
 * `<escaped module path>/@v/…` or `/@latest` tail (the GOPROXY protocol's URL layout,
 * cmd/go/internal/modfetch/proxy.go: proxyRepo.getBytes joins the base URL and the escaped path).
 */
export function proxiesNamed(plan: Pick<WhyPlan, 'failures'>): string[] {
  const out: string[] = [];
  for (const f of plan.failures) {
    const url = f.facts.url;
    if (!url || !/^https?:\/\//.test(url)) continue;
    const at = url.search(/\/@(v\/|latest$)/);
    if (at < 0) continue;
    let base = url.slice(0, at);
    const module = f.facts.module && escapeModulePath(f.facts.module);
    if (module && base.endsWith('/' + module)) base = base.slice(0, -module.length - 1);
    else continue; // cannot tell the proxy's base path from the module's
    if (!out.includes(base)) out.push(base);
  }
  return out;
}

/** Module path escaping of the proxy protocol: an upper-case letter becomes "!" and its lower case (golang.org/x/mod/module.EscapePath). */
function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}
