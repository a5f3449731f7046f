import * as vscode from 'vscode';
import { summarize, type Report } from '../core/report/report';
import type { CheckResult } from '../core/model/result';
import type { ProgressEvent } from '../core/engine/run-checks';

/** A check the worker is running now. */
export interface RunningCheck {
  id: string;
  title: string;
  slow?: string;
}

/** When a layer was last checked, and how. */
export interface LayerCheck {
  /** ISO time of the run that produced the layer's current results. */
  at: string;
  /** files: a file-only run (no network); offline: a full run with the network off; network: a full run. */
  how: 'files' | 'offline' | 'network';
}

/**
 * What the doctor knows: the results of the last run of every check (a static re-run
 * replaces only the checks it ran) and the checks running now. The tree, the diagnostics
 * and the status bar all read this one object.
 */
export class RunState implements vscode.Disposable {
  private readonly results = new Map<string, CheckResult>();
  private readonly running = new Map<string, RunningCheck>();
  /** Document versions the current results were computed on, by file path. */
  private versions = new Map<string, number>();
  private lastReport: Report | undefined;
  private readonly checked = new Map<string, LayerCheck>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get report(): Report | undefined {
    return this.lastReport;
  }

  get hasRun(): boolean {
    return this.lastReport !== undefined || this.running.size > 0;
  }

  /** Results in report order (layer, then id). */
  allResults(): CheckResult[] {
    return [...this.results.values()];
  }

  runningChecks(): RunningCheck[] {
    return [...this.running.values()];
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  versionOf(file: string): number | undefined {
    return this.versions.get(file);
  }

  progress(e: ProgressEvent): void {
    if (e.type === 'started') this.running.set(e.id, { id: e.id, title: e.title });
    else if (e.type === 'slow') this.running.set(e.id, { id: e.id, title: e.title, slow: e.message });
    else {
      this.running.delete(e.result.id);
      this.results.set(e.result.id, e.result);
    }
    this.changed.fire();
  }

  /** When each layer with results was last checked, in layer order of the results. */
  layerChecks(): Array<[string, LayerCheck]> {
    const layers = [...new Set([...this.results.values()].map((r) => r.layer))];
    return layers.flatMap((l) => (this.checked.has(l) ? [[l, this.checked.get(l)!] as [string, LayerCheck]] : []));
  }

  /**
   * A run ended: its results replace those of the same checks (all of them for a full run).
   * A file-only run (`filesOnly`) merges into the last results: a check it skipped (it runs
   * no network) keeps its last result, and the report keeps the time, duration and network
   * mode of the run that produced the rest; each layer keeps its own last-checked time.
   */
  finish(report: Report, full: boolean, versions: Map<string, number>, filesOnlyLayers?: readonly string[]): void {
    const filesOnly = filesOnlyLayers !== undefined;
    if (full) {
      this.results.clear();
      this.checked.clear();
    }
    // A check of the layers run that is no longer in them (disabled since) has no result now.
    if (filesOnly) for (const [id, r] of this.results) if (filesOnlyLayers.includes(r.layer) && !report.results.some((x) => x.id === id)) this.results.delete(id);
    const touched = new Set<string>();
    for (const r of report.results) {
      const old = this.results.get(r.id);
      // A file-only run runs no network: a check it skipped for that keeps its last result.
      if (filesOnly && r.status === 'skipped' && old && old.status !== 'skipped' && /^(offline|depends on)/.test(r.reason ?? '')) continue;
      this.results.set(r.id, r);
      touched.add(r.layer);
    }
    for (const layer of touched) this.checked.set(layer, { at: report.startedAt, how: filesOnly ? 'files' : report.offline ? 'offline' : 'network' });
    const ordered = [...this.results.values()].sort(compareResults);
    this.results.clear();
    for (const r of ordered) this.results.set(r.id, r);
    this.versions = full ? versions : new Map([...this.versions, ...versions]);
    // A partial run's own time and mode describe only its layers: the report keeps the base run's.
    const base = !full && this.lastReport ? this.lastReport : report;
    this.lastReport = { ...base, results: ordered, summary: summarize(ordered) };
    this.running.clear();
    this.changed.fire();
  }

  /** A run ended without a report (cancelled, failed): nothing is running any more. */
  stopRunning(): void {
    if (this.running.size === 0) return;
    this.running.clear();
    this.changed.fire();
  }

  /** "environment 03:10:05 (files) · protocol 03:01:00 (network)": when each layer was last checked. */
  checkedText(time: (iso: string) => string = (iso) => new Date(iso).toLocaleTimeString()): string {
    return this.layerChecks()
      .map(([layer, c]) => `${layer} ${time(c.at)} (${c.how})`)
      .join(' · ');
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function compareResults(a: CheckResult, b: CheckResult): number {
  return a.id.localeCompare(b.id);
}
