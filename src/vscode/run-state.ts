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

  /** A run ended: its results replace those of the same checks (all of them for a full run). */
  finish(report: Report, full: boolean, versions: Map<string, number>): void {
    if (full) this.results.clear();
    for (const r of report.results) this.results.set(r.id, r);
    const ordered = [...this.results.values()].sort(compareResults);
    this.results.clear();
    for (const r of ordered) this.results.set(r.id, r);
    this.versions = full ? versions : new Map([...this.versions, ...versions]);
    this.lastReport = { ...report, results: ordered, summary: summarize(ordered) };
    this.running.clear();
    this.changed.fire();
  }

  /** A run ended without a report (cancelled, failed): nothing is running any more. */
  stopRunning(): void {
    if (this.running.size === 0) return;
    this.running.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function compareResults(a: CheckResult, b: CheckResult): number {
  return a.id.localeCompare(b.id);
}
