import type { CheckResult, Finding, Fix } from '../core/model/result';
import type { Location } from '../core/model/location';

/**
 * The text that replaces a value span so that the file then says `value`. The span may
 * include the quotes of the file's syntax (YAML, JSON, shell, Dockerfile): they are kept and
 * the new value is escaped for them.
 */
export function replacementText(spanText: string, value: string, fileName: string): string {
  const q = spanText.length >= 2 ? spanText[0] : '';
  const quoted = (q === '"' || q === "'") && spanText.endsWith(q);
  const json = /\.json$/i.test(fileName);
  if (json || (quoted && q === '"')) {
    // JSON and double-quoted YAML/shell share the escapes a GOPROXY-family value can need.
    const body = JSON.stringify(value).slice(1, -1);
    return quoted || json ? `"${body}"` : body;
  }
  if (quoted && q === "'") return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** A fix that can be applied as a rewrite of the finding's value span. */
export function rewritesSpan(finding: Finding, fix: Fix): boolean {
  return fix.kind === 'set-variable' && fix.value !== undefined && finding.location !== undefined && (!fix.variable || !finding.variable || fix.variable === finding.variable);
}

/** The `go env -w` command line for a set-variable fix, quoted for a POSIX shell. */
export function goEnvWriteCommand(variable: string, value: string): string {
  const arg = `${variable}=${value}`;
  return /^[A-Za-z0-9_=:/.,@%+-]*$/.test(arg) ? `go env -w ${arg}` : `go env -w '${arg.replace(/'/g, `'\\''`)}'`;
}

function where(loc: Location): string {
  return `${loc.file}:${loc.startLine}:${loc.startColumn}`;
}

/** One finding as Markdown (copy to an issue or a chat). */
export function findingMarkdown(result: Pick<CheckResult, 'id' | 'title' | 'docs'>, finding: Finding): string {
  const lines = [`**${finding.id} ${result.title}** (${finding.severity})`, '', finding.message];
  if (finding.location) lines.push('', `At \`${where(finding.location)}\``);
  if (finding.evidence.length) {
    lines.push('', 'Evidence:');
    for (const e of finding.evidence) lines.push(`- ${'`'}${e.replace(/`/g, "'")}${'`'}`);
  }
  if (finding.fixes.length) {
    lines.push('', 'Fixes:');
    for (const f of finding.fixes) lines.push(`- ${f.title}${f.weakening ? ' (weakens security)' : ''}${f.preferred ? ' (preferred)' : ''}`);
  }
  lines.push('', `Docs: ${result.docs}`);
  return lines.join('\n');
}

/** A check result and its findings as Markdown. */
export function resultMarkdown(result: CheckResult): string {
  const head = `### ${result.id} ${result.title}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`;
  return [head, ...result.findings.map((f) => findingMarkdown(result, f))].join('\n\n');
}
