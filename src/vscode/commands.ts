import * as vscode from 'vscode';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
// The ESM build: the package's UMD main hides its requires from the bundler.
import { modify, applyEdits } from 'jsonc-parser/lib/esm/main.js';
import type { Ctx } from './ctx';
import type { Node } from './tree';
import type { RunOutcome } from './worker-client';
import { findingMarkdown, goEnvWriteCommand, resultMarkdown } from './fix-text';
import { toRange, toUri } from './diagnostics';
import type { Report } from '../core/report/report';
import { renderMarkdown } from '../core/report/markdown';
import { parseGoMod } from '../core/sources/go-mod';
import { SourceText } from '../core/sources/source-text';
import type { WorkerCommand } from '../worker/protocol';
import { parseDownloadJson, type DownloadedModule } from './go-download-json';
import { explainError } from './explain-error';

export interface SetVariableArgs {
  variable: string;
  value: string;
  weakening?: boolean;
}

type Factory = (ctx: Ctx) => (...args: any[]) => unknown;

/** Every command, as a factory over the context (rust-analyzer's habit). */
export const COMMANDS: Record<string, Factory> = {
  'goProxyDoctor.diagnose': diagnose,
  'goProxyDoctor.rerun': rerun,
  'goProxyDoctor.applyFix': applyFix,
  'goProxyDoctor.openDocs': openDocs,
  'goProxyDoctor.copyMarkdown': copyMarkdown,
  'goProxyDoctor.revealLocation': revealLocation,
  'goProxyDoctor.showReport': showReport,
  'goProxyDoctor.exportReport': exportReport,
  'goProxyDoctor.openLog': (ctx) => () => ctx.log.show(),
  'goProxyDoctor.applyAllSafeFixes': applyAllSafeFixes,
  'goProxyDoctor.setForGoTools': setForGoTools,
  'goProxyDoctor.setForUser': setForUser,
  'goProxyDoctor.copyText': () => (text: string) => vscode.env.clipboard.writeText(String(text)),
  'goProxyDoctor.explainGoproxy': (ctx) => () => showCliOutput(ctx, 'explain', [ctx.folder() ?? '.'], vscode.l10n.t('Go Proxy: explaining GOPROXY')),
  'goProxyDoctor.showScopes': (ctx) => () => showCliOutput(ctx, 'scopes', [ctx.folder() ?? '.'], vscode.l10n.t('Go Proxy: reading where Go variables are set')),
  'goProxyDoctor.resolveModule': resolveModule,
  'goProxyDoctor.verifyWithGo': verifyWithGo,
  'goProxyDoctor.explainError': explainError,
};

/** The subcommand's arguments with `--go` naming the go the Go extension runs, when it found one. */
function withGo(ctx: Ctx, argv: string[]): string[] {
  const go = ctx.goChoice().binary;
  return go ? [...argv, '--go', go.path] : argv;
}

/** Runs a CLI subcommand in the worker and opens its output (the same text the CLI prints). */
async function showCliOutput(ctx: Ctx, name: WorkerCommand, argv: string[], title: string): Promise<string | undefined> {
  if (ctx.untrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Go Proxy: go is not run in an untrusted workspace.'));
    return undefined;
  }
  const cwd = ctx.folder() ?? process.cwd();
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) =>
    ctx.worker.command({ name, argv: withGo(ctx, argv), cwd, env: ctx.environment() }, token),
  );
  if (outcome.kind !== 'output') {
    if (outcome.kind === 'failed') void vscode.window.showErrorMessage(vscode.l10n.t('Go Proxy: {0} failed: {1}', name, firstLine(outcome.error)));
    return undefined;
  }
  const text = ctx.log.redactor.redact(outcome.stdout + (outcome.stderr ? `\n${outcome.stderr}` : ''));
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
  await vscode.window.showTextDocument(doc, { preview: true });
  return text;
}

/** "Resolve Module…": walks the GOPROXY chain for one module@version as go would. */
function resolveModule(ctx: Ctx) {
  return async (moduleAtVersion?: string): Promise<string | undefined> => {
    const mv =
      moduleAtVersion ??
      (await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Module and version, as go get takes them'),
        placeHolder: 'golang.org/x/text@v0.14.0',
        validateInput: (v) => (/^[^@\s]+@[^@\s]+$/.test(v.trim()) ? undefined : vscode.l10n.t('Write MODULE@VERSION')),
      }));
    if (!mv) return undefined;
    return showCliOutput(ctx, 'resolve', [mv.trim(), '--timeout', String(ctx.config.timeoutMs)], vscode.l10n.t('Go Proxy: resolving {0}', mv.trim()));
  };
}

