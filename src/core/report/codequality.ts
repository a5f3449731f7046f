import type { Report } from './report';
import type { Severity } from '../model/result';
import { Redactor } from './redact';
import { repoPath } from './repo-path';
import { findingFingerprint, uniqueFingerprints } from './fingerprint';
import { firstLocatedFile, outsideNote, type AnchorOptions } from './sarif';

/** GitLab's Code Quality severities: info, minor, major, critical, blocker. */
export const CODE_QUALITY_SEVERITY: Record<Severity, 'info' | 'minor' | 'critical'> = {
  // go cannot fetch modules: the pipeline is broken.
  error: 'critical',
  warning: 'minor',
  info: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number; end?: number } };
}

/**
 * GitLab Code Quality report (the merge-request widget): one issue per finding. Fingerprints
 * hash the check id, repo-relative file, variable and normalized message, so the widget
 * sees the same finding as the same issue in the base and head pipelines.
 * `location.path` must be a file of the repository: findings in a file outside it (the
 * go/env file, ~/.bashrc) and findings about a variable point at the anchor (line 1), the
 * outside file named in the description. With no anchor, GitLab has nowhere to show them:
 * they are left out here and stay in the Markdown, JUnit and JSON reports.
 */
export function renderCodeQuality(input: Report, options: AnchorOptions = {}): string {
  const report = new Redactor().redactDeep(input);
  const anchor = options.anchor ?? firstLocatedFile(report);
  const rows: Array<Omit<CodeQualityIssue, 'fingerprint'> & { fp: string }> = [];
  for (const r of report.results) {
    for (const f of r.findings) {
      const rp = f.location ? repoPath(f.location.file, report.dir) : undefined;
      const file = rp?.path;
      const inside = f.location && rp!.insideRoot ? f.location : undefined;
      if (!inside && !anchor) continue;
      const outside = f.location && !inside ? ` (in ${outsideNote(f.location)}, outside the repository)` : '';
      const description = `${r.id} ${f.variable ? `${f.variable}: ` : ''}${f.message}${outside}`;
      rows.push({
        description,
        check_name: `${r.id}-${r.slug}`,
        fp: findingFingerprint(f, file),
        severity: CODE_QUALITY_SEVERITY[f.severity],
        location: inside
          ? { path: file!, lines: { begin: inside.startLine, ...(inside.endLine > inside.startLine ? { end: inside.endLine } : {}) } }
          : { path: anchor!, lines: { begin: 1 } },
      });
    }
  }
  const fps = uniqueFingerprints(rows.map((x) => x.fp));
  const issues: CodeQualityIssue[] = rows.map(({ fp: _fp, ...x }, i) => ({ description: x.description, check_name: x.check_name, fingerprint: fps[i], severity: x.severity, location: x.location }));
  return JSON.stringify(issues, null, 2) + '\n';
}
