/**
 * The report as one self-contained HTML file (a CI artifact): the chain diagrams and the
 * timing waterfall inline as SVG, the stylesheet inline, no script, and no reference to
 * anything outside the file (a Content-Security-Policy of `default-src 'none'` says so to the
 * browser too). Written as polyglot XHTML, so it parses the same as HTML and as XML.
 */
import { createHash } from 'node:crypto';
import type { Report } from './report';
import type { CheckResult, Finding } from '../model/result';
import { LAYERS } from '../model/layers';
import { Redactor } from './redact';
import { chainWalksOf, renderChainSvg, stepSentence, verdictText, answerText } from './chain-diagram';
import { hostTimings, renderWaterfallSvg, hostSentence, resultWord, PHASES } from './waterfall';
import { PICTURE_CSS, formatMs, keepWords, xmlAttr, xmlText, type Translate } from './svg-common';

const PAGE_CSS = `
:root { color-scheme: light dark; --gpd-page: #ffffff; --gpd-page-fg: #1f2328; }
@media (prefers-color-scheme: dark) { :root { --gpd-page: #0d1117; --gpd-page-fg: #e6edf3; } }
body { margin: 0; background: var(--gpd-page); color: var(--gpd-page-fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid var(--gpd-grid, #d0d7de); } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--gpd-grid, #d0d7de); padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.gpd-scroll { overflow-x: auto; }
.gpd-status-ok { color: var(--gpd-ok, #1a7f37); } .gpd-status-warning { color: var(--gpd-notfound, #9a6700); }
.gpd-status-error, .gpd-status-crashed { color: var(--gpd-error, #cf222e); } .gpd-status-skipped { color: var(--gpd-muted, #59636e); }
:focus-visible { outline: 2px solid var(--gpd-focus, #0969da); outline-offset: 2px; }
`.trim();

const MARK: Record<string, string> = { ok: '✓', warning: '!', error: '✗', skipped: '–', crashed: '✗' };

function t(s: string): string {
  return xmlText(s);
}

function statusCell(status: string): string {
  return `<span class="gpd-status-${t(status)}">${MARK[status] ?? ''} ${t(status)}</span>`;
}

