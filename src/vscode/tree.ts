import * as vscode from 'vscode';
import { LAYERS, type Layer } from '../core/model/layers';
import type { CheckResult, Finding, Status } from '../core/model/result';
import { toRange, toUri } from './diagnostics';
import { worstStatus } from './health';
import type { RunState, RunningCheck } from './run-state';

export type Node =
  | { kind: 'layer'; layer: Layer; title: string; results: CheckResult[]; running: RunningCheck[] }
  | { kind: 'check'; result: CheckResult; running: boolean }
  /** The checks of a layer that passed, folded into one node. */
  | { kind: 'passed'; layer: Layer; results: CheckResult[] }
  | { kind: 'running'; check: RunningCheck }
  | { kind: 'finding'; finding: Finding; result: CheckResult }
  | { kind: 'evidence'; text: string; key: string };

/** Icon of each status, with its theme colour. */
export function statusIcon(status: Status | 'running'): vscode.ThemeIcon {
  switch (status) {
    case 'ok':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'skipped':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    case 'crashed':
      return new vscode.ThemeIcon('bug', new vscode.ThemeColor('list.errorForeground'));
    case 'running':
      return new vscode.ThemeIcon('loading~spin');
  }
}

/** Sort order: what needs attention first. */
const RANK: Record<Status, number> = { error: 0, crashed: 1, warning: 2, skipped: 3, ok: 4 };

/** The digit after GPD names the layer (CHECKS.md). */
function layerOfId(id: string): Layer | undefined {
  const digit = Number(id.slice(3, 4));
  return LAYERS.find((l) => l.digit === digit)?.id;
}

/** Layers → checks → findings → evidence, from the run state. */
export class ResultsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: RunState) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.layers();
    switch (node.kind) {
      case 'layer': {
        // Problems first; the checks that passed fold into one "N passed" node.
        const check = (result: CheckResult): Node => ({ kind: 'check', result, running: this.state.isRunning(result.id) });
        const passed = node.results.filter((r) => r.status === 'ok' && !this.state.isRunning(r.id));
        const rest = node.results.filter((r) => !passed.includes(r)).sort((a, b) => RANK[a.status] - RANK[b.status]);
        return [
          ...rest.map(check),
          ...node.running.filter((r) => !node.results.some((x) => x.id === r.id)).map((check): Node => ({ kind: 'running', check })),
          ...(passed.length ? [{ kind: 'passed', layer: node.layer, results: passed } as Node] : []),
        ];
      }
      case 'passed':
        return node.results.map((result): Node => ({ kind: 'check', result, running: false }));
      case 'check':
        return node.result.findings.map((finding): Node => ({ kind: 'finding', finding, result: node.result }));
      case 'finding':
        return node.finding.evidence.map((text, i): Node => ({ kind: 'evidence', text, key: `${node.result.id}/${node.finding.message}/${i}` }));
      default:
        return [];
    }
  }

  private layers(): Node[] {
    const results = this.state.allResults();
    const running = this.state.runningChecks();
    const out: Node[] = [];
    for (const l of LAYERS) {
      const rs = results.filter((r) => r.layer === l.id);
      const run = running.filter((r) => layerOfId(r.id) === l.id);
      if (rs.length || run.length) out.push({ kind: 'layer', layer: l.id, title: l.title, results: rs, running: run });
    }
    // Layers with problems first (stable: layer order otherwise).
    const rank = (n: Node) => (n.kind === 'layer' && RANK[worstStatus(n.results) ?? 'ok'] <= RANK.warning ? 0 : 1);
    return out.map((n, i) => [n, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([n]) => n);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'layer': {
        const worst = worstStatus(node.results);
        // Open where something needs attention; a layer where all is well stays folded.
        const open = node.running.length > 0 || worst === 'error' || worst === 'warning' || worst === 'crashed';
        const item = new vscode.TreeItem(vscode.l10n.t(node.title), open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `layer:${node.layer}`;
        item.iconPath = node.running.length ? statusIcon('running') : worst ? statusIcon(worst) : undefined;
        const problems = node.results.filter((r) => r.status === 'error' || r.status === 'warning').length;
        item.description = problems ? vscode.l10n.t('{0} of {1} checks report problems', problems, node.results.length) : vscode.l10n.t('{0} checks', node.results.length);
        const checked = this.state.layerChecks().find(([l]) => l === node.layer)?.[1];
        if (checked) item.tooltip = `${vscode.l10n.t(node.title)} — ${vscode.l10n.t('checked {0} ({1})', new Date(checked.at).toLocaleTimeString(), checked.how)}`;
        item.contextValue = `layer layer-${node.layer}`;
        return item;
      }
      case 'check': {
        const r = node.result;
        const attention = r.status === 'error' || r.status === 'warning';
        const failing = attention || r.status === 'crashed';
        const item = new vscode.TreeItem(r.title, r.findings.length ? (failing ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
        item.id = `check:${r.id}`;
        item.iconPath = statusIcon(node.running ? 'running' : r.status);
        item.description = `${r.id} · ${r.status}${r.reason ? ` · ${r.reason}` : ''}`;
        item.tooltip = new vscode.MarkdownString(`**${r.id} ${r.title}** — ${r.status}${r.reason ? `\n\n${r.reason}` : ''}\n\n${r.durationMs} ms`);
        item.contextValue = `check status-${r.status} id-${r.id}`;
        return item;
      }
      case 'passed': {
        const item = new vscode.TreeItem(vscode.l10n.t('{0} passed', node.results.length), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `passed:${node.layer}`;
        item.iconPath = statusIcon('ok');
        item.tooltip = node.results.map((r) => `${r.id} ${r.title}`).join('\n');
        item.contextValue = 'passed';
        return item;
      }
      case 'running': {
        const item = new vscode.TreeItem(node.check.title, vscode.TreeItemCollapsibleState.None);
        item.id = `check:${node.check.id}`;
        item.iconPath = statusIcon('running');
        item.description = node.check.slow ?? `${node.check.id} · ${vscode.l10n.t('running')}`;
        item.contextValue = 'check running';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const first = f.message.split('\n')[0];
        const item = new vscode.TreeItem(first, f.evidence.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.iconPath = statusIcon(f.severity === 'info' ? 'ok' : f.severity);
        if (f.severity === 'info') item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = new vscode.MarkdownString().appendText(f.message);
        const ctx = ['finding'];
        if (f.location) {
          ctx.push('located');
          item.description = `${f.location.file.split(/[\\/]/).pop()}:${f.location.startLine}`;
          const dir = this.state.report?.dir ?? '';
          item.command = { command: 'vscode.open', title: vscode.l10n.t('Reveal Location'), arguments: [toUri(f.location.file, dir), { selection: toRange(f.location) }] };
        }
        if (f.fixes.length) ctx.push('fixable');
        item.contextValue = ctx.join(' ');
        return item;
      }
      case 'evidence': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.contextValue = 'evidence';
        item.tooltip = node.text;
        return item;
      }
    }
  }

  getParent(): undefined {
    return undefined;
  }
}
