import * as vscode from 'vscode';
import { findingDocs } from './finding-docs';
import type { Fix } from '../core/model/result';
import { Diagnostics, toRange, toUri, DIAGNOSTIC_SOURCE, type FindingEntry } from './diagnostics';
import { replacementText, rewritesSpan } from './fix-text';
import type { RunState } from './run-state';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('goProxyDoctor');

/**
 * "Set for the editor's Go tools" and "set for this user" fit a value that belongs to this
 * machine: a set-variable fix, or an edit of the editor's or the shell's settings. A value
 * fixed in a CI file or a Dockerfile stays there.
 */
function offersScopes(entry: FindingEntry, fix: Fix): fix is Fix & { variable: string; value: string } {
  if (!fix.variable || fix.value === undefined) return false;
  if (fix.kind === 'set-variable') return true;
  const file = entry.finding.location?.file.replace(/\\/g, '/') ?? '';
  return /(^|\/)\.vscode\/settings\.json$|(^|\/)\.envrc$/.test(file);
}

/**
 * A fixed set of actions per finding (as vscode-eslint does): each fix of the finding (the
 * preferred one marked; weakening fixes never preferred), "set for the editor's Go tools",
 * "set for this user", "show documentation"; and `source.fixAll.goProxyDoctor` for the safe
 * fixes of the whole file. Edits are offered only while the document still has the text the
 * finding was computed on.
 */
export class CodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly state: RunState,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const wantsFixAll = !context.only || context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only);
    const wantsQuickFix = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix);
    if (wantsQuickFix) {
      for (const d of context.diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE) continue;
        const entry = this.diagnostics.entryFor(doc.uri, d);
        if (entry) out.push(...this.actionsFor(doc, entry));
      }
    }
    if (wantsFixAll && (context.only || context.triggerKind === vscode.CodeActionTriggerKind.Invoke)) {
      const all = this.fixAll(doc);
      if (all) out.push(all);
    }
    return out;
  }

  private actionsFor(doc: vscode.TextDocument, entry: FindingEntry): vscode.CodeAction[] {
    const { finding, result } = entry;
    const fresh = Diagnostics.isFresh(entry, doc);
    const out: vscode.CodeAction[] = [];
    for (const fix of finding.fixes) {
      const edit = fresh ? this.editFor(doc, entry, fix) : undefined;
      if (edit) {
        const a = new vscode.CodeAction(fix.weakening ? vscode.l10n.t('{0} (weakens security)', fix.title) : fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        a.diagnostics = [entry.diagnostic];
        a.isPreferred = fix.preferred && !fix.weakening;
        out.push(a);
      }
      if (offersScopes(entry, fix)) {
        const args = { variable: fix.variable, value: fix.value, weakening: Boolean(fix.weakening) };
        const tools = new vscode.CodeAction(vscode.l10n.t("Set {0}={1} for the editor's Go tools (go.toolsEnvVars)", fix.variable, fix.value), vscode.CodeActionKind.QuickFix);
        tools.command = { command: 'goProxyDoctor.setForGoTools', title: tools.title, arguments: [args] };
        tools.diagnostics = [entry.diagnostic];
        out.push(tools);
      }
      // diagnose gives a set-variable fix `go env -w` only where the go that runs accepts the
      // variable (envcmd checkEnvWrite of that release) and no OS value hides it: never offer a
      // `go env -w` that go refuses (e.g. GOTOOLCHAIN to go1.19, GOROOT to go1.27).
      if (offersScopes(entry, fix) && (fix.kind !== 'set-variable' || !fix.command || fix.command.startsWith('go env -w '))) {
        const args = { variable: fix.variable, value: fix.value, weakening: Boolean(fix.weakening) };
        const user = new vscode.CodeAction(vscode.l10n.t('Set {0}={1} for this user (go env -w)…', fix.variable, fix.value), vscode.CodeActionKind.QuickFix);
        user.command = { command: 'goProxyDoctor.setForUser', title: user.title, arguments: [args] };
        user.diagnostics = [entry.diagnostic];
        out.push(user);
      }
      if (fix.kind === 'command' && fix.command) {
        const copy = new vscode.CodeAction(vscode.l10n.t('Copy command: {0}', fix.command), vscode.CodeActionKind.QuickFix);
        copy.command = { command: 'goProxyDoctor.copyText', title: copy.title, arguments: [fix.command] };
        copy.diagnostics = [entry.diagnostic];
        out.push(copy);
      }
    }
    const docs = new vscode.CodeAction(vscode.l10n.t('Show documentation for {0}', finding.id), vscode.CodeActionKind.QuickFix);
    docs.command = { command: 'goProxyDoctor.openDocs', title: docs.title, arguments: [findingDocs(finding, result, this.state.allResults())] };
    docs.diagnostics = [entry.diagnostic];
    out.push(docs);
    return out;
  }

  /** The workspace edit of a fix in this document, or undefined when it has none here. */
  editFor(doc: vscode.TextDocument, entry: FindingEntry, fix: Fix): vscode.WorkspaceEdit | undefined {
    const dir = this.state.report?.dir ?? '';
    if (fix.kind === 'edit' && fix.edits?.length) {
      const we = new vscode.WorkspaceEdit();
      for (const e of fix.edits) we.replace(toUri(e.file, dir), toRange(e), e.newText);
      return we;
    }
    if (rewritesSpan(entry.finding, fix) && entry.finding.location) {
      const uri = toUri(entry.finding.location.file, dir);
      if (uri.toString() !== doc.uri.toString()) return undefined;
      const range = toRange(entry.finding.location);
      const we = new vscode.WorkspaceEdit();
      we.replace(uri, range, replacementText(doc.getText(range), fix.value!, doc.fileName));
      return we;
    }
    return undefined;
  }

  /** Every preferred, non-weakening fix of this document that edits only this document. */
  fixAll(doc: vscode.TextDocument): vscode.CodeAction | undefined {
    const we = new vscode.WorkspaceEdit();
    const taken: vscode.Range[] = [];
    for (const entry of this.diagnostics.entries(doc.uri)) {
      if (!Diagnostics.isFresh(entry, doc)) continue;
      const fix = entry.finding.fixes.find((f) => f.preferred && !f.weakening);
      if (!fix) continue;
      const edit = this.editFor(doc, entry, fix);
      if (!edit) continue;
      const edits = edit.entries();
      if (edits.some(([uri]) => uri.toString() !== doc.uri.toString())) continue;
      const ranges = edits.flatMap(([, es]) => es.map((e) => e.range));
      if (ranges.some((r) => taken.some((t) => t.intersection(r) !== undefined))) continue;
      for (const [uri, es] of edits) for (const e of es) we.replace(uri, e.range, e.newText);
      taken.push(...ranges);
    }
    if (taken.length === 0) return undefined;
    const a = new vscode.CodeAction(vscode.l10n.t('Fix all safe Go Proxy problems'), FIX_ALL_KIND);
    a.edit = we;
    return a;
  }
}
