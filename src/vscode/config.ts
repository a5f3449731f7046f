import * as vscode from 'vscode';
import type { RunOptions } from '../core/model/options';
import type { GoSettings } from './choose-go';

export const SECTION = 'goProxyDoctor';

/** Typed view of the `goProxyDoctor.*` settings; read fresh on every access. */
export class Config {
  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get timeoutMs(): number {
    return clamp(this.cfg.get<number>('timeoutMs', 5000), 100, 120000);
  }
  get resolvers(): string[] {
    return strings(this.cfg.get('resolvers'));
  }
  get mirrors(): string[] {
    return strings(this.cfg.get('mirrors'));
  }
  get offline(): boolean {
    return this.cfg.get<boolean>('offline', false);
  }
  get disabledChecks(): string[] {
    return strings(this.cfg.get('disabledChecks'));
  }
  get diagnoseOnStartup(): boolean {
    return this.cfg.get<boolean>('diagnoseOnStartup', false);
  }
  /** Minutes between light background runs; 0 turns them off. */
  get probeIntervalMinutes(): number {
    return clamp(this.cfg.get<number>('probeIntervalMinutes', 10), 0, 24 * 60);
  }
  get showStatusBar(): boolean {
    return this.cfg.get<boolean>('statusBar.show', true);
  }
  get debounceMs(): number {
    return clamp(this.cfg.get<number>('debounceMs', 500), 50, 10000);
  }

  /**
   * The Go extension's settings that choose the go it runs (`go.alternateTools.go`,
   * `go.goroot`), read for the folder as that extension reads them. Settings files are read
   * even when the Go extension is not installed: they still say which go the person means.
   */
  goSettings(folder?: string): GoSettings {
    const go = vscode.workspace.getConfiguration('go', folder ? vscode.Uri.file(folder) : undefined);
    const alternate = go.get<unknown>('alternateTools');
    const alternateGo = alternate && typeof alternate === 'object' ? (alternate as Record<string, unknown>).go : undefined;
    const goroot = go.get<unknown>('goroot');
    return {
      ...(typeof alternateGo === 'string' && alternateGo.trim() ? { alternateGo } : {}),
      ...(typeof goroot === 'string' && goroot.trim() ? { goroot } : {}),
    };
  }

  /** The core's options for a run. */
  runOptions(untrusted: boolean): Partial<RunOptions> {
    return {
      timeoutMs: this.timeoutMs,
      resolvers: this.resolvers,
      mirrors: this.mirrors,
      offline: this.offline,
      skip: this.disabledChecks,
      untrusted,
    };
  }

  /** The effective settings, for the log. */
  describe(): Record<string, unknown> {
    return {
      timeoutMs: this.timeoutMs,
      resolvers: this.resolvers,
      mirrors: this.mirrors,
      offline: this.offline,
      disabledChecks: this.disabledChecks,
      diagnoseOnStartup: this.diagnoseOnStartup,
      probeIntervalMinutes: this.probeIntervalMinutes,
      'statusBar.show': this.showStatusBar,
      debounceMs: this.debounceMs,
    };
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}