/**
 * "Verify with go": `go mod download -json` for the workspace's requirements, and per module
 * whether go now succeeds — the proof that a fix worked.
 */
function verifyWithGo(ctx: Ctx) {
  return async (): Promise<DownloadedModule[] | undefined> => {
    if (ctx.untrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Go Proxy: go is not run in an untrusted workspace.'));
      return undefined;
    }
    const dir = ctx.folder();
    if (!dir) return undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Proxy: go mod download'), cancellable: true },
      async (_p, token) => {
        // Explicit module@version arguments: without them go 1.19 loads the whole graph first
        // and prints one error instead of a verdict per module (modcmd/download.go).
        const targets = await requirements(dir);
        if (targets.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Go Proxy: go.mod requires no module to download.'));
          return [];
        }
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        const started = Date.now();
        const out = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
          execFile('go', ['mod', 'download', '-json', ...targets], { cwd: dir, env: ctx.environment(), signal: ac.signal, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ stdout: String(stdout), stderr: String(stderr), code: exitCode(err) }),
          );
        });
        sub.dispose();
        if (token.isCancellationRequested) return undefined;
        const { modules, rest } = parseDownloadJson(out.stdout);
        const r = ctx.log.redactor;
        const ok = modules.filter((m) => !m.Error).length;
        const lines = [
          `# go mod download -json ${targets.join(' ')}`,
          '',
          `${r.redact(dir)} — ${vscode.l10n.t('{0} of {1} modules downloaded', ok, modules.length)} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          '',
          '| module | version | go |',
          '|---|---|---|',
          ...modules.map((m) => `| ${m.Path} | ${m.Version ?? ''} | ${m.Error ? `✗ ${r.redact(m.Error).replace(/\|/g, '\\|').replace(/\n/g, ' ')}` : '✓'} |`),
        ];
        const tail = [rest, out.stderr.trim()].filter(Boolean).join('\n');
        if (tail) lines.push('', '```', r.redact(tail), '```');
        ctx.log.info(`go mod download -json in ${dir}: ${ok}/${modules.length} ok, exit ${out.code}`);
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') + '\n' });
        await vscode.window.showTextDocument(doc, { preview: true });
        return modules;
      },
    );
  };
}

/** "Go Proxy: Diagnose": progress with a cancel button; the tree fills as checks finish. */
function diagnose(ctx: Ctx) {
  return (): Thenable<RunOutcome> =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Proxy: diagnosing'), cancellable: true },
      async (progress, token) => {
        const outcome = await ctx.diagnose({ token, progress });
        if (outcome.kind === 'failed') void vscode.window.showErrorMessage(vscode.l10n.t('Go Proxy: the diagnosis failed: {0}', firstLine(outcome.error)));
        return outcome;
      },
    );
}

function rerun(ctx: Ctx) {
  return (node?: Node): Thenable<RunOutcome> | Promise<RunOutcome> => {
    const only = node?.kind === 'check' ? [node.result.id] : node?.kind === 'layer' ? [node.layer] : node?.kind === 'running' ? [node.check.id] : undefined;
    if (!only) return diagnose(ctx)();
    return ctx.diagnose({ only });
  };
}

function openDocs() {
  return (target?: string | Node) => {
    const url = typeof target === 'string' ? target : target?.kind === 'check' ? target.result.docs : target?.kind === 'finding' ? target.result.docs : undefined;
    if (url) return vscode.env.openExternal(vscode.Uri.parse(url));
  };
}

function copyMarkdown() {
  return (node?: Node) => {
    if (node?.kind === 'finding') return vscode.env.clipboard.writeText(findingMarkdown(node.result, node.finding));
    if (node?.kind === 'check') return vscode.env.clipboard.writeText(resultMarkdown(node.result));
  };
}

function revealLocation(ctx: Ctx) {
  return async (node?: Node) => {
    if (node?.kind !== 'finding' || !node.finding.location) return;
    const loc = node.finding.location;
    const editor = await vscode.window.showTextDocument(toUri(loc.file, ctx.state.report?.dir ?? ''), { preview: false });
    editor.selection = new vscode.Selection(toRange(loc).start, toRange(loc).end);
    editor.revealRange(toRange(loc), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };
}

/** Applies one fix of a finding from the tree (the code-action set, picked from a list). */
function applyFix(ctx: Ctx) {
  return async (node?: Node) => {
    if (node?.kind !== 'finding' || !node.finding.location) {
      if (node?.kind === 'finding' && node.finding.fixes[0]?.variable && node.finding.fixes[0].value !== undefined) {
        const f = node.finding.fixes[0];
        return setForGoTools(ctx)({ variable: f.variable!, value: f.value!, weakening: f.weakening });
      }
      return;
    }
    const loc = node.finding.location;
    const uri = toUri(loc.file, ctx.state.report?.dir ?? '');
    const doc = await vscode.workspace.openTextDocument(uri);
    const actions = ctx.codeActions.provideCodeActions(
      doc,
      toRange(loc),
      { diagnostics: ctx.diagnostics.entries(uri).filter((e) => e.finding === node.finding).map((e) => e.diagnostic), only: vscode.CodeActionKind.QuickFix, triggerKind: vscode.CodeActionTriggerKind.Invoke },
    );
    const picked = actions.length === 1 ? actions[0] : await vscode.window.showQuickPick(actions.map((a) => ({ label: a.title, description: a.isPreferred ? vscode.l10n.t('preferred') : undefined, action: a })), { placeHolder: vscode.l10n.t('Choose a fix') }).then((p) => p?.action);
    if (!picked) return;
    if (picked.edit) await vscode.workspace.applyEdit(picked.edit);
    if (picked.command) await vscode.commands.executeCommand(picked.command.command, ...(picked.command.arguments ?? []));
  };
}

/** The safe (preferred, non-weakening) fixes of every file with findings. */
function applyAllSafeFixes(ctx: Ctx) {
  return async (): Promise<number> => {
    const report = ctx.state.report;
    if (!report) return 0;
    const files = new Set<string>();
    for (const r of ctx.state.allResults()) for (const f of r.findings) if (f.location) files.add(toUri(f.location.file, report.dir).toString());
    let applied = 0;
    for (const key of files) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(key));
      const action = ctx.codeActions.fixAll(doc);
      if (action?.edit && (await vscode.workspace.applyEdit(action.edit))) applied++;
    }
    void vscode.window.showInformationMessage(applied ? vscode.l10n.t('Go Proxy: applied safe fixes in {0} files. Save and run Diagnose to confirm.', applied) : vscode.l10n.t('Go Proxy: no safe fix to apply.'));
    return applied;
  };
}

/** Writes the variable into the workspace's go.toolsEnvVars (read by the Go extension's tools). */
function setForGoTools(ctx: Ctx) {
  return async (args: SetVariableArgs): Promise<boolean> => {
    if (ctx.untrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Go Proxy: settings are not written in an untrusted workspace.'));
      return false;
    }
    const folder = ctx.folder();
    if (!folder) return false;
    const go = vscode.workspace.getConfiguration('go', vscode.Uri.file(folder));
    const current = go.inspect<Record<string, string>>('toolsEnvVars')?.workspaceValue ?? {};
    try {
      await go.update('toolsEnvVars', { ...current, [args.variable]: args.value }, vscode.ConfigurationTarget.Workspace);
    } catch {
      // go.toolsEnvVars is registered by the Go extension; without it VS Code refuses to
      // write it, so the settings file is edited as text (comments kept).
      await editSettingsFile(folder, ['go.toolsEnvVars', args.variable], args.value);
    }
    ctx.log.info(`set ${args.variable} in go.toolsEnvVars of ${folder}`);
    return true;
  };
}

async function editSettingsFile(folder: string, jsonPath: string[], value: string): Promise<void> {
  const uri = vscode.Uri.file(path.join(folder, '.vscode', 'settings.json'));
  const format = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // Through the editor, so that unsaved changes in it are kept.
    const base = open.getText() || '{}';
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), applyEdits(base, modify(base, jsonPath, value, format)));
    await vscode.workspace.applyEdit(we);
    await open.save();
    return;
  }
  let text = '{}';
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8') || '{}';
  } catch {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(uri.fsPath)));
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(applyEdits(text, modify(text, jsonPath, value, format)), 'utf8'));
}

/** `go env -w` after a modal confirmation that shows the command and what would hide it. */
function setForUser(ctx: Ctx) {
  return async (args: SetVariableArgs): Promise<boolean> => {
    if (ctx.untrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Go Proxy: go is not run in an untrusted workspace.'));
      return false;
    }
    const command = goEnvWriteCommand(args.variable, args.value);
    const env = ctx.environment();
    const osValue = env[args.variable];
    const lines = [vscode.l10n.t('This runs:'), command, ''];
    // An OS variable wins over the go env file; `go env -w` writes anyway and warns when the OS
    // value is non-empty and different (go@1.19.8 src/cmd/go/internal/envcmd/env.go runEnvW:
    // "warning: go env -w %s=... does not override conflicting OS environment variable").
    if (osValue && osValue !== args.value) lines.push(vscode.l10n.t('Warning: {0} is also set in the environment ("{1}"), which hides the go env file: go keeps using the environment value until it is removed.', args.variable, ctx.log.redactor.redact(osValue)), '');
    if (args.weakening) lines.push(vscode.l10n.t('This change weakens security.'), '');
    lines.push(vscode.l10n.t('It changes the go env file of this user, for every project.'));
    if (!(await ctx.confirm(vscode.l10n.t('Set {0} for this user?', args.variable), lines.join('\n'), vscode.l10n.t('Run go env -w')))) return false;
    const goEnv = { ...env };
    const result = await new Promise<{ ok: boolean; out: string }>((resolve) =>
      execFile('go', ['env', '-w', `${args.variable}=${args.value}`], { env: goEnv, timeout: 30000 }, (err, stdout, stderr) => resolve({ ok: !err, out: `${stdout}${stderr}`.trim() })),
    );
    ctx.log.info(`${command}: ${result.ok ? 'ok' : 'failed'} ${result.out}`);
    if (!result.ok) void vscode.window.showErrorMessage(vscode.l10n.t('Go Proxy: {0} failed: {1}', command, ctx.log.redactor.redact(result.out)));
    return result.ok;
  };
}

function showReport(ctx: Ctx) {
  return async () => {
    const report = ctx.state.report;
    if (!report) return diagnose(ctx)();
    // When each layer was last checked: a file-only re-run does not make the network results new.
    const checked = ctx.state.layerChecks().map(([layer, c]) => `- ${layer}: ${c.at} (${c.how})`);
    const content = reportMarkdown(report) + (checked.length ? `\n## Last checked\n\n${checked.join('\n')}\n` : '');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(doc, { preview: true });
  };
}

