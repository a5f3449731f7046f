import type { SourceProblem } from '../model/workspace';

/** Problems shown per file; a hostile file could otherwise make thousands. */
export const MAX_PROBLEMS_PER_FILE = 20;

/**
 * The same problem (file, message, place) once, and at most `max` per file in the order
 * found, the rest counted in one last line: "… and N more problems in this file".
 */
export function capProblems(problems: readonly SourceProblem[], max = MAX_PROBLEMS_PER_FILE): SourceProblem[] {
  const seen = new Set<string>();
  const perFile = new Map<string, { kept: number; more: number; severity: SourceProblem['severity'] }>();
  const out: SourceProblem[] = [];
  for (const p of problems) {
    const l = p.location;
    const key = `${p.file}\0${p.message}\0${l ? `${l.startLine}:${l.startColumn}:${l.endLine}:${l.endColumn}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let n = perFile.get(p.file);
    if (!n) perFile.set(p.file, (n = { kept: 0, more: 0, severity: 'warning' }));
    if (n.kept < max) {
      n.kept++;
      out.push(p);
    } else {
      n.more++;
      if ((p.severity ?? 'error') === 'error') n.severity = 'error';
    }
  }
  for (const [file, n] of perFile) {
    if (n.more) out.push({ file, message: `… and ${n.more} more problem${n.more > 1 ? 's' : ''} in this file`, severity: n.severity });
  }
  return out;
}
