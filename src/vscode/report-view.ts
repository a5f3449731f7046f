import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Ctx } from './ctx';
import type { CheckResult } from '../core/model/result';
import { pictureSections } from '../core/report/html';
import { PICTURE_CSS, xmlAttr, xmlText } from '../core/report/svg-common';
import { REPORT_VIEW_CSS, REPORT_VIEW_SCRIPT } from './report-view-assets';

export const REPORT_VIEW_COMMAND = 'goProxyDoctor.showReportView';
/** Not in the palette: what the view shows now and what the page said when it loaded. */
export const REPORT_VIEW_STATE_COMMAND = 'goProxyDoctor.reportViewState';
const VIEW_TYPE = 'goProxyDoctor.reportView';

type Section = 'chain' | 'timings';

/** Commands a button of the page may run: nothing else is accepted from the webview. */
const PAGE_COMMANDS: Record<string, string> = {
  diagnose: 'goProxyDoctor.diagnose',
  showReport: 'goProxyDoctor.showReport',
};

/** What the page reported when its script ran (the tests read it). */
export interface PageReady {
  pictures: number;
  focusable: number;
  theme: string;
  okColour: string;
}

export interface ReportViewState {
  open: boolean;
  html: string;
  ready: PageReady | null;
  /** The webview's own origin(s), the only source its CSP allows besides data: images. */
  cspSource: string;
}

/** The layers whose problems show in the waterfall rather than in the chain. */
const TIMING_LAYERS = new Set(['dns', 'connection', 'tls']);

/**
 * The section a tree item points at: the chain for GPD602 and the protocol layer, timings for
 * the network layers; none (the top of the page) from the palette or the status bar.
 */
function sectionFor(arg: unknown): Section | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as { kind?: string; layer?: string; result?: CheckResult } | undefined;
  if (node?.kind === 'layer' && node.layer && TIMING_LAYERS.has(node.layer)) return 'timings';
  if (node?.kind === 'check' && node.result && TIMING_LAYERS.has(node.result.layer)) return 'timings';
  return 'chain';
}

/**
 * The report view: a webview that draws the GOPROXY chain of each module and the timing
 * waterfall of each host from the latest results, redrawn when they change. It loads nothing
 * (no local or remote resource), runs one inline script under a nonce, and takes its colours
 * from the workbench theme.
 */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready: PageReady | null = null;
  /** The section to show once the page has loaded (a message may arrive before its script runs). */
  private pendingSection: Section | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.commands.registerCommand(REPORT_VIEW_COMMAND, (arg?: unknown) => this.show(sectionFor(arg))),
      vscode.commands.registerCommand(REPORT_VIEW_STATE_COMMAND, (): ReportViewState => ({ open: Boolean(this.panel), html: this.panel?.webview.html ?? '', ready: this.ready, cspSource: this.panel?.webview.cspSource ?? '' })),
      ctx.state.onDidChange(() => this.render()),
    );
  }

  show(section?: Section): string {
    if (this.panel) this.panel.reveal(undefined, false);
    else {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Go Proxy: Chain and Timings'), vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'go-proxy.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = null;
      }, null, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), null, this.disposables);
      this.render();
    }
    this.pendingSection = section;
    if (section) void this.panel.webview.postMessage({ type: 'focus', section });
    return this.panel.webview.html;
  }

  private receive(m: unknown): void {
    const msg = m as { type?: string; command?: string } & Partial<PageReady>;
    if (msg?.type === 'ready') {
      this.ready = { pictures: Number(msg.pictures) || 0, focusable: Number(msg.focusable) || 0, theme: String(msg.theme ?? ''), okColour: String(msg.okColour ?? '') };
      if (this.pendingSection) void this.panel?.webview.postMessage({ type: 'focus', section: this.pendingSection });
      this.pendingSection = undefined;
    } else if (msg?.type === 'command' && typeof msg.command === 'string' && Object.hasOwn(PAGE_COMMANDS, msg.command)) {
      void vscode.commands.executeCommand(PAGE_COMMANDS[msg.command]);
    }
  }

  private render(): void {
    if (!this.panel) return;
    this.ready = null;
    this.panel.webview.html = this.page(this.panel.webview);
  }

  private page(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const report = this.ctx.state.report;
    const results = this.ctx.state.allResults();
    const t = (s: string) => xmlText(s);
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const body: string[] = [];
    body.push(`<h1>${t(vscode.l10n.t('GOPROXY chain and timings'))}</h1>`);
    body.push(`<div class="gpd-toolbar"><button type="button" data-command="diagnose">${t(vscode.l10n.t('Diagnose'))}</button><button type="button" class="secondary" data-command="showReport">${t(vscode.l10n.t('Show Report'))}</button>`);
    if (report) body.push(`<span class="gpd-muted-text">${t(vscode.l10n.t('From the diagnosis of {0}', new Date(report.startedAt).toLocaleString()))}</span>`);
    body.push('</div>');
    body.push(`<nav aria-label="${xmlAttr(vscode.l10n.t('Sections'))}"><a href="#chain">${t(vscode.l10n.t('GOPROXY chain'))}</a> · <a href="#timings">${t(vscode.l10n.t('Timings per host'))}</a></nav>`);
    if (!report && results.length === 0) {
      body.push(`<p>${t(vscode.l10n.t('No report yet: run Diagnose to walk the GOPROXY chain.'))}</p>`);
    }
    const pics = pictureSections({ results }, {
      // The fixed words of the pictures (PICTURE_WORDS), translated like every other string.
      translate: (word) => vscode.l10n.t(word),
      noChain: vscode.l10n.t('No chain walk in the latest results (network checks are off, or no module needs downloading).'),
      noTimings: vscode.l10n.t('No request was timed.'),
    });
    body.push(`<h2 id="chain" tabindex="-1">${t(vscode.l10n.t('GOPROXY chain'))}</h2>`, pics.chains);
    body.push(`<h2 id="timings" tabindex="-1">${t(vscode.l10n.t('Timings per host'))}</h2>`, pics.timings);
    return [
      '<!DOCTYPE html>',
      `<html lang="${xmlAttr(vscode.env.language)}" class="gpd-themed">`,
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${xmlAttr(csp)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${t(vscode.l10n.t('Go Proxy: Chain and Timings'))}</title>`,
      `<style nonce="${nonce}">${PICTURE_CSS}\n${REPORT_VIEW_CSS}</style>`,
      '</head>',
      `<body><main>${body.join('\n')}</main>`,
      `<script nonce="${nonce}">${REPORT_VIEW_SCRIPT}</script>`,
      '</body></html>',
    ].join('\n');
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Registers the report view and its commands; disposed with the extension. */
export function registerReportView(ctx: Ctx): vscode.Disposable {
  return new ReportView(ctx);
}
