import type { TextEdit } from '../../model/location';
import type { CheckResult } from '../../model/result';

/**
 * The edits to apply for `--fix`: the preferred edit fix of each finding (never a weakening
 * one), one per span; an edit overlapping one already taken is left out (reported back).
 */
export function collectEdits(results: readonly CheckResult[]): { edits: TextEdit[]; skipped: Array<{ edit: TextEdit; reason: string }> } {
  const edits: TextEdit[] = [];
  const skipped: Array<{ edit: TextEdit; reason: string }> = [];
  const overlaps = (a: TextEdit, b: TextEdit) => a.file === b.file && before(a.startLine, a.startColumn, b.endLine, b.endColumn) && before(b.startLine, b.startColumn, a.endLine, a.endColumn);
  const same = (a: TextEdit, b: TextEdit) => a.file === b.file && a.startLine === b.startLine && a.startColumn === b.startColumn && a.endLine === b.endLine && a.endColumn === b.endColumn;
  for (const r of results) {
    for (const f of r.findings) {
      const fix = f.fixes.find((x) => x.kind === 'edit' && x.preferred && !x.weakening && x.edits?.length);
      if (!fix) continue;
      for (const e of fix.edits!) {
        if (edits.some((x) => same(x, e) && x.newText === e.newText)) continue;
        const clash = edits.find((x) => overlaps(x, e) || (same(x, e) && x.newText !== e.newText));
        if (clash) skipped.push({ edit: e, reason: `overlaps another edit at ${clash.file}:${clash.startLine}:${clash.startColumn}` });
        else edits.push(e);
      }
    }
  }
  return { edits, skipped };
}

/** Strictly before, except that two empty spans at one point do not overlap a neighbour. */
function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 < c2);
}
