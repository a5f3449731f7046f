import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CheckResult, Finding, Severity } from '../core/model/result';
import type { Location } from '../core/model/location';
import type { RunState } from './run-state';
import { findingDocs } from './finding-docs';

export const DIAGNOSTIC_SOURCE = 'Go Proxy';

/** A diagnostic and the finding it shows. */
export interface FindingEntry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
  result: CheckResult;
  /** The document version the finding was computed on (undefined: the file on disk). */
  version: number | undefined;
}

/** Converts a core location (1-based, end exclusive) to a VS Code range (0-based). */
export function toRange(loc: Location): vscode.Range {
  return new vscode.Range(Math.max(0, loc.startLine - 1), Math.max(0, loc.startColumn - 1), Math.max(0, loc.endLine - 1), Math.max(0, loc.endColumn - 1));
}

export function toUri(file: string, dir: string): vscode.Uri {
  return vscode.Uri.file(path.isAbsolute(file) ? file : path.join(dir, file));
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Publishes the findings that point at files as diagnostics, and remembers which is which. */
export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('goProxyDoctor');
  private byUri = new Map<string, FindingEntry[]>();

  constructor(private readonly state: RunState) {}

  refresh(): void {
    const report = this.state.report;
    const next = new Map<string, FindingEntry[]>();
    if (report) {
      const all = this.state.allResults();
      for (const result of all) {
        for (const finding of result.findings) {
          if (!finding.location) continue;
          const uri = toUri(finding.location.file, report.dir);
          const d = new vscode.Diagnostic(toRange(finding.location), finding.message, SEVERITY[finding.severity] ?? vscode.DiagnosticSeverity.Warning);
          d.source = DIAGNOSTIC_SOURCE;
          d.code = { value: finding.id, target: vscode.Uri.parse(findingDocs(finding, result, all)) };
          if (finding.related?.length) {
            d.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(toUri(r.location.file, report.dir), toRange(r.location)), r.message));
          }
          const key = uri.toString();
          const list = next.get(key) ?? [];
          list.push({ diagnostic: d, finding, result, version: this.state.versionOf(uri.fsPath) });
          next.set(key, list);
        }
      }
    }
    for (const key of this.byUri.keys()) if (!next.has(key)) this.collection.delete(vscode.Uri.parse(key));
    for (const [key, list] of next) this.collection.set(vscode.Uri.parse(key), list.map((e) => e.diagnostic));
    this.byUri = next;
  }

  entries(uri: vscode.Uri): readonly FindingEntry[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  /** The entry behind a diagnostic handed back by VS Code (a copy: matched by code and range). */
  entryFor(uri: vscode.Uri, d: vscode.Diagnostic): FindingEntry | undefined {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return this.entries(uri).find((e) => e.finding.id === code && e.diagnostic.range.isEqual(d.range) && e.diagnostic.message === d.message);
  }

  /** Whether the document still has the text the finding was computed on. */
  static isFresh(entry: FindingEntry, doc: vscode.TextDocument): boolean {
    return entry.version === undefined ? !doc.isDirty : entry.version === doc.version;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
