/**
 * The report view in the real extension host: drawn from a real chain walk against the lab
 * GOPROXY, opened from the command, the tree's context menu and the status bar tooltip, with
 * a strict Content-Security-Policy, no remote content, the workbench theme's colours, and
 * its script running inside the webview.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, checksOf, until } from '../helpers';
import { runChainInLab, MISSING, type ReportViewLab } from '../report-view-lab';
import type { ReportViewState } from '../../../../src/vscode/report-view';
import type { Node } from '../../../../src/vscode/tree';

const state = () => vscode.commands.executeCommand<ReportViewState>('goProxyDoctor.reportViewState');

function viewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('goProxyDoctor.reportView'));
}

describe('report view', function () {
  this.timeout(90_000);
  let lab: ReportViewLab;
  before(async () => {
    lab = await runChainInLab();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await lab?.close();
  });

  it('the chain walk ran for real against the lab GOPROXY', async () => {
    assert.equal(lab.outcome.kind, 'done', JSON.stringify(lab.outcome).slice(0, 500));
    const a = await api();
    const r = a.ctx.state.allResults().find((x) => x.id === 'GPD602');
    assert.ok(r, 'GPD602 ran');
    const walks = r.data as Array<{ module: string; verdict: { served: boolean; by: string | null } }>;
    const quote = walks.find((w) => w.module === 'rsc.io/quote')!;
    assert.deepEqual(quote.verdict.served, true);
    assert.equal(quote.verdict.by?.replace(/\/$/, ''), lab.https.url);
    assert.equal(walks.find((w) => `${w.module}@v1.0.0` === MISSING)?.verdict.served, false);
    assert.ok(lab.http.log.some((e) => e.status === 404) && lab.https.log.some((e) => e.status === 200), 'both lab servers answered');
  });

  it('opens as a webview with a strict CSP and no remote content, drawing the chain and the waterfall', async () => {
    const html = await vscode.commands.executeCommand<string>('goProxyDoctor.showReportView');
    await until('the report view tab', () => viewTabs().length === 1);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1].replace(/&apos;/g, "'") ?? '';
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'the script carries a nonce');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${nonce}'`]);
    const { cspSource } = await state();
    assert.ok(cspSource, 'the webview has a source');
    for (const d of ['img-src', 'font-src']) assert.deepEqual(directives[d].filter((x: string) => x !== 'data:'), cspSource.split(/\s+/), d);
    assert.ok(directives['img-src'].includes('data:'));
    assert.deepEqual(directives['style-src'], [...cspSource.split(/\s+/), `'nonce-${nonce}'`]);
    assert.ok(!Object.values(directives).flat().some((x) => x === '*' || /^https?:$/.test(String(x))));
    assert.ok(!/'unsafe-inline'|'unsafe-eval'/.test(csp));
    assert.ok(!/<script\s+src|<link\b|<iframe|<img\b/i.test(html));
    assert.ok(!/\s(src|href)="(https?:)?\/\//i.test(html), 'no remote src/href');
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    // The pictures: a chain per module walked (the served entry highlighted), and the waterfall.
    assert.ok((html.match(/class="gpd-pic gpd-chain"/g) ?? []).length >= 2);
    assert.match(html, /<h3 id="chain-\d+-h">rsc\.io\/quote@v1\.5\.2<\/h3>/);
    assert.match(html, /<h3 id="chain-\d+-h">example\.com\/missing@v1\.0\.0<\/h3>/);
    assert.match(html, /class="gpd-head gpd-served"/);
    assert.match(html, /falls through/);
    assert.match(html, /class="gpd-pic gpd-waterfall"/);
    assert.match(html, /gpd-phase-tls/, 'the https entry was timed with its TLS handshake');
    assert.ok(html.includes(lab.https.url.replace('https://', '')));
  });

  it("the page's script runs under the CSP, and the theme's colours reach the pictures", async () => {
    const s = await until('the page to say it is ready', async () => (await state()).ready ?? undefined, 30_000);
    assert.equal(s.pictures, 3, 'two chains and a waterfall drawn in the webview');
    assert.ok(s.focusable >= 5, `keyboard stops: ${s.focusable}`);
    assert.match(s.theme, /vscode-dark/);
    assert.ok(s.okColour.length > 0, 'the theme defines the colour the pictures use for ok');
  });

  it('is redrawn when new results arrive', async () => {
    const before = (await state()).html;
    const a = await api();
    assert.equal((await a.ctx.diagnose({ only: ['GPD602'] })).kind, 'done');
    await until('the view to be redrawn', async () => (await state()).html !== before);
    // Without the extra module this time: its chain is gone.
    assert.ok(!(await state()).html.includes('example.com/missing@v1.0.0'));
  });

  it('opens from the tree: GPD602 and the network layers have the context action', async () => {
    const a = await api();
    const ext = vscode.extensions.getExtension('go-proxy-doctor.go-proxy-doctor')!;
    const menu = (ext.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>).find((m) => m.command === 'goProxyDoctor.showReportView');
    assert.ok(menu, 'a context-menu entry');
    const regex = new RegExp(/viewItem =~ \/(.*)\//.exec(menu.when)![1].replace(/\\\\/g, '\\'));
    const roots = a.ctx.tree.getChildren();
    const protocol = roots.find((n) => n.kind === 'layer' && n.layer === 'protocol')!;
    assert.ok(protocol, 'the protocol layer is in the tree');
    const check = checksOf(a, protocol).find((n): n is Extract<Node, { kind: 'check' }> => n.kind === 'check' && n.result.id === 'GPD602')!;
    assert.match(String(a.ctx.tree.getTreeItem(check).contextValue), regex);
    assert.match(String(a.ctx.tree.getTreeItem(protocol).contextValue), regex);
    const env = roots.find((n) => n.kind === 'layer' && n.layer === 'environment');
    if (env) assert.doesNotMatch(String(a.ctx.tree.getTreeItem(env).contextValue), regex);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the view to close', () => viewTabs().length === 0);
    const html = await vscode.commands.executeCommand<string>('goProxyDoctor.showReportView', check);
    assert.match(html, /class="gpd-pic gpd-chain"/);
    await until('the view to open again', () => viewTabs().length === 1);
    // From a layer node the same single view is revealed, not a second one.
    await vscode.commands.executeCommand('goProxyDoctor.showReportView', protocol);
    assert.equal(viewTabs().length, 1);
  });

  it('the status bar tooltip links to it', async () => {
    const a = await api();
    const item = (a.ctx.status as unknown as { item: vscode.StatusBarItem }).item;
    const md = item.tooltip as vscode.MarkdownString;
    assert.match(md.value, /\]\(command:goProxyDoctor\.showReportView\)/);
    const trusted = md.isTrusted as { enabledCommands: string[] };
    assert.ok(trusted.enabledCommands.includes('goProxyDoctor.showReportView'));
  });
});
