/**
 * Per-host timing waterfall: DNS, TCP, proxy CONNECT, TLS, first byte and body of the first
 * request the chain walk made to each host, on one time axis, so a slow or failing phase
 * stands out. The phases are those the HTTP client measured on go's route
 * (src/core/net/http-client.ts ConnectionTiming/HopTiming); the CONNECT time comes from the
 * proxy probe (GPD402) when go's route goes through an HTTP proxy.
 */
import type { ChainStep } from '../net/chain-walk';
import type { HopTiming } from '../net/http-client';
import type { Report } from './report';
import { chainWalksOf } from './chain-diagram';
import { Redactor } from './redact';
import { SVG_NS, PICTURE_CSS, clip, formatMs, keepWords, num, textWidth, xmlText, type Translate } from './svg-common';

export type Phase = 'dns' | 'tcp' | 'connect' | 'tls' | 'ttfb' | 'body';

/** The phases in go's order. */
export const PHASES: ReadonlyArray<{ id: Phase; label: string }> = [
  { id: 'dns', label: 'DNS' },
  { id: 'tcp', label: 'TCP' },
  { id: 'connect', label: 'proxy CONNECT' },
  { id: 'tls', label: 'TLS' },
  { id: 'ttfb', label: 'first byte' },
  { id: 'body', label: 'body' },
];

export interface PhaseSpan {
  phase: Phase;
  /** ms from the start of the request. */
  start: number;
  end: number;
  /** failed: the phase ended in an error; timeout: it never ended within the time limit. */
  state: 'ok' | 'failed' | 'timeout';
}

export interface HostTiming {
  /** scheme://host:port (redacted). */
  host: string;
  /** The request timed. */
  url: string;
  /** The HTTP proxy go's route went through. */
  proxy?: string;
  spans: PhaseSpan[];
  /** ms from the start to the end of the last phase. */
  total: number;
  /** HTTP status, or the outcome when there was none. */
  result: string;
  /** The connection was reused: no DNS/TCP/TLS of its own. */
  reused?: boolean;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url;
  }
}

interface ProxyProbe {
  target: string;
  proxy: string;
  ms?: number;
  ok?: boolean;
}

function proxyProbes(report: Pick<Report, 'results'>): ProxyProbe[] {
  const r = report.results.find((x) => x.id === 'GPD402');
  if (!r || !Array.isArray(r.data)) return [];
  return r.data.filter((d): d is ProxyProbe => Boolean(d) && typeof d === 'object' && typeof (d as ProxyProbe).target === 'string' && typeof (d as ProxyProbe).proxy === 'string');
}

/** Error codes of a failed name lookup (node's dns: getaddrinfo and c-ares). */
const DNS_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT']);

/** The phases of one request, laid out from its start. */
export function spansOf(hop: HopTiming, step: Pick<ChainStep, 'outcome' | 'ms' | 'httpProxy' | 'url'>, connectMs?: number): { spans: PhaseSpan[]; reused: boolean } {
  const spans: PhaseSpan[] = [];
  const end = hop.totalMs ?? step.ms ?? hop.headersMs ?? 0;
  const failState: PhaseSpan['state'] = step.outcome === 'timeout' ? 'timeout' : 'failed';
  let t = 0;
  const c = hop.connection;
  const https = hop.url.startsWith('https:');
  if (c) {
    // The name did not resolve: the request failed in DNS, after the lookup's own time (the
    // lookup event fires with the error too); no TCP was attempted.
    if (c.error && DNS_ERRORS.has(c.error)) {
      spans.push({ phase: 'dns', start: 0, end: c.dnsMs ?? end, state: failState });
      return { spans, reused: false };
    }
    if (c.dnsMs !== undefined) {
      spans.push({ phase: 'dns', start: 0, end: c.dnsMs, state: 'ok' });
      t = c.dnsMs;
    }
    if (c.tcpMs !== undefined) {
      spans.push({ phase: 'tcp', start: t, end: c.tcpMs, state: 'ok' });
      t = c.tcpMs;
    } else if (c.error) {
      spans.push({ phase: 'tcp', start: t, end: Math.max(t, end), state: failState });
      return { spans, reused: false };
    }
    if (https) {
      if (c.tlsMs !== undefined) {
        spans.push({ phase: 'tls', start: t, end: c.tlsMs, state: 'ok' });
        t = c.tlsMs;
      } else if (c.error) {
        spans.push({ phase: 'tls', start: t, end: Math.max(t, end), state: failState });
        return { spans, reused: false };
      }
    }
  } else if (step.httpProxy && connectMs !== undefined && https) {
    const ce = hop.headersMs !== undefined ? Math.min(connectMs, hop.headersMs) : connectMs;
    spans.push({ phase: 'connect', start: 0, end: ce, state: 'ok' });
    t = ce;
  }
  if (hop.headersMs !== undefined) {
    spans.push({ phase: 'ttfb', start: t, end: Math.max(t, hop.headersMs), state: 'ok' });
    if (hop.totalMs !== undefined) spans.push({ phase: 'body', start: Math.max(t, hop.headersMs), end: Math.max(t, hop.headersMs, hop.totalMs), state: 'ok' });
  } else {
    spans.push({ phase: 'ttfb', start: t, end: Math.max(t, end), state: failState });
  }
  return { spans, reused: !c && !step.httpProxy };
}

