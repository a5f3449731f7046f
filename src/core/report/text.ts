import { goLineSuffix } from './go-rules';
import { shellQuote } from './shell-quote';
import { setVariableCommand } from '../env/go-config-vars';
import type { Report } from './report';
import type { CheckResult, Fix, Status } from '../model/result';
import { LAYERS } from '../model/layers';
import { Redactor } from './redact';
import { escapeForTerminal, escapeLine } from './terminal-escape';

export interface TextStyle {
  color: boolean;
}

const MARK: Record<Status, string> = { ok: '✓', warning: '!', error: '✗', skipped: '–', crashed: '✗' };
const COLOR: Record<Status, string> = { ok: '32', warning: '33', error: '31', skipped: '90', crashed: '35' };

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export function fixLine(f: Fix): string {
  const tag = f.preferred ? 'fix' : f.weakening ? 'fix (weakens security)' : 'alternative';
  if (f.kind === 'command' && f.command) return `${tag}: ${f.title}\n    $ ${f.command}`;
  if (f.kind === 'set-variable' && f.variable !== undefined) return `${tag}: ${f.title}\n    $ ${f.command ?? setVariableCommand(f.variable, f.value ?? '')}`;
  if (f.kind === 'edit' && f.edits?.length) {
    const e = f.edits[0];
    return `${tag}: ${f.title} (${escapeLine(e.file)}:${e.startLine}:${e.startColumn})`;
  }
  return `${tag}: ${f.title}`;
}

export { shellQuote };

export function renderResultText(r: CheckResult, style: TextStyle): string {
  const lines: string[] = [];
  const head = `${paint(style.color, COLOR[r.status], MARK[r.status])} ${r.id} ${r.title}`;
  const tail = r.status === 'skipped' || r.status === 'crashed' ? ` (${r.status}: ${indent(r.reason ?? '', 4)})` : '';
  lines.push(head + paint(style.color, '90', tail));
  for (const f of r.findings) {
    const sev = f.severity === 'error' ? paint(style.color, '31', 'error') : f.severity === 'warning' ? paint(style.color, '33', 'warning') : paint(style.color, '36', 'info');
    const where = f.location ? ` ${escapeLine(f.location.file)}:${f.location.startLine}:${f.location.startColumn}` : '';
    lines.push(`    ${sev}${where}: ${indent(f.message, 6)}`);
    for (const e of f.evidence) lines.push(`      · ${indent(e, 8)}`);
    for (const x of f.fixes) lines.push(`      ${indent(fixLine(x), 6)}`);
  }
  return lines.join('\n');
}

/** Continuation lines are indented under their item: no data starts a line of its own. */
function indent(s: string, n: number): string {
  return s.replace(/\r?\n/g, '\n' + ' '.repeat(n));
}

/**
 * The strings of a report that are one line each (the folder, go's path, file names, values):
 * wherever they appear their newlines are shown as `\n`, so a folder named
 * `x\nINJECTED-LINE ok: all checks passed` cannot print a line of its own.
 */
export function singleLineData(report: Report): string[] {
  const out = [report.dir, report.go.path ?? '', report.go.version ?? ''];
  for (const v of Object.values(report.environment ?? {})) out.push(v.value, ...v.shadows.map((s) => s.value));
  for (const r of report.results) {
    for (const f of r.findings) {
      if (f.location) out.push(f.location.file);
      for (const x of f.fixes) for (const e of x.edits ?? []) out.push(e.file);
    }
  }
  return out;
}

/**
 * What the text format prints of a report: redacted again on the way out, like every other
 * format, then made safe for a terminal (control characters shown, one-line data kept on its line).
 */
export function terminalSafeReport(input: Report): Report {
  const report = new Redactor().redactDeep(input);
  return escapeForTerminal(report, singleLineData(report));
}

export function summaryLine(report: Report, style: TextStyle): string {
  const s = report.summary;
  const parts = [
    paint(style.color, COLOR.error, `${s.error} error${s.error === 1 ? '' : 's'}`),
    paint(style.color, COLOR.warning, `${s.warning} warning${s.warning === 1 ? '' : 's'}`),
    paint(style.color, COLOR.ok, `${s.ok} ok`),
    `${s.skipped} skipped`,
  ];
  if (s.crashed) parts.push(paint(style.color, COLOR.crashed, `${s.crashed} crashed`));
  return `${parts.join(', ')} (${report.durationMs} ms)`;
}

export function renderText(input: Report, style: TextStyle): string {
  const report = terminalSafeReport(input);
  const out: string[] = [];
  out.push(`Go Proxy Doctor ${report.tool.version} — ${escapeLine(report.dir)}`);
  out.push(`go: ${escapeLine(report.go.version ?? 'not available')}${report.go.path ? ` (${escapeLine(report.go.path)})` : ''}${report.go.error ? ` — ${indent(report.go.error, 4)}` : ''}${escapeLine(goLineSuffix(report.go))}${report.offline ? '  [offline]' : ''}`);
  for (const layer of LAYERS) {
    const rs = report.results.filter((r) => r.layer === layer.id);
    if (!rs.length) continue;
    out.push('', paint(style.color, '1', layer.title));
    for (const r of rs) out.push(renderResultText(r, style));
  }
  out.push('', summaryLine(report, style));
  return out.join('\n') + '\n';
}
