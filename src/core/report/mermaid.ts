/**
 * The GOPROXY chain of one module as a Mermaid flowchart, so that a Markdown report pasted
 * into a GitLab or GitHub issue shows the walk as a picture: one node per request, an edge
 * per move (falls through, next file), and the end (served, stops, hangs).
 */
import type { ChainWalk } from '../net/chain-walk';
import { answerText } from './chain-diagram';
import { Redactor } from './redact';
import { OUTCOME, clip, formatMs, outcomeKind } from './svg-common';

/**
 * Text inside a quoted Mermaid label: Mermaid's entity codes for what would end the label or
 * be read as markup; a Markdown code fence cannot be closed by it (no backticks remain).
 */
export function mermaidText(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/&/g, '#amp;')
    .replace(/\|/g, '#124;')
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

const CLASSES = [
  'classDef ok fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  'classDef notfound fill:#fff8c5,stroke:#9a6700,stroke-dasharray:6 3,color:#1f2328',
  'classDef error fill:#ffebe9,stroke:#cf222e,color:#1f2328',
  'classDef timeout fill:#fbefff,stroke:#8250df,stroke-dasharray:2 3,color:#1f2328',
  'classDef served fill:#dafbe1,stroke:#1a7f37,stroke-width:3px,color:#1f2328',
];

export interface MermaidOptions {
  showTimes?: boolean;
}

/** The flowchart source (without the code fence). */
export function chainMermaid(input: ChainWalk, options: MermaidOptions = {}): string {
  const w = new Redactor().redactDeep(input);
  const showTimes = options.showTimes ?? true;
  const lines = ['flowchart LR'];
  const servedBy = w.verdict.served ? w.verdict.by : null;
  lines.push(`  start(["${mermaidText(clip(`${w.module}@${w.version}`, 80))}"])`);
  let prev = 'start';
  let edge = '';
  w.steps.forEach((s, i) => {
    const kind = outcomeKind(s.outcome);
    const served = s.outcome === 'ok' && s.entry === servedBy;
    const label = [`${OUTCOME[kind].icon} .${s.file} · ${clip(s.entry, 60)}`, answerText(s) + (showTimes && s.ms !== undefined ? ` · ${formatMs(s.ms)}` : '')].map(mermaidText).join('<br/>');
    const cls = served ? 'served' : kind === 'not-found' ? 'notfound' : kind;
    lines.push(`  s${i}["${label}"]:::${cls}`);
    lines.push(`  ${prev} -->${edge ? `|${edge}|` : ''} s${i}`);
    prev = `s${i}`;
    edge = s.fallsThrough ? 'falls through' : s.outcome === 'ok' ? 'next file' : '';
  });
  const end = w.verdict.served
    ? { cls: 'served', text: `✓ served by ${w.verdict.by ?? '?'}` }
    : w.verdict.hang ? { cls: 'timeout', text: '◔ go hangs here' }
      : w.verdict.error === null && w.verdict.unverified ? { cls: 'notfound', text: `not verified: ${w.verdict.unverified}` }
        : { cls: 'error', text: `✗ stops: go: ${w.verdict.error ?? ''}` };
  lines.push(`  done(["${mermaidText(clip(end.text, 160))}"]):::${end.cls}`);
  lines.push(`  ${prev} -->${w.steps.length && w.steps[w.steps.length - 1].fallsThrough && !w.verdict.served ? '|no entry left|' : ''} done`);
  lines.push(...CLASSES.map((c) => `  ${c}`));
  return lines.join('\n');
}

/** The flowchart in a ```mermaid fence (the verdict is written in words beside it). */
export function chainMermaidBlock(w: ChainWalk, options: MermaidOptions = {}): string {
  return `${'```'}mermaid\n${chainMermaid(w, options)}\n${'```'}`;
}