/** Export as Markdown or JSON, to a file or the clipboard. `target` skips the questions (tests). */
function exportReport(ctx: Ctx) {
  return async (target?: { format: 'markdown' | 'json'; file?: string }): Promise<string | undefined> => {
    const report = ctx.state.report;
    if (!report) return undefined;
    const format =
      target?.format ??
      (await vscode.window.showQuickPick([{ label: 'Markdown', format: 'markdown' as const }, { label: 'JSON', format: 'json' as const }], { placeHolder: vscode.l10n.t('Export format') }))?.format;
    if (!format) return undefined;
    const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportMarkdown(report);
    let file = target?.file;
    if (!target) {
      const toFile = vscode.l10n.t('Save to a file…');
      const where = await vscode.window.showQuickPick([toFile, vscode.l10n.t('Copy to the clipboard')]);
      if (!where) return undefined;
      if (where === toFile) {
        const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(report.dir, format === 'json' ? 'go-proxy-report.json' : 'go-proxy-report.md')) });
        if (!uri) return undefined;
        file = uri.fsPath;
      }
    }
    if (file) await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(text, 'utf8'));
    else await vscode.env.clipboard.writeText(text);
    return text;
  };
}

/** The report as the CLI's --format markdown prints it. */
export function reportMarkdown(report: Report): string {
  return renderMarkdown(report);
}

/** module@version of every requirement of the folder's go.mod that go would download. */
async function requirements(dir: string): Promise<string[]> {
  const file = path.join(dir, 'go.mod');
  let text: string;
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(file))).toString('utf8');
  } catch {
    return [];
  }
  const mod = parseGoMod(new SourceText(file, text));
  // A requirement replaced by a local directory is not downloaded.
  const local = new Set(mod.replaces.filter((r) => !r.new.version).map((r) => r.old.path));
  return mod.requires.filter((r) => !local.has(r.path)).map((r) => `${r.path}@${r.version}`);
}

/** The exit code of a finished child; null when it was killed or never started. */
function exitCode(err: unknown): number | null {
  if (!err) return 0;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
