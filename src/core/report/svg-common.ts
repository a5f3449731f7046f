/**
 * Shared pieces of the report pictures (chain diagram, timing waterfall): escaping, number
 * formatting, the outcome vocabulary and the stylesheet. The pictures carry classes only;
 * colours come from CSS variables, so a page (the HTML report, the VS Code webview) maps
 * them to its theme.
 */
import { xmlAttr, xmlText } from './xml-escape';

export { xmlAttr, xmlText };

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Milliseconds as people read them: `12 ms`, `1.5 s`. Deterministic for equal input. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${Math.round(ms * 10) / 10} ms`;
}

/** Cuts `s` to `max` characters with an ellipsis (the full text goes into a <title>). */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** A number for an SVG attribute: at most one decimal, no trailing zeros. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * Translates one of PICTURE_WORDS (the VS Code view passes its l10n lookup); the default
 * keeps the English word. Texts that quote go stay as go prints them.
 */
export type Translate = (word: string) => string;
export const keepWords: Translate = (w) => w;

/** Every fixed word the pictures and their text tables draw: the keys of their translations. */
export const PICTURE_WORDS = [
  'ok', 'not found', 'error', 'no answer', 'falls through', 'next', 'then', 'served', 'got it', 'accepted', 'go hangs here',
  'no entry left', 'stops', 'served the module', 'DNS', 'TCP', 'proxy CONNECT', 'TLS', 'first byte', 'body', 'failed',
  'requests, in order', 'file', 'entry', 'answer', 'time', 'go then', 'takes it', 'waits (no time limit)',
  'timings as a table', 'host', 'total', 'result',
] as const;

/** Rough width of `s` in px at 12px (SVG cannot measure text): wide for CJK, wider for capitals. */
export function textWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    w += cp >= 0x2e80 ? 12 : /[A-Z]/.test(c) ? 8 : 6.6;
  }
  return w;
}

export type StepOutcomeKind = 'ok' | 'not-found' | 'error' | 'timeout';

/** The words and the icon of each answer: never colour alone. */
export const OUTCOME: Record<StepOutcomeKind, { icon: string; word: string }> = {
  ok: { icon: '✓', word: 'ok' },
  'not-found': { icon: '○', word: 'not found' },
  error: { icon: '✗', word: 'error' },
  timeout: { icon: '◔', word: 'no answer' },
};

export function outcomeKind(s: string | undefined): StepOutcomeKind {
  return s === 'ok' || s === 'not-found' || s === 'timeout' ? s : 'error';
}

/**
 * The stylesheet of the pictures. Every colour is a variable with a light default; the dark
 * defaults follow `prefers-color-scheme`, and a host page may set the variables itself (the
 * webview maps them to `--vscode-*` colours). Forced colours (Windows high contrast) fall back
 * to system colours; outcomes stay distinct by icon, word and line style.
 */
export const PICTURE_CSS = `
.gpd-pic { font-family: var(--gpd-font, system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif); font-size: 12px; }
.gpd-pic text { fill: var(--gpd-fg, #1f2328); }
.gpd-pic .gpd-muted { fill: var(--gpd-muted, #59636e); }
.gpd-pic .gpd-title { font-weight: 600; font-size: 13px; }
.gpd-pic .gpd-box { fill: var(--gpd-box, #ffffff); stroke: var(--gpd-border, #8c959f); stroke-width: 1.5; }
.gpd-pic .gpd-head { fill: var(--gpd-head, #f6f8fa); stroke: var(--gpd-border, #8c959f); stroke-width: 1; }
.gpd-pic .gpd-ok .gpd-box { stroke: var(--gpd-ok, #1a7f37); }
.gpd-pic .gpd-ok .gpd-icon { fill: var(--gpd-ok, #1a7f37); }
.gpd-pic .gpd-not-found .gpd-box { stroke: var(--gpd-notfound, #9a6700); stroke-dasharray: 6 3; }
.gpd-pic .gpd-not-found .gpd-icon { fill: var(--gpd-notfound, #9a6700); }
.gpd-pic .gpd-error .gpd-box { stroke: var(--gpd-error, #cf222e); }
.gpd-pic .gpd-error .gpd-icon { fill: var(--gpd-error, #cf222e); }
.gpd-pic .gpd-timeout .gpd-box { stroke: var(--gpd-timeout, #8250df); stroke-dasharray: 2 3; }
.gpd-pic .gpd-timeout .gpd-icon { fill: var(--gpd-timeout, #8250df); }
.gpd-pic .gpd-served .gpd-box, .gpd-pic .gpd-served.gpd-head { fill: var(--gpd-served, #dafbe1); stroke: var(--gpd-ok, #1a7f37); stroke-width: 3; }
.gpd-pic .gpd-icon { font-weight: 700; font-size: 14px; }
.gpd-pic .gpd-arrow { stroke: var(--gpd-muted, #59636e); stroke-width: 1.5; fill: none; }
.gpd-pic .gpd-arrowhead { fill: var(--gpd-muted, #59636e); }
.gpd-pic .gpd-end-served { fill: var(--gpd-ok, #1a7f37); }
.gpd-pic .gpd-end-stop { fill: var(--gpd-error, #cf222e); }
.gpd-pic .gpd-end-hang { fill: var(--gpd-timeout, #8250df); }
.gpd-pic .gpd-grid { stroke: var(--gpd-grid, #d0d7de); stroke-width: 1; }
.gpd-pic .gpd-phase-dns { fill: var(--gpd-dns, #0969da); }
.gpd-pic .gpd-phase-tcp { fill: var(--gpd-tcp, #bf8700); }
.gpd-pic .gpd-phase-connect { fill: var(--gpd-connect, #8250df); }
.gpd-pic .gpd-phase-tls { fill: var(--gpd-tls, #bc4c00); }
.gpd-pic .gpd-phase-ttfb { fill: var(--gpd-ttfb, #1a7f37); }
.gpd-pic .gpd-phase-body { fill: var(--gpd-body, #57606a); }
.gpd-pic .gpd-span-failed { stroke: var(--gpd-error, #cf222e); stroke-width: 2; fill-opacity: 0.35; }
.gpd-pic .gpd-span-timeout { stroke: var(--gpd-timeout, #8250df); stroke-width: 2; stroke-dasharray: 3 2; fill-opacity: 0.35; }
.gpd-pic .gpd-mark-failed { fill: var(--gpd-error, #cf222e); font-weight: 700; }
.gpd-pic .gpd-mark-timeout { fill: var(--gpd-timeout, #8250df); font-weight: 700; }
.gpd-pic:focus { outline: 2px solid var(--gpd-focus, #0969da); outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  :root:not(.gpd-themed) {
    --gpd-fg: #e6edf3; --gpd-muted: #9198a1; --gpd-box: #0d1117; --gpd-head: #161b22; --gpd-border: #6e7681;
    --gpd-ok: #3fb950; --gpd-notfound: #d29922; --gpd-error: #f85149; --gpd-timeout: #a371f7; --gpd-served: #033a16;
    --gpd-grid: #30363d; --gpd-dns: #4493f8; --gpd-tcp: #d29922; --gpd-connect: #a371f7; --gpd-tls: #db6d28; --gpd-ttfb: #3fb950; --gpd-body: #9198a1;
    --gpd-focus: #4493f8;
  }
}
@media (forced-colors: active) {
  .gpd-pic text { fill: CanvasText; }
  .gpd-pic .gpd-box, .gpd-pic .gpd-head { fill: Canvas; stroke: CanvasText; }
  .gpd-pic .gpd-served .gpd-box { stroke: Highlight; }
  .gpd-pic [class*="gpd-phase-"] { fill: CanvasText; }
}
`.trim();
