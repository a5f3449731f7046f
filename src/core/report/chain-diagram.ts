/**
 * The GOPROXY chain of one module as an SVG flow: a row per file go fetches (.info, .mod,
 * .zip), a column per GOPROXY entry, a box per answer, arrows where go falls through to the
 * next entry, and the end of each row: served, stops (with go's error) or hangs. The entry
 * that served the module is highlighted. Pure and deterministic: the same walk gives the
 * same bytes.
 */
import type { ChainWalk, ChainStep } from '../net/chain-walk';
import type { Report } from './report';
import { Redactor } from './redact';
import { SVG_NS, OUTCOME, PICTURE_CSS, clip, formatMs, keepWords, num, outcomeKind, xmlText, type Translate } from './svg-common';

/** The chain walk check, whose `data` is a list of ChainWalk. */
export const CHAIN_WALK_ID = 'GPD602';

export function isChainWalk(v: unknown): v is ChainWalk {
  const w = v as ChainWalk;
  return Boolean(w) && typeof w === 'object' && typeof w.module === 'string' && Array.isArray(w.steps) && Boolean(w.verdict) && typeof w.verdict === 'object';
}

/** The chain walks of a report (GPD602's data), redacted. */
export function chainWalksOf(report: Pick<Report, 'results'>): ChainWalk[] {
  const r = report.results.find((x) => x.id === CHAIN_WALK_ID);
  if (!r || !Array.isArray(r.data)) return [];
  return new Redactor().redactDeep(r.data.filter(isChainWalk));
}

export interface ChainSvgOptions {
  /** Prefix of the ids inside the picture (unique per page). */
  idPrefix?: string;
  /** Put the stylesheet inside the picture (standalone .svg); pages give it once instead. */
  embedStyle?: boolean;
  /** Show the time of each request (off for snapshots of live walks). */
  showTimes?: boolean;
  /** Draw the module and the verdict above the flow (off where the page says them already). */
  header?: boolean;
  /** Translation of the fixed words (PICTURE_WORDS). */
  translate?: Translate;
}

const FILES = ['info', 'mod', 'zip'] as const;
const ROW_LABEL_W = 56;
const COL_W = 262;
const BOX_W = 172;
const MIN_W = 760;
const BOX_H = 46;
const ROW_H = 66;
const END_W = 150;
const TOP = 66;

/** One line that says what happened, for the <desc> and for screen readers. */
export function verdictText(w: ChainWalk): string {
  const mv = `${w.module}@${w.version}`;
  if (w.verdict.served) return `go downloads ${mv} from ${w.verdict.by ?? '?'}`;
  if (w.verdict.hang) return `go mod download ${mv} would hang: ${w.verdict.error ?? ''}`;
  if (w.verdict.error === null && w.verdict.unverified) return `${mv}: ${w.verdict.unverified}`;
  return `go cannot download ${mv}: go: ${w.verdict.error ?? ''}`;
}

/** The answer of one step in a few words: `404 not found`, `200 ok`, `no answer`. */
export function answerText(s: Pick<ChainStep, 'outcome' | 'status' | 'error'>, tr: Translate = keepWords): string {
  const kind = outcomeKind(s.outcome);
  if (kind === 'timeout') return tr(OUTCOME.timeout.word);
  if (s.status !== undefined) return `${s.status} ${tr(OUTCOME[kind].word)}`;
  return tr(OUTCOME[kind].word);
}

/** A full sentence for one step (tooltips, screen readers, the text fallback). */
export function stepSentence(s: ChainStep, last: boolean, served: boolean): string {
  const parts = [`.${s.file} from ${s.entry}: ${answerText(s)}`];
  if (s.ms !== undefined) parts.push(formatMs(s.ms));
  if (s.via) parts.push(`via ${s.via}`);
  if (s.error) parts.push(s.error);
  if (s.outcome === 'ok') parts.push(served ? 'served' : 'accepted');
  else if (s.outcome === 'timeout') parts.push('go waits here with no time limit');
  else parts.push(s.fallsThrough ? (last ? 'go falls through, and no entry is left' : 'go falls through to the next entry') : 'go stops here');
  return parts.join(' — ');
}

function entriesOf(w: ChainWalk): string[] {
  const out: string[] = [];
  for (const s of w.steps) if (!out.includes(s.entry)) out.push(s.entry);
  return out;
}

