import { parseArgs } from 'node:util';
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import type { CliIO } from '../io';
import { EXIT, goOptionHelp, UsageError, goBinaryOption } from '../args';
import { nodeHost } from '../../core/host/node-host';
import { gatherEnvironment } from '../../core/env/gather';
import { discoverWorkspace } from '../../core/sources/discover';
import { MAX_CONFIG_BYTES } from '../../core/sources/read-source';
import { learnWorkspaceSecrets, redactorFor } from '../../core/diagnose';
import { runChecks } from '../../core/engine/run-checks';
import { scopesChecks } from '../../core/checks/scopes/index';
import { DEFAULT_OPTIONS } from '../../core/model/options';
import { Redactor } from '../../core/report/redact';
import { buildTables, contextLabel, displayPath, tableLines } from '../../core/checks/scopes/scope-table';
import { collectEdits } from '../../core/checks/scopes/collect-edits';
import { applyEditsToBytes, editsByFile, EditError } from '../../core/edit/apply-edits';
import { unifiedDiff } from '../../core/edit/unified-diff';
import { snapshotReads } from '../../core/edit/read-snapshots';
import { readRegularFile, writeFilesAllOrNothing, type FileWrite } from '../../core/edit/write-files';
import type { TextEdit } from '../../core/model/location';
import { escapeForTerminal, escapeJsonText, escapeLine, escapeTerminal } from '../../core/report/terminal-escape';

export const SCOPES_HELP = `usage: go-proxy-doctor scopes [DIR] [--format text|json] [--fix [--write]]

Every place under DIR (and in your shell and editor settings) where a Go variable is set,
per variable with file:line, and which one is in effect for the terminal, the editor's Go
tools, each CI job, Docker stage and systemd unit.

options:
  --format FORMAT   text|json (default text)
  --fix             print the repairs of bad values as a unified diff (nothing is written)
  --write           with --fix: apply the repairs to the files, all or none (a file changed
                    since it was read, read-only, or linked out of DIR is refused: exit 1)
${goOptionHelp(20)}  -h, --help        this help
`;