/**
 * One row per host the chain walks contacted: the first request to it that opened a new
 * connection (else the first request), in the order the walk met the hosts.
 */
export function hostTimings(report: Pick<Report, 'results'>): HostTiming[] {
  const walks = chainWalksOf(report);
  const probes = new Redactor().redactDeep(proxyProbes(report));
  const chosen = new Map<string, { hop: HopTiming; step: ChainStep }>();
  for (const w of walks) {
    for (const step of w.steps) {
      for (const hop of step.hops ?? []) {
        const key = originOf(hop.url);
        const had = chosen.get(key);
        if (!had || (!had.hop.connection && hop.connection)) chosen.set(key, { hop, step });
      }
    }
  }
  const out: HostTiming[] = [];
  for (const [host, { hop, step }] of chosen) {
    let connectMs: number | undefined;
    if (step.httpProxy) {
      const hp = host.replace(/^[a-z]+:\/\//, '');
      const p = probes.find((x) => x.ms !== undefined && (x.target.includes(hp) || x.target === host));
      connectMs = p?.ms;
    }
    const { spans, reused } = spansOf(hop, step, connectMs);
    const total = Math.max(0, ...spans.map((s) => s.end));
    const result = hop.status !== undefined ? String(hop.status) : step.outcome === 'timeout' ? 'no answer' : 'failed';
    out.push({ host, url: hop.url, ...(step.httpProxy ? { proxy: step.httpProxy } : {}), spans, total, result, ...(reused ? { reused } : {}) });
  }
  return out;
}

export interface WaterfallSvgOptions {
  idPrefix?: string;
  embedStyle?: boolean;
  /** Translation of the fixed words (PICTURE_WORDS). */
  translate?: Translate;
}

const LABEL_W = 250;
const CHART_W = 460;
const RESULT_W = 150;
const ROW_H = 34;
const TOP = 64;

function phaseLabel(p: Phase, tr: Translate = keepWords): string {
  return tr(PHASES.find((x) => x.id === p)!.label);
}

function spanText(s: PhaseSpan, tr: Translate = keepWords): string {
  const state = s.state === 'failed' ? ` — ${tr('failed')}` : s.state === 'timeout' ? ` — ${tr('no answer')}` : '';
  return `${phaseLabel(s.phase, tr)} ${formatMs(s.end - s.start)} (${formatMs(s.start)} → ${formatMs(s.end)})${state}`;
}

/** A readable tick step for an axis of `max` ms: 1, 2 or 5 times a power of ten. */
function tickStep(max: number): number {
  const raw = max / 4;
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 0.001))));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return m * p;
  return 10 * p;
}

/** The result column: an HTTP status as is, the words translated. */
export function resultWord(result: string, tr: Translate = keepWords): string {
  return /^\d+$/.test(result) ? result : tr(result);
}

/** One sentence per host, for the <desc> and the text fallback. */
export function hostSentence(h: HostTiming, tr: Translate = keepWords): string {
  const phases = h.spans.map((s) => spanText(s, tr)).join('; ');
  return `${h.host}${h.proxy ? ` via ${h.proxy}` : ''}: ${resultWord(h.result, tr)}, ${formatMs(h.total)}${h.reused ? ' (connection reused)' : ''}${phases ? ` — ${phases}` : ''}`;
}

