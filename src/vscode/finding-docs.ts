import { DOCS_BASE } from '../core/model/docs';
import type { CheckResult, Finding } from '../core/model/result';

/**
 * The documentation of a finding's own id. A check can report findings under another check's
 * id (a scope check reporting a GOSUMDB value under GPD111): the link must open that id's
 * section, not the reporting check's. The section's address is the one the check of that id
 * carries (`docs`); when that check did not run, the page itself rather than a wrong section.
 */
export function findingDocs(finding: Pick<Finding, 'id'>, result: Pick<CheckResult, 'id' | 'docs'>, results: Iterable<Pick<CheckResult, 'id' | 'docs'>>): string {
  if (finding.id === result.id) return result.docs;
  for (const r of results) if (r.id === finding.id) return r.docs;
  return DOCS_BASE;
}