export async function runScopes(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean' },
      write: { type: 'boolean' },
      go: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(SCOPES_HELP);
    return EXIT.OK;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (one of text, json)`);
  if (values.write && !values.fix) throw new UsageError('--write only goes with --fix');
  // Every file read is remembered: the edits apply only to the text they were computed
  // from, and --write refuses a file whose bytes are no longer those.
  const snapshots = snapshotReads(nodeHost({ env: io.env, cwd: io.cwd }));
  const host = snapshots.host;
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const st = await host.stat(dir);
  if (!st?.isDirectory) throw new UsageError(`not a folder: ${dir}`);
  const redactor = redactorFor(host.env);
  const env = await gatherEnvironment(host, { timeoutMs: 10000, signal: io.signal, cwd: dir, goBinary: goBinaryOption(values.go, io.cwd)?.path });
  const ws = await discoverWorkspace(host, dir, io.signal, { goEnvFile: env.envFile.path });
  learnWorkspaceSecrets(redactor, env, ws);
  // The engine listens on the signal once per check; a linked controller keeps that local.
  const ac = new AbortController();
  setMaxListeners(100, ac.signal);
  io.signal?.addEventListener('abort', () => ac.abort(io.signal?.reason), { once: true });
  // The checks run without redaction here: a repair must write the real text (a mirror URL
  // with its credentials), so only what is printed is redacted.
  const memo = new Map<string, Promise<unknown>>();
  const results = await runChecks(scopesChecks, {
    dir, host, env, options: { ...DEFAULT_OPTIONS, offline: true, only: ['scopes'] }, redactor: new KeepText(),
    workspace: async () => ws,
    memo: <T>(k: string, f: () => Promise<T>) => {
      if (!memo.has(k)) memo.set(k, f());
      return memo.get(k) as Promise<T>;
    },
    log: () => {},
  }, { signal: ac.signal });
  const report = { results };
  const tables = buildTables(ws, env, dir, host.homedir);
  // File names are shown on one line, whatever they hold (a newline, an escape sequence).
  const rel = (f: string) => displayPath(f, dir, host.homedir);
  const show = (f: string) => escapeLine(rel(f));

  let edits: TextEdit[] = [];
  let skipped: Array<{ edit: TextEdit; reason: string }> = [];
  let diff = '';
  const failures: string[] = [];
  let written = false;
  if (values.fix) {
    ({ edits, skipped } = collectEdits(report.results));
    // Every file's new text is computed first; nothing is written unless all of them apply.
    const planned: FileWrite[] = [];
    for (const [file, list] of editsByFile(edits)) {
      try {
        const before = await readRegularFile(file, MAX_CONFIG_BYTES);
        if (snapshots.changedSinceRead(file, before)) throw new Error('changed since it was read (run again to see the edits for its new text)');
        // The diff shows the file's lines: its secret-named values are masked wherever shown.
        redactor.learnFromFileText(before.toString('utf8'));
        const after = applyEditsToBytes(before, list);
        diff += unifiedDiff(before.toString('utf8'), after.toString('utf8'), `a/${show(file)}`, `b/${show(file)}`);
        planned.push({ file, expected: before, next: after });
      } catch (e) {
        failures.push(`${show(file)}: ${e instanceof EditError ? e.message : (e as Error).message}`);
      }
    }
    if (values.write && failures.length === 0) {
      const outcome = await writeFilesAllOrNothing(planned, { root: dir });
      for (const f of outcome.failures) failures.push(`${show(f.file)}: ${f.message}`);
      if (outcome.failures.length) failures.push(outcome.written.length ? `some files could not be restored: ${outcome.written.map(show).join(', ')}` : 'nothing was written');
      written = outcome.failures.length === 0;
    } else if (values.write) {
      failures.push('nothing was written');
    }
  }

  if (format === 'json') {
    const out = {
      root: dir,
      variables: tables,
      contexts: (ws.contexts ?? []).map((c) => ({
        kind: c.kind, name: c.name, ...(c.file ? { file: c.file } : {}), notes: c.notes ?? [],
        values: Object.fromEntries(Object.entries(c.values).map(([k, a]) => [k, { value: a.value, file: a.range.file, line: a.range.startLine, column: a.range.startColumn }])),
      })),
      problems: ws.problems,
      findings: report.results.flatMap((r) => r.findings),
      ...(values.fix ? { edits, skipped, diff, written, failures } : {}),
    };
    io.stdout(escapeJsonText(JSON.stringify(redactor.redactDeep(out), null, 2)) + '\n');
  } else {
    // What is printed is redacted before it is laid out (so columns stay aligned) and made safe
    // for a terminal: file names and values stay on their line, control characters are shown.
    const singleLine = [dir, ...ws.assignments.flatMap((a) => [a.value, a.range.file]), ...ws.problems.map((p) => p.file), ...(ws.contexts ?? []).map((c) => c.file ?? '')];
    const view = redactor.redactDeep({
      tables,
      editorProxy: ws.assignments.filter((a) => a.variable.startsWith('http.')).map((a) => ({ variable: a.variable, value: a.value, file: rel(a.range.file), line: a.range.startLine, level: a.scope.level ?? '' })),
      contexts: (ws.contexts ?? []).filter((c) => Object.keys(c.values).length > 0 || c.kind === 'terminal' || c.kind === 'editor-tools').map((c) => ({
        label: contextLabel(c), notes: c.notes ?? [],
        values: Object.entries(c.values).map(([k, a]) => ({ variable: k, value: a.value, file: rel(a.range.file), line: a.range.startLine })),
      })),
      problems: ws.problems.map((p) => ({ file: rel(p.file), where: p.location ? `:${p.location.startLine}:${p.location.startColumn}` : '', message: p.message })),
      findings: report.results.flatMap((r) => r.findings).map((f) => ({ severity: f.severity, id: f.id, file: f.location ? rel(f.location.file) : undefined, where: f.location ? `:${f.location.startLine}:${f.location.startColumn}` : '', message: f.message.split('\n')[0] })),
      skipped: skipped.map((x) => ({ file: rel(x.edit.file), where: `:${x.edit.startLine}:${x.edit.startColumn}`, reason: x.reason })),
    });
    // Messages quote file names and values: those keep to their line inside the message too.
    const said = escapeForTerminal({ problems: view.problems, findings: view.findings, skipped: view.skipped }, singleLine);
    const one = (x: string) => escapeLine(x);
    const q = (x: string) => escapeLine(JSON.stringify(x));
    let t = '';
    if (view.tables.length === 0) t += 'No Go variable is set in any file found.\n';
    for (const tb of view.tables) {
      t += `\n${one(tb.variable)}  (go uses ${q(tb.effective.value)} from ${one(tb.effective.source)})\n`;
      for (const l of tableLines(tb)) t += `  ${one(l)}\n`;
    }
    if (view.editorProxy.length) {
      t += '\nEditor proxy settings (VS Code and its extensions only; go never reads them):\n';
      for (const a of view.editorProxy) t += `  ${one(a.variable)} = ${q(a.value)}  ${one(a.file)}:${a.line} (${one(a.level)})\n`;
    }
    if (view.contexts.length) t += '\nIn effect:\n';
    for (const c of view.contexts) {
      t += `  ${one(c.label)}: ${c.values.length ? c.values.map((v) => `${one(v.variable)}=${q(v.value)} (${one(v.file)}:${v.line})`).join(', ') : 'nothing set in files (process environment, go/env file, defaults)'}\n`;
      for (const n of c.notes) t += `      note: ${one(n)}\n`;
    }
    if (said.problems.length) {
      t += '\nProblems:\n';
      for (const p of said.problems) t += `  ${one(p.file)}${p.where}: ${one(p.message)}\n`;
    }
    if (said.findings.length) {
      t += '\nFindings:\n';
      for (const f of said.findings) t += `  ${f.severity} ${f.id}${f.file !== undefined ? ` ${one(f.file)}${f.where}` : ''}: ${one(f.message.split('\n')[0])}\n`;
    }
    if (values.fix) {
      // The diff is computed on the real text; only its display is redacted and escaped.
      t += diff ? `\n${written ? 'Applied' : values.write ? 'Not applied' : 'Proposed edits (run with --write to apply)'}:\n${escapeTerminal(redactor.redact(diff))}` : '\nNo edits to propose.\n';
      for (const x of said.skipped) t += `  skipped ${one(x.file)}${x.where}: ${one(x.reason)}\n`;
    }
    io.stdout(escapeTerminal(redactor.redact(t.replace(/^\n/, ''))));
  }
  for (const f of failures) io.stderr(`go-proxy-doctor: ${escapeLine(redactor.redact(f))}\n`);
  if (failures.length) return EXIT.FINDINGS;
  return report.results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT.FINDINGS : EXIT.OK;
}

/** A redactor that changes nothing (the output is redacted once, when printed). */
class KeepText extends Redactor {
  override redact(text: string): string {
    return text;
  }
  override redactDeep<T>(value: T): T {
    return value;
  }
}
