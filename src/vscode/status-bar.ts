import * as vscode from 'vscode';
import type { Health, ServingProxy } from './health';

const ICON: Record<Health, string> = {
  unknown: '$(question)',
  checking: '$(sync~spin)',
  healthy: '$(pass)',
  degraded: '$(warning)',
  broken: '$(error)',
  offline: '$(debug-disconnect)',
};

const COMMANDS = ['goProxyDoctor.diagnose', 'goProxyDoctor.showReport', 'goProxyDoctor.openLog', 'goProxyDoctor.showReportView'];

/**
 * The health indicator: a small state machine. `checking` remembers the state it came from,
 * so a cancelled run returns to it instead of claiming a health it never measured.
 */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('goProxyDoctor.health', vscode.StatusBarAlignment.Left, 10);
  private current: Health = 'unknown';
  private beforeCheck: Health = 'unknown';
  private detail = '';
  private serving: ServingProxy | undefined;
  private readonly changed = new vscode.EventEmitter<Health>();
  /** Fires with each state entered (tests follow the state machine with it). */
  readonly onDidChangeState = this.changed.event;

  constructor(visible: boolean) {
    this.item.name = vscode.l10n.t('Go Proxy health');
    this.item.command = 'goProxyDoctor.diagnose';
    this.render();
    this.setVisible(visible);
  }

  get state(): Health {
    return this.current;
  }

  get text(): string {
    return this.item.text;
  }

  /** The Markdown tooltip (tests read it). */
  get tooltip(): vscode.MarkdownString {
    return this.item.tooltip as vscode.MarkdownString;
  }

  setVisible(visible: boolean): void {
    if (visible) this.item.show();
    else this.item.hide();
  }

  checking(): void {
    if (this.current !== 'checking') this.beforeCheck = this.current;
    this.set('checking', '');
  }

  /** The run ended without a verdict (cancelled, superseded, failed). */
  abandon(detail = ''): void {
    if (this.current === 'checking') this.set(this.beforeCheck, detail);
  }

  set(state: Health, detail: string, serving?: ServingProxy): void {
    this.current = state;
    this.detail = detail;
    if (state !== 'checking') this.serving = serving;
    this.render();
    this.changed.fire(state);
  }

  private render(): void {
    const label: Record<Health, string> = {
      unknown: vscode.l10n.t('not checked yet'),
      checking: vscode.l10n.t('checking…'),
      healthy: vscode.l10n.t('healthy'),
      degraded: vscode.l10n.t('degraded'),
      broken: vscode.l10n.t('broken'),
      offline: vscode.l10n.t('offline'),
    };
    const latency = this.serving?.ms !== undefined && this.current !== 'checking' ? ` ${Math.round(this.serving.ms)} ms` : '';
    this.item.text = `${ICON[this.current]} Go Proxy${latency}`;
    this.item.backgroundColor =
      this.current === 'broken' ? new vscode.ThemeColor('statusBarItem.errorBackground') : this.current === 'degraded' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: COMMANDS };
    md.appendMarkdown(`**Go Proxy: ${label[this.current]}**\n\n`);
    if (this.detail) md.appendText(this.detail).appendMarkdown('\n\n');
    if (this.serving) {
      md.appendText(this.serving.ms !== undefined ? vscode.l10n.t('Modules served by {0} ({1} ms)', this.serving.by, Math.round(this.serving.ms)) : vscode.l10n.t('Modules served by {0}', this.serving.by)).appendMarkdown('\n\n');
    }
    md.appendMarkdown(
      [
        `[$(play) ${vscode.l10n.t('Diagnose')}](command:goProxyDoctor.diagnose)`,
        `[$(output) ${vscode.l10n.t('Show Report')}](command:goProxyDoctor.showReport)`,
        `[$(graph) ${vscode.l10n.t('Chain and Timings')}](command:goProxyDoctor.showReportView)`,
        `[$(list-flat) ${vscode.l10n.t('Open Log')}](command:goProxyDoctor.openLog)`,
      ].join(' · '),
    );
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Go Proxy: ${label[this.current]}` };
  }

  dispose(): void {
    this.changed.dispose();
    this.item.dispose();
  }
}
