import { setVariableCommand } from '../env/go-config-vars';
import type { Report } from './report';
import type { CheckResult, Finding, Fix, Status } from '../model/result';
import { LAYERS } from '../model/layers';
import { Redactor } from './redact';
import { shellQuote } from './text';
import { repoPath } from './repo-path';
import { isChainWalk } from './chain-diagram';
import { chainMermaidBlock } from './mermaid';
import { hostTimings, waterfallMarkdown } from './waterfall';

const MARK: Record<Status, string> = { ok: '✓', warning: '!', error: '✗', skipped: '–', crashed: '✗' };

/** Text outside code: Markdown and HTML syntax made literal, line breaks kept. */
export function mdText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => '\\' + c)
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.')
    .replace(/^(\s*)-/gm, '$1\\-')
    .replace(/\r?\n/g, '  \n');
}

/** Inline code that survives any backticks in `s`; for table cells, pipes escaped too. */
export function mdCode(s: string, inTable = false): string {
  const one = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || one === '' ? ' ' : '';
  const body = inTable ? one.replace(/\|/g, '\\|') : one;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced block that no line of `s` can close early. */
function mdBlock(s: string, lang = ''): string {
  const longest = Math.max(2, ...(s.match(/^ {0,3}`{3,}/gm) ?? []).map((m) => m.trim().length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${s}\n${fence}`;
}

function cell(s: string): string {
  return mdText(s).replace(/ {2}\n/g, '<br>');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`;
}

export function fixMarkdown(f: Fix): string {
  const tag = f.preferred ? '**fix**' : f.weakening ? '**fix (weakens security)**' : 'alternative';
  const head = `${tag}: ${mdText(f.title)}`;
  if (f.kind === 'command' && f.command) return `${head}\n${mdBlock(f.command, 'sh')}`;
  if (f.kind === 'set-variable' && f.variable !== undefined) return `${head}\n${mdBlock(f.command ?? setVariableCommand(f.variable, f.value ?? ''), 'sh')}`;
  if (f.kind === 'edit' && f.edits?.length) {
    const edits = f.edits.map((e) => `${e.file}:${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn} → ${JSON.stringify(e.newText)}`);
    return `${head}\n${mdBlock(edits.join('\n'))}`;
  }
  return head;
}

function findingMarkdown(f: Finding, root: string): string {
  const lines: string[] = [];
  const where = f.location ? ` ${mdCode(`${repoPath(f.location.file, root).path}:${f.location.startLine}:${f.location.startColumn}`)}` : '';
  const variable = f.variable ? ` (${mdCode(f.variable)})` : '';
  lines.push(`- **${f.severity}**${where}${variable}: ${mdText(f.message).replace(/ {2}\n/g, '  \n  ')}`);
  for (const e of f.evidence) {
    if (e.includes('\n')) lines.push('  - evidence:', indentBlock(mdBlock(e), 4));
    else lines.push(`  - ${mdCode(e)}`);
  }
  for (const r of f.related ?? []) lines.push(`  - see ${mdCode(`${repoPath(r.location.file, root).path}:${r.location.startLine}:${r.location.startColumn}`)}: ${mdText(r.message)}`);
  for (const x of f.fixes) {
    // Continuation lines (the command's code block) indented to the item's content column.
    const [first, ...rest] = fixMarkdown(x).split('\n');
    lines.push(`  - ${first}`, ...rest.map((l) => (l ? '    ' + l : l)));
  }
  return lines.join('\n');
}

function indentBlock(s: string, n: number): string {
  const pad = ' '.repeat(n);
  return s.split('\n').map((l) => (l ? pad + l : l)).join('\n');
}

/** The shape of a GOPROXY chain walk in a result's data (src/core/net/chain-walk.ts). */
interface WalkLike {
  module: string;
  version: string;
  goproxy?: string;
  gonoproxy?: string;
  steps: Array<{ entry: string; file?: string; outcome?: string; status?: number; error?: string; fallsThrough?: boolean; ms?: number; via?: string; notes?: string[] }>;
  verdict: { served: boolean; by?: string | null; error?: string | null; hang?: boolean; unverified?: string };
}

function isWalk(v: unknown): v is WalkLike {
  const w = v as WalkLike;
  return Boolean(w) && typeof w === 'object' && typeof w.module === 'string' && Array.isArray(w.steps) && Boolean(w.verdict) && typeof w.verdict === 'object';
}

/** A chain walk as go walks it: the verdict in go's words, then every request in order. */
function walkMarkdown(w: WalkLike): string {
  const mv = `${w.module}${w.version ? `@${w.version}` : ''}`;
  const verdict = w.verdict.served
    ? `go gets it from ${mdCode(w.verdict.by ?? '?')}`
    : w.verdict.hang ? `go would hang: ${mdText(w.verdict.error ?? '')}` : `go fails: ${mdCode(`go: ${w.verdict.error ?? ''}`)}`;
  const lines = [`**${mdText(mv)}** — ${verdict}${w.verdict.unverified ? ` (not verified: ${mdText(w.verdict.unverified)})` : ''}`, ''];
  if (w.goproxy !== undefined) lines.push(`${mdCode(`GOPROXY=${w.goproxy}`)}${w.gonoproxy ? ` ${mdCode(`GONOPROXY=${w.gonoproxy}`)}` : ''}`, '');
  // The same walk as a picture where Mermaid renders (GitLab, GitHub).
  if (isChainWalk(w) && w.steps.length) lines.push(chainMermaidBlock(w), '');
  lines.push('| # | entry | file | outcome | status | time | go moves on | go says |', '|---:|---|---|---|---:|---:|---|---|');
  w.steps.forEach((st, i) => {
    const says = [st.error ?? '', st.via ? `via ${st.via}` : '', ...(st.notes ?? [])].filter(Boolean).join('; ');
    lines.push(`| ${i + 1} | ${mdCode(st.entry, true)} | ${st.file ?? ''} | ${st.outcome ?? ''} | ${st.status ?? ''} | ${st.ms !== undefined ? ms(st.ms) : ''} | ${st.fallsThrough ? 'yes' : 'no'} | ${says ? mdCode(says, true) : ''} |`);
  });
  return lines.join('\n');
}

/** Tables for the lists of records in a result's `data` (chain walks, probes), then the raw JSON. */
function dataMarkdown(data: unknown): string {
  if (data === undefined || data === null) return '';
  const out: string[] = [];
  if (Array.isArray(data) && data.length && data.every(isWalk)) {
    out.push(...data.map(walkMarkdown));
    out.push(`<details><summary>data</summary>\n\n${mdBlock(JSON.stringify(data, null, 2), 'json')}\n\n</details>`);
    return out.join('\n\n');
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  const isTable = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.length > 0 && v.every(isRecord);
  const render = (value: unknown, name: string, depth: number): void => {
    if (depth > 4) return;
    if (isTable(value)) {
      const nested = value.some((row) => Object.values(row).some(isTable));
      if (!nested) {
        const cols = [...new Set(value.flatMap((v) => Object.keys(v)))];
        out.push(`${name ? `**${mdText(name)}**\n\n` : ''}| ${cols.map(cell).join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n` +
          value.map((row) => `| ${cols.map((c) => scalarCell(row[c])).join(' | ')} |`).join('\n'));
        return;
      }
      value.forEach((row, i) => render(row, `${name}[${i}]`, depth + 1));
      return;
    }
    if (isRecord(value)) {
      const scalars = Object.entries(value).filter(([, v]) => !isTable(v) && !isRecord(v));
      if (scalars.length && name) out.push(`**${mdText(name)}**\n\n` + scalars.map(([k, v]) => `- ${mdText(k)}: ${scalarCell(v, false)}`).join('\n'));
      for (const [k, v] of Object.entries(value)) if (isTable(v) || isRecord(v)) render(v, name ? `${name}.${k}` : k, depth + 1);
    }
  };
  render(data, '', 0);
  out.push(`<details><summary>data</summary>\n\n${mdBlock(JSON.stringify(data, null, 2), 'json')}\n\n</details>`);
  return out.join('\n\n');
}

function scalarCell(v: unknown, inTable = true): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'string') return mdCode(v, inTable);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return mdCode(JSON.stringify(v), inTable);
}

function statusWord(r: CheckResult): string {
  return r.status === 'skipped' || r.status === 'crashed' ? `${r.status}: ${r.reason ?? ''}` : r.status;
}

/**
 * A complete report to paste into an issue: versions, the effective environment with the
 * source of each value, findings with fixes, every check with its time, and the structured
 * data of checks that walked something (the GOPROXY chain). Redacted again on the way out.
 */
export function renderMarkdown(input: Report): string {
  const report = new Redactor().redactDeep(input);
  const s = report.summary;
  const out: string[] = [];
  out.push('# Go Proxy Doctor report', '');
  out.push('| | |', '|---|---|');
  out.push(`| tool | ${mdCode(`${report.tool.name} ${report.tool.version}`, true)} |`);
  out.push(`| go | ${report.go.version ? mdCode(report.go.version, true) : 'not available'}${report.go.path ? ` (${mdCode(report.go.path, true)})` : ''}${report.go.error ? ` — ${cell(report.go.error)}` : ''} |`);
  if (report.go.chosenBy && report.go.chosenBy !== 'PATH') out.push(`| go chosen by | ${mdCode(report.go.chosenBy, true)} |`);
  if (report.go.rules) out.push(`| rules applied | ${mdCode(report.go.rules.version, true)}${report.go.rules.reason ? ` — ${cell(report.go.rules.reason)}` : ''} |`);
  out.push(`| platform | ${mdCode(report.platform, true)} |`);
  out.push(`| folder | ${mdCode(report.dir, true)} |`);
  out.push(`| started | ${mdCode(report.startedAt, true)} |`);
  out.push(`| duration | ${ms(report.durationMs)} |`);
  out.push(`| network | ${report.offline ? 'offline (network checks skipped)' : 'probed'} |`);
  out.push('');
  out.push(`**Summary:** ${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.ok} ok, ${s.skipped} skipped${s.crashed ? `, ${s.crashed} crashed` : ''}.`, '');

  out.push('## Findings', '');
  const withFindings = report.results.filter((r) => r.findings.length);
  if (!withFindings.length) out.push('No findings.', '');
  for (const r of withFindings) {
    out.push(`### ${MARK[r.status]} ${r.id} ${mdText(r.title)}`, '');
    out.push(`Check [${r.id} ${mdText(r.slug)}](${r.docs}) (${r.layer}) — ${r.status}.`, '');
    for (const f of r.findings) out.push(findingMarkdown(f, report.dir));
    out.push('');
  }

  out.push('## Effective environment', '');
  const vars = Object.entries(report.environment);
  if (!vars.length) out.push('No variables gathered.', '');
  else {
    out.push('| variable | value | source | shadows |', '|---|---|---|---|');
    for (const [k, v] of vars) {
      const shadows = v.shadows.map((x) => `${mdCode(x.value, true)} (${x.source})`).join('<br>');
      const inherited = (v as { inheritedFrom?: string }).inheritedFrom;
      const source = inherited ? `${v.source}, from ${mdCode(inherited, true)}` : v.source;
      out.push(`| ${mdCode(k, true)} | ${v.value === '' ? '*(unset)*' : mdCode(v.value, true)} | ${source} | ${shadows} |`);
    }
    out.push('');
  }

  out.push('## Checks', '');
  out.push('| | id | check | layer | status | time |', '|---|---|---|---|---|---:|');
  const order = new Map(LAYERS.map((l, i) => [l.id as string, i]));
  const results = [...report.results].sort((a, b) => (order.get(a.layer) ?? 99) - (order.get(b.layer) ?? 99));
  for (const r of results) out.push(`| ${MARK[r.status]} | [${r.id}](${r.docs}) | ${cell(r.title)} | ${r.layer} | ${cell(statusWord(r))} | ${ms(r.durationMs)} |`);
  out.push('');

  const timings = hostTimings(report);
  if (timings.length) {
    out.push('## Timings', '', 'The first request the chain walk made to each host, phase by phase (✗ failed, ◔ no answer).', '');
    out.push(waterfallMarkdown(timings, (t) => mdCode(t, true)), '');
  }

  const withData = report.results.filter((r) => r.data !== undefined && r.data !== null);
  if (withData.length) {
    out.push('## Details', '');
    for (const r of withData) out.push(`### ${r.id} ${mdText(r.title)}`, '', dataMarkdown(r.data), '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