/** Renders one walk as an SVG document fragment (`<svg>…</svg>`). */
export function renderChainSvg(input: ChainWalk, options: ChainSvgOptions = {}): string {
  const w = new Redactor().redactDeep(input);
  const id = options.idPrefix ?? 'chain';
  const showTimes = options.showTimes ?? true;
  const tr = options.translate ?? keepWords;
  const entries = entriesOf(w);
  const rows = FILES.filter((f) => w.steps.some((s) => s.file === f));
  const cols = Math.max(1, entries.length);
  const width = Math.max(MIN_W, ROW_LABEL_W + cols * COL_W + END_W);
  const header = options.header ?? true;
  // Without the header, everything moves up by its height.
  const shift = header ? 0 : 40;
  const height = TOP + Math.max(1, rows.length) * ROW_H + 34 - shift;
  const verdict = verdictText(w);
  const lastIndex = w.steps.length - 1;
  const servedBy = w.verdict.served ? w.verdict.by : null;
  const desc = [verdict, ...w.steps.map((s, i) => `${i + 1}. ${stepSentence(s, i === lastIndex, servedBy === s.entry && s.outcome === 'ok')}`)].join('\n');

  const out: string[] = [];
  out.push(`<svg xmlns="${SVG_NS}" class="gpd-pic gpd-chain" role="img" tabindex="0" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-labelledby="${id}-title ${id}-desc">`);
  out.push(`<title id="${id}-title">${xmlText(`GOPROXY chain for ${w.module}@${w.version}`)}</title>`);
  out.push(`<desc id="${id}-desc">${xmlText(desc)}</desc>`);
  if (options.embedStyle ?? true) out.push(`<style>${xmlText(PICTURE_CSS)}</style>`);
  out.push(`<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="gpd-arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>`);
  if (header) {
    out.push(`<text class="gpd-title" x="8" y="18">${xmlText(clip(`${w.module}@${w.version}`, 90))}</text>`);
    const endClass = w.verdict.served ? 'gpd-end-served' : w.verdict.hang ? 'gpd-end-hang' : 'gpd-end-stop';
    const endIcon = w.verdict.served ? '✓' : w.verdict.hang ? '◔' : '✗';
    out.push(`<text x="8" y="36"><tspan class="gpd-icon ${endClass}">${endIcon}</tspan> ${xmlText(clip(verdict, Math.floor((width - 30) / 6.6)))}</text>`);
  } else out.push(`<g transform="translate(0,-${shift})">`);

  // Column heads: the GOPROXY entries in order; the one that served is highlighted.
  entries.forEach((e, i) => {
    const x = ROW_LABEL_W + i * COL_W;
    const served = servedBy === e;
    out.push(`<g><title>${xmlText(`entry ${i + 1}: ${e}${served ? ' (served the module)' : ''}`)}</title>`);
    // Heads are wider than the boxes: the entry URL is what people look for.
    out.push(`<rect class="gpd-head${served ? ' gpd-served' : ''}" x="${x}" y="44" width="${COL_W - 14}" height="18" rx="3"/>`);
    out.push(`<text x="${x + 6}" y="57">${xmlText(clip(`${served ? '★ ' : ''}${i + 1}. ${e}`, 36))}</text></g>`);
  });

  rows.forEach((file, r) => {
    const y = TOP + r * ROW_H;
    const cy = y + BOX_H / 2;
    out.push(`<text class="gpd-muted" x="8" y="${cy + 4}">.${file}</text>`);
    const steps = w.steps.map((s, i) => ({ s, i })).filter((x) => x.s.file === file);
    steps.forEach(({ s, i }, k) => {
      const col = Math.max(0, entries.indexOf(s.entry));
      const x = ROW_LABEL_W + col * COL_W;
      const kind = outcomeKind(s.outcome);
      const served = s.outcome === 'ok' && servedBy === s.entry;
      const sentence = stepSentence(s, i === lastIndex, served);
      out.push(`<g class="gpd-step gpd-${kind}${served ? ' gpd-served' : ''}" data-step="${i + 1}">`);
      out.push(`<title>${xmlText(sentence)}</title>`);
      out.push(`<rect class="gpd-box" x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6"/>`);
      out.push(`<text class="gpd-icon" x="${x + 8}" y="${y + 19}">${OUTCOME[kind].icon}</text>`);
      out.push(`<text x="${x + 26}" y="${y + 19}">${xmlText(clip(answerText(s, tr), 22))}</text>`);
      const second = [showTimes && s.ms !== undefined ? formatMs(s.ms) : '', s.via ? 'GONOPROXY' : '', s.error && kind !== 'timeout' ? s.error : ''].filter(Boolean).join(' · ');
      if (second) out.push(`<text class="gpd-muted" x="${x + 8}" y="${y + 37}">${xmlText(clip(second, 26))}</text>`);
      out.push('</g>');
      const next = steps[k + 1];
      const boxRight = x + BOX_W;
      if (next) {
        const nx = ROW_LABEL_W + Math.max(0, entries.indexOf(next.s.entry)) * COL_W;
        out.push(`<path class="gpd-arrow" d="M${boxRight},${cy} L${nx - 2},${cy}" marker-end="url(#${id}-arrow)"/>`);
        const label = s.fallsThrough ? 'falls through' : s.outcome === 'ok' ? 'next' : 'then';
        out.push(`<text class="gpd-muted" x="${num((boxRight + nx) / 2)}" y="${cy - 6}" text-anchor="middle">${xmlText(tr(label))}</text>`);
      } else {
        // The end of the row: what go does after this answer.
        const ex = ROW_LABEL_W + cols * COL_W - (COL_W - BOX_W) + 4;
        const end = s.outcome === 'ok'
          ? { cls: 'gpd-end-served', icon: '✓', text: served || file !== 'zip' ? (file === 'zip' ? 'served' : 'got it') : 'accepted' }
          : kind === 'timeout' ? { cls: 'gpd-end-hang', icon: '◔', text: 'go hangs here' }
            : { cls: 'gpd-end-stop', icon: '✗', text: s.fallsThrough ? 'no entry left' : 'stops' };
        out.push(`<path class="gpd-arrow" d="M${boxRight},${cy} L${ex + 6},${cy}" marker-end="url(#${id}-arrow)"/>`);
        out.push(`<text x="${ex + 12}" y="${cy + 5}"><tspan class="gpd-icon ${end.cls}">${end.icon}</tspan> ${xmlText(tr(end.text))}</text>`);
      }
    });
  });
  if (rows.length === 0) out.push(`<text class="gpd-muted" x="8" y="${TOP + 20}">${xmlText(w.verdict.error ?? 'no request was made')}</text>`);
  const legendY = height - 10;
  out.push(`<text class="gpd-muted" x="8" y="${legendY + shift}">${xmlText(`✓ ${tr('ok')}   ○ ${tr('not found')} (404/410)   ✗ ${tr('error')}   ◔ ${tr('no answer')}   ★ ${tr('served the module')}`)}</text>`);
  if (!header) out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
