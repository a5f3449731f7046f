import { createHash } from 'node:crypto';
import type { Finding } from '../model/result';

/**
 * A message with what changes between runs taken out (durations, timestamps, spacing, case),
 * so that the same problem keeps the same fingerprint.
 */
export function normalizeMessage(message: string): string {
  return message
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|milliseconds?|s|sec|secs|seconds?|m|min|minutes?)\b/g, '<duration>')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Stable identity of a finding across runs and runners: check id, repo-relative file,
 * variable and normalized message (no positions: an edit above the line must not make the
 * same finding look new).
 */
export function findingFingerprint(f: Finding, repoFile: string | undefined): string {
  const parts = [f.id, repoFile ?? '', f.variable ?? '', normalizeMessage(f.message)];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Makes repeated fingerprints unique (GitLab drops duplicates) while keeping them stable. */
export function uniqueFingerprints(fingerprints: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fingerprints.map((fp) => {
    const n = seen.get(fp) ?? 0;
    seen.set(fp, n + 1);
    return n === 0 ? fp : createHash('sha256').update(`${fp}#${n}`).digest('hex');
  });
}