function findingHtml(f: Finding): string {
  const where = f.location ? ` <code>${t(`${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)}</code>` : '';
  const parts = [`<li><strong>${t(f.severity)}</strong>${where}${f.variable ? ` (<code>${t(f.variable)}</code>)` : ''}: <pre>${t(f.message)}</pre>`];
  if (f.evidence.length) parts.push(`<details><summary>evidence</summary><pre>${t(f.evidence.join('\n'))}</pre></details>`);
  for (const x of f.fixes) parts.push(`<div>${x.preferred ? '<strong>fix</strong>' : x.weakening ? '<strong>fix (weakens security)</strong>' : 'alternative'}: ${t(x.title)}${x.command ? `<pre>${t(x.command)}</pre>` : x.variable ? `<pre>${t(`${x.variable}=${x.value ?? ''}`)}</pre>` : ''}</div>`);
  parts.push('</li>');
  return parts.join('');
}

/** The sha256 source of a CSP hash for an inline element's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export interface PictureSections {
  chains: string;
  timings: string;
}

export interface PictureSectionOptions {
  noChain?: string;
  noTimings?: string;
  /** Translation of the fixed words (PICTURE_WORDS). */
  translate?: Translate;
}

/**
 * The picture sections (chains, timings) as HTML fragments, shared by the HTML report and the
 * VS Code report view: headings, the SVGs and a text table beside each for screen readers.
 */
export function pictureSections(input: Pick<Report, 'results'>, options: PictureSectionOptions = {}): PictureSections {
  const tr = options.translate ?? keepWords;
  const w_ = (word: string) => t(tr(word));
  const walks = chainWalksOf(input);
  const chains: string[] = [];
  walks.forEach((w, i) => {
    chains.push(`<section class="gpd-walk" aria-labelledby="chain-${i}-h"><h3 id="chain-${i}-h">${t(`${w.module}@${w.version}`)}</h3>`);
    const mark = w.verdict.served ? '✓' : w.verdict.hang ? '◔' : '✗';
    chains.push(`<p>${mark} ${t(verdictText(w))}</p><p><code>${t(`GOPROXY=${w.goproxy}`)}</code>${w.gonoproxy ? ` <code>${t(`GONOPROXY=${w.gonoproxy}`)}</code>` : ''}</p>`);
    chains.push(`<div class="gpd-scroll">${renderChainSvg(w, { idPrefix: `chain-${i}`, embedStyle: false, header: false, translate: tr })}</div>`);
    const last = w.steps.length - 1;
    const servedBy = w.verdict.served ? w.verdict.by : null;
    chains.push(`<details><summary>${w_('requests, in order')}</summary><table><thead><tr><th class="num">#</th><th>${w_('file')}</th><th>${w_('entry')}</th><th>${w_('answer')}</th><th class="num">${w_('time')}</th><th>${w_('go then')}</th></tr></thead><tbody>`);
    w.steps.forEach((s, k) => {
      const then = s.outcome === 'ok' ? 'takes it' : s.outcome === 'timeout' ? 'waits (no time limit)' : s.fallsThrough ? 'falls through' : 'stops';
      chains.push(`<tr><td class="num">${k + 1}</td><td>.${t(s.file)}</td><td><code>${t(s.entry)}</code></td><td title="${xmlAttr(stepSentence(s, k === last, s.entry === servedBy && s.outcome === 'ok'))}">${t(answerText(s, tr))}${s.error ? `<pre>${t(s.error)}</pre>` : ''}</td><td class="num">${s.ms !== undefined ? t(formatMs(s.ms)) : ''}</td><td>${w_(then)}</td></tr>`);
    });
    chains.push('</tbody></table></details></section>');
  });
  if (!walks.length) chains.push(`<p>${t(options.noChain ?? 'No chain walk in this report (network checks skipped, or no module to download).')}</p>`);
  const rows = hostTimings(input);
  const timings: string[] = [];
  if (rows.length) {
    timings.push(`<div class="gpd-scroll">${renderWaterfallSvg(rows, { idPrefix: 'waterfall', embedStyle: false, translate: tr })}</div>`);
    timings.push(`<details><summary>${w_('timings as a table')}</summary><table><thead><tr><th>${w_('host')}</th>${PHASES.map((p) => `<th class="num">${w_(p.label)}</th>`).join('')}<th class="num">${w_('total')}</th><th>${w_('result')}</th></tr></thead><tbody>`);
    for (const h of rows) {
      const cells = PHASES.map((p) => {
        const s = h.spans.find((x) => x.phase === p.id);
        return `<td class="num">${s ? t(`${s.state === 'failed' ? '✗ ' : s.state === 'timeout' ? '◔ ' : ''}${formatMs(s.end - s.start)}`) : ''}</td>`;
      });
      timings.push(`<tr><td title="${xmlAttr(hostSentence(h, tr))}"><code>${t(h.host)}</code>${h.proxy ? ` via <code>${t(h.proxy)}</code>` : ''}</td>${cells.join('')}<td class="num">${t(formatMs(h.total))}</td><td>${t(resultWord(h.result, tr))}</td></tr>`);
    }
    timings.push('</tbody></table></details>');
  } else timings.push(`<p>${t(options.noTimings ?? 'No request was timed.')}</p>`);
  return { chains: chains.join('\n'), timings: timings.join('\n') };
}