/** Renders the waterfall (one row per host) as an SVG document fragment. */
export function renderWaterfallSvg(input: HostTiming[], options: WaterfallSvgOptions = {}): string {
  const rows = new Redactor().redactDeep(input);
  const id = options.idPrefix ?? 'waterfall';
  const tr = options.translate ?? keepWords;
  const width = LABEL_W + CHART_W + RESULT_W;
  const height = TOP + Math.max(1, rows.length) * ROW_H + 26;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const step = tickStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const x = (ms: number) => LABEL_W + (ms / axisMax) * CHART_W;
  const out: string[] = [];
  out.push(`<svg xmlns="${SVG_NS}" class="gpd-pic gpd-waterfall" role="img" tabindex="0" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-labelledby="${id}-title ${id}-desc">`);
  out.push(`<title id="${id}-title">Request timings per host</title>`);
  out.push(`<desc id="${id}-desc">${xmlText(rows.length ? rows.map((h) => hostSentence(h, tr)).join('\n') : 'No request was timed.')}</desc>`);
  if (options.embedStyle ?? true) out.push(`<style>${xmlText(PICTURE_CSS)}</style>`);
  // Legend: a swatch and the name of each phase.
  let lx = 8;
  for (const p of PHASES) {
    out.push(`<rect class="gpd-phase-${p.id}" x="${num(lx)}" y="8" width="12" height="12" rx="2"/>`);
    out.push(`<text x="${num(lx + 16)}" y="18">${xmlText(tr(p.label))}</text>`);
    lx += 30 + textWidth(tr(p.label));
  }
  out.push(`<text class="gpd-muted" x="${num(lx + 6)}" y="18">${xmlText(`✗ ${tr('failed')}   ◔ ${tr('no answer')}`)}</text>`);
  // Axis.
  for (let t = 0; t <= axisMax + 1e-9; t += step) {
    const gx = num(x(t));
    out.push(`<line class="gpd-grid" x1="${gx}" y1="${TOP - 12}" x2="${gx}" y2="${TOP + rows.length * ROW_H}"/>`);
    out.push(`<text class="gpd-muted" x="${gx}" y="${TOP - 18}" text-anchor="middle">${xmlText(formatMs(t))}</text>`);
  }
  rows.forEach((h, i) => {
    const y = TOP + i * ROW_H;
    out.push(`<g class="gpd-host" data-host="${i + 1}"><title>${xmlText(hostSentence(h, tr))}</title>`);
    out.push(`<text x="8" y="${y + 18}">${xmlText(clip(h.host, 34))}</text>`);
    if (h.proxy) out.push(`<text class="gpd-muted" x="8" y="${y + 30}" font-size="10">${xmlText(clip(`via ${h.proxy}`, 44))}</text>`);
    for (const s of h.spans) {
      const sx = x(s.start);
      const sw = Math.max(1.5, x(s.end) - sx);
      const state = s.state === 'ok' ? '' : ` gpd-span-${s.state}`;
      out.push(`<rect class="gpd-phase-${s.phase}${state}" x="${num(sx)}" y="${y + 7}" width="${num(sw)}" height="14" rx="2"><title>${xmlText(spanText(s, tr))}</title></rect>`);
      if (s.state !== 'ok') {
        // The mark goes after the bar, or inside its end when the bar reaches the right edge.
        const mark = `${s.state === 'failed' ? '✗' : '◔'} ${phaseLabel(s.phase, tr)}`;
        const after = sx + sw + 8 + textWidth(mark) < LABEL_W + CHART_W;
        out.push(`<text class="gpd-mark-${s.state}" x="${num(after ? sx + sw + 4 : sx + sw - 4)}" y="${y + 19}"${after ? '' : ' text-anchor="end"'}>${xmlText(mark)}</text>`);
      }
    }
    out.push(`<text x="${LABEL_W + CHART_W + 10}" y="${y + 18}">${xmlText(`${resultWord(h.result, tr)} · ${formatMs(h.total)}`)}</text>`);
    out.push('</g>');
  });
  if (rows.length === 0) out.push(`<text class="gpd-muted" x="8" y="${TOP + 18}">No request was timed (network checks skipped, or no GOPROXY entry was contacted).</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** The waterfall as a Markdown table (ms per phase; ✗ failed, ◔ no answer). */
export function waterfallMarkdown(rows: HostTiming[], code: (s: string) => string): string {
  const lines = [`| host | ${PHASES.map((p) => p.label).join(' | ')} | total | result |`, `|---|${PHASES.map(() => '---:').join('|')}|---:|---|`];
  for (const h of rows) {
    const cells = PHASES.map((p) => {
      const s = h.spans.find((x) => x.phase === p.id);
      if (!s) return '';
      return `${s.state === 'failed' ? '✗ ' : s.state === 'timeout' ? '◔ ' : ''}${formatMs(s.end - s.start)}`;
    });
    lines.push(`| ${code(h.host)}${h.proxy ? ` via ${code(h.proxy)}` : ''}${h.reused ? ' (reused)' : ''} | ${cells.join(' | ')} | ${formatMs(h.total)} | ${h.result} |`);
  }
  return lines.join('\n');
}
