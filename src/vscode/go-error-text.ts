// No 'vscode' import: the terminal link ranges and the explanation text are unit-tested alone.
import { explainFailure, splitFailures } from '../core/errors/parse-error-text';
import { resultsFor, type WhyPlan } from '../core/errors/why';
import type { Report } from '../core/report/report';
import { fixMarkdown, mdCode, mdText } from '../core/report/markdown';
import type { Redactor } from '../core/report/redact';

/** A go failure found on one terminal line: where the link goes and what it explains. */
export interface GoErrorLink {
  /** 0-based offset in the line (UTF-16), as TerminalLink.startIndex. */
  startIndex: number;
  length: number;
  /** The failure text handed to the diagnosis: the whole line as the catalogue judged it. */
  text: string;
  kind: string;
  title: string;
  proxyProblem: boolean;
}

// Longer lines are not go failures worth a regex pass on every terminal hover.
const MAX_LINE = 8192;
/** Where go's own words begin: `go: `, `go get: `, `go mod download: `, `verifying m@v`, gopls's. */
const GO_START = /(?<![\w/.-])(?:gopls[:\s]|go(?: [a-z]+){0,2}: |verifying \S+@\S+)/;
/** What precedes go's words in CI logs and prompts: timestamps, step names, `$ `. */
const LEAD = /^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\s*|\[\d\d:\d\d:\d\d\]\s*)?\s*/;

/**
 * The link on one terminal line, if the line is a go failure the catalogue explains. Regex
 * only, no network: VS Code asks for links on every hover.
 */
export function findGoErrorLinks(line: string): GoErrorLink[] {
  if (!line || line.length > MAX_LINE) return [];
  const failure = splitFailures(line)[0];
  if (!failure) return [];
  const { entry } = explainFailure(failure.text, 1);
  if (!entry) return [];
  const go = GO_START.exec(line);
  const startIndex = go ? go.index : (LEAD.exec(line)?.[0].length ?? 0);
  const end = line.replace(/\s+$/, '').length;
  if (end <= startIndex) return [];
  return [{ startIndex, length: end - startIndex, text: failure.text, kind: entry.kind, title: entry.title, proxyProblem: entry.proxyProblem }];
}

/**
 * The explanation as Markdown: per failure the cause first, then go's words and the facts,
 * then the evidence of the checks that ran and their preferred fixes. The doctor's own words
 * (catalogue, check messages) are Markdown already; what comes from outside (go's text,
 * evidence, facts) is fenced or quoted as code. Everything is redacted.
 */
export function explanationMarkdown(plan: WhyPlan, report: Report | null | undefined, redactor: Redactor, note?: string): string {
  const lines: string[] = ['# Go error explained', ''];
  if (note) lines.push(mdText(note), '');
  if (!plan.failures.length) lines.push('No go failure found in the text. Run **Go Proxy: Diagnose** for a full diagnosis.');
  plan.failures.forEach((f, i) => {
    lines.push(`## ${plan.failures.length > 1 ? `${i + 1}. ` : ''}Cause: ${f.title}${f.proxyProblem || /not a proxy problem/.test(f.title) ? '' : ' (not a proxy problem)'}`, '');
    lines.push(f.explanation, '');
    lines.push(`go said (line ${f.facts.line}):`, '', fence(f.facts.text), '');
    const facts = [
      f.facts.module && `module ${mdCode(f.facts.module + (f.facts.version ? '@' + f.facts.version : ''))}`,
      f.facts.host && `host ${mdCode(f.facts.host)}`,
      f.facts.proxyHost && `HTTP proxy ${mdCode(f.facts.proxyHost)}`,
      f.facts.status && `HTTP ${f.facts.status}`,
      f.facts.errno,
      f.facts.goVersionHint && `Go ${f.facts.goVersionHint} wording`,
    ].filter(Boolean);
    if (facts.length) lines.push(`Facts: ${facts.join(', ')}`, '');
    const results = resultsFor(f, report ?? null);
    if (results.length) {
      lines.push('### Evidence', '');
      for (const r of results) {
        lines.push(`- **${r.id} ${r.title}**: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
        for (const finding of r.findings) {
          lines.push(`  - ${finding.message.replace(/\s*\n\s*/g, ' ')}`);
          for (const e of finding.evidence) lines.push(`    - ${mdCode(e)}`);
        }
      }
      lines.push('');
      const fixes = results.flatMap((r) => r.findings.flatMap((x) => x.fixes.filter((fx) => fx.preferred)));
      if (fixes.length) {
        lines.push('### Fix', '');
        for (const fx of fixes) lines.push(fixMarkdown(fx), '');
      }
    } else if (f.checks.length) {
      lines.push(`The checks that explain it (${f.checks.join(', ')}) did not run.`, '');
    }
  });
  return redactor.redact(lines.join('\n')).replace(/\n{3,}/g, '\n\n');
}

function fence(s: string): string {
  const longest = Math.max(2, ...(s.match(/`{3,}/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${s}\n${f}`;
}
