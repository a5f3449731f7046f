import type { Report } from './report';
import type { CheckResult, Finding, Severity } from '../model/result';
import type { Location } from '../model/location';
import { Redactor } from './redact';
import { repoPath, relativeUri, fileUri } from './repo-path';
import { findingFingerprint } from './fingerprint';
import { fixLine } from './text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Base id of paths relative to the diagnosed folder (the repository root in CI). */
export const SRCROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/go-proxy-doctor/go-proxy-doctor';

export interface AnchorOptions {
  /**
   * Repo-relative file, known to exist, that findings without a place in the repository
   * point at: findings about a variable, and findings in files outside the diagnosed folder
   * (the go/env file, ~/.bashrc), whose file is then named in the message. GitHub code
   * scanning rejects a whole upload when one result has no physical location. Without an
   * anchor (and no finding located in the folder) such results carry no location at all:
   * never a file that does not exist, never an absolute path.
   */
  anchor?: string;
}

/** `file:line:column` of a location outside the diagnosed folder, for a message. */
export function outsideNote(l: Location): string {
  return `${l.file.replace(/\\/g, '/')}:${l.startLine}:${l.startColumn}`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

type Json = Record<string, unknown>;

/** Only files inside the diagnosed folder get a location: relative to %SRCROOT%. */
function artifactLocation(file: string, root: string): Json | undefined {
  const p = repoPath(file, root);
  return p.insideRoot ? { uri: relativeUri(p.path), uriBaseId: SRCROOT } : undefined;
}

function region(l: Location): Json {
  return { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: Math.max(1, l.endColumn) };
}

function physical(l: Location, root: string): Json | undefined {
  const a = artifactLocation(l.file, root);
  return a && { physicalLocation: { artifactLocation: a, region: region(l) } };
}

function sarifFixes(f: Finding, root: string): Json[] {
  return f.fixes
    .filter((x) => x.kind === 'edit' && x.edits?.length)
    .map((x) => {
      const byFile = new Map<string, Json[]>();
      for (const e of x.edits!) {
        // A file outside the folder has no place a CI tool can name; the fix stays in properties.fixes.
        if (!artifactLocation(e.file, root)) continue;
        const list = byFile.get(e.file) ?? [];
        list.push({ deletedRegion: region(e), insertedContent: { text: e.newText } });
        byFile.set(e.file, list);
      }
      return {
        description: { text: x.title },
        artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: artifactLocation(file, root), replacements })),
      };
    })
    .filter((x) => x.artifactChanges.length > 0);
}

function rule(r: CheckResult): Json {
  return {
    id: r.id,
    name: r.slug,
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.title} (${r.layer} layer). Documentation: ${r.docs}` },
    helpUri: r.docs,
    help: { text: `${r.id} ${r.slug}: ${r.title}. See ${r.docs}`, markdown: `[${r.id} ${r.slug}](${r.docs}): ${r.title}` },
    properties: { layer: r.layer, tags: ['go', 'goproxy', r.layer] },
  };
}

/**
 * SARIF 2.1.0 for code-scanning tools: one rule per check that ran (with its docs link),
 * one result per finding, locations relative to %SRCROOT%, fingerprints stable across
 * runs. Checks that crashed are tool notifications, not results.
 */
export function renderSarif(input: Report, options: AnchorOptions = {}): string {
  const report = new Redactor().redactDeep(input);
  const root = report.dir;
  const anchor = options.anchor ?? firstLocatedFile(report);
  const ruleIndex = new Map(report.results.map((r, i) => [r.id, i]));
  const results: Json[] = [];
  for (const r of report.results) {
    for (const f of r.findings) {
      const file = f.location ? repoPath(f.location.file, root) : undefined;
      const placed = f.location && physical(f.location, root);
      const outside = f.location && !placed ? f.location : undefined;
      const logical = f.variable ? { logicalLocations: [{ name: f.variable, kind: 'variable' }] } : {};
      const anchored: Json | undefined = placed ? undefined
        : anchor ? { physicalLocation: { artifactLocation: artifactLocation(anchor, root) ?? { uri: relativeUri(anchor), uriBaseId: SRCROOT }, region: { startLine: 1 } }, ...logical }
        : f.variable ? logical : undefined;
      const where = placed ?? anchored;
      const result: Json = {
        ruleId: r.id,
        ruleIndex: ruleIndex.get(r.id),
        level: LEVEL[f.severity],
        message: { text: outside ? `${f.message} (in ${outsideNote(outside)}, outside the repository)` : f.message },
        ...(where ? { locations: [where] } : {}),
        partialFingerprints: { 'goProxyDoctor/v1': findingFingerprint(f, file?.path) },
        properties: {
          ...(f.variable ? { variable: f.variable } : {}),
          ...(placed ? {} : { anchored: true }),
          ...(outside ? { outsideFile: outsideNote(outside) } : {}),
          evidence: f.evidence,
          fixes: f.fixes.map(fixLine),
        },
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((x, i) => {
          const p = physical(x.location, root);
          return { id: i + 1, ...p, message: { text: p ? x.message : `${x.message} (in ${outsideNote(x.location)}, outside the repository)` } };
        });
      }
      const fixes = sarifFixes(f, root);
      if (fixes.length) result.fixes = fixes;
      results.push(result);
    }
  }
  const crashed = report.results.filter((r) => r.status === 'crashed');
  const started = Date.parse(report.startedAt);
  const invocation: Json = {
    executionSuccessful: crashed.length === 0,
    ...(Number.isFinite(started) ? { startTimeUtc: new Date(started).toISOString(), endTimeUtc: new Date(started + report.durationMs).toISOString() } : {}),
    toolExecutionNotifications: crashed.map((r) => ({
      level: 'error',
      message: { text: `${r.id} ${r.title} crashed: ${r.reason ?? 'no reason given'}` },
      associatedRule: { id: r.id, index: ruleIndex.get(r.id) },
    })),
  };
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: semver(report.tool.version), informationUri: INFORMATION_URI, rules: report.results.map(rule) } },
      invocations: [invocation],
      originalUriBaseIds: { [SRCROOT]: { uri: fileUri(root, true) } },
      columnKind: 'utf16CodeUnits',
      results,
      properties: {
        go: report.go,
        platform: report.platform,
        offline: report.offline,
        summary: report.summary,
        environment: report.environment,
      },
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The first file of the diagnosed folder a finding is located in: a real file to anchor the others. */
export function firstLocatedFile(report: Report): string | undefined {
  for (const r of report.results) for (const f of r.findings) if (f.location && repoPath(f.location.file, report.dir).insideRoot) return repoPath(f.location.file, report.dir).path;
  return undefined;
}

/** semanticVersion must be plain semver; a dev build's version may not be. */
function semver(v: string): string | undefined {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v) ? v : undefined;
}