/** The whole report as a standalone HTML page. */
export function renderHtml(input: Report): string {
  const report = new Redactor().redactDeep(input);
  const css = `\n${PICTURE_CSS}\n${PAGE_CSS}\n`;
  const s = report.summary;
  const pics = pictureSections(report);
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push('<html xmlns="http://www.w3.org/1999/xhtml" lang="en">');
  out.push('<head>');
  out.push('<meta charset="utf-8"/>');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${xmlAttr(`default-src 'none'; style-src ${cspHash(css)}; img-src data:`)}"/>`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  out.push(`<title>${t(`Go Proxy Doctor report — ${report.dir}`)}</title>`);
  // Raw text (the hash covers these exact bytes); the CSS holds no markup characters.
  out.push(`<style>${css}</style>`);
  out.push('</head>');
  out.push('<body><main>');
  out.push('<h1>Go Proxy Doctor report</h1>');
  out.push('<table><tbody>');
  out.push(`<tr><th>tool</th><td><code>${t(`${report.tool.name} ${report.tool.version}`)}</code></td></tr>`);
  out.push(`<tr><th>go</th><td>${report.go.version ? `<code>${t(report.go.version)}</code>` : 'not available'}${report.go.path ? ` (<code>${t(report.go.path)}</code>)` : ''}${report.go.error ? ` — ${t(report.go.error)}` : ''}</td></tr>`);
  out.push(`<tr><th>platform</th><td><code>${t(report.platform)}</code></td></tr>`);
  out.push(`<tr><th>folder</th><td><code>${t(report.dir)}</code></td></tr>`);
  out.push(`<tr><th>started</th><td><code>${t(report.startedAt)}</code></td></tr>`);
  out.push(`<tr><th>duration</th><td>${t(formatMs(report.durationMs))}</td></tr>`);
  out.push(`<tr><th>network</th><td>${report.offline ? 'offline (network checks skipped)' : 'probed'}</td></tr>`);
  out.push('</tbody></table>');
  out.push(`<p><strong>Summary:</strong> ${s.error} error(s), ${s.warning} warning(s), ${s.ok} ok, ${s.skipped} skipped${s.crashed ? `, ${s.crashed} crashed` : ''}.</p>`);

  out.push('<h2 id="chain">GOPROXY chain</h2>', pics.chains);
  out.push('<h2 id="timings">Timings per host</h2>', pics.timings);

  out.push('<h2 id="findings">Findings</h2>');
  const withFindings = report.results.filter((r) => r.findings.length);
  if (!withFindings.length) out.push('<p>No findings.</p>');
  for (const r of withFindings) {
    out.push(`<h3>${statusCell(r.status)} ${t(`${r.id} ${r.title}`)}</h3>`);
    out.push(`<p>Documentation: <code>${t(r.docs)}</code></p>`);
    out.push(`<ul>${r.findings.map(findingHtml).join('')}</ul>`);
  }

  out.push('<h2 id="environment">Effective environment</h2>');
  const vars = Object.entries(report.environment);
  if (!vars.length) out.push('<p>No variables gathered.</p>');
  else {
    out.push('<table><thead><tr><th>variable</th><th>value</th><th>source</th></tr></thead><tbody>');
    for (const [k, v] of vars) out.push(`<tr><td><code>${t(k)}</code></td><td>${v.value === '' ? '<em>(unset)</em>' : `<code>${t(v.value)}</code>`}</td><td>${t(v.source)}</td></tr>`);
    out.push('</tbody></table>');
  }

  out.push('<h2 id="checks">Checks</h2>');
  out.push('<table><thead><tr><th>id</th><th>check</th><th>layer</th><th>status</th><th class="num">time</th></tr></thead><tbody>');
  const order = new Map(LAYERS.map((l, i) => [l.id as string, i]));
  const results: CheckResult[] = [...report.results].sort((a, b) => (order.get(a.layer) ?? 99) - (order.get(b.layer) ?? 99));
  for (const r of results) {
    out.push(`<tr><td>${t(r.id)}</td><td>${t(r.title)}</td><td>${t(r.layer)}</td><td>${statusCell(r.status)}${r.reason ? ` — ${t(r.reason)}` : ''}</td><td class="num">${t(formatMs(r.durationMs))}</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push('</main></body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}
