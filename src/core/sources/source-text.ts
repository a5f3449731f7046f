import type { Location } from '../model/location';
import type { Assignment, Scope, SourceProblem } from '../model/workspace';
import { LineIndex } from '../edit/line-index';
import { stripBom } from '../edit/apply-edits';
import { isLookAlike } from './variables';

/** A decoded config file: text without BOM (positions refer to it) and its line index. */
export class SourceText {
  readonly index: LineIndex;
  readonly bom: boolean;
  readonly text: string;

  constructor(readonly file: string, decoded: string) {
    const s = stripBom(decoded);
    this.bom = s.bom;
    this.text = s.text;
    this.index = new LineIndex(this.text);
  }

  /** Location of the offsets [start, end). */
  locate(start: number, end: number): Location {
    const a = this.index.position(start);
    const b = this.index.position(end);
    return { file: this.file, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }

  problem(message: string, start?: number, end?: number): SourceProblem {
    if (start === undefined) return { file: this.file, message };
    return { file: this.file, message, location: this.locate(start, end ?? start) };
  }

  /** An assignment whose value text is `text.slice(start, end)`. */
  assignment(a: {
    variable: string; value: string; start: number; end: number; statementStart?: number; statementEnd?: number;
    scope: Omit<Scope, 'file'> & { file?: string }; resolution?: Assignment['resolution'];
  }): Assignment {
    const out: Assignment = {
      variable: a.variable,
      raw: this.text.slice(a.start, a.end),
      value: a.value,
      range: this.locate(a.start, a.end),
      scope: { file: this.file, ...a.scope },
      resolution: a.resolution ?? 'literal',
    };
    if (a.statementStart !== undefined) out.statement = this.locate(a.statementStart, a.statementEnd ?? a.end);
    if (isLookAlike(a.variable)) out.lookAlike = true;
    return out;
  }
}

/** What one parser returns for one file. */
export interface ParsedSource {
  assignments: Assignment[];
  problems: SourceProblem[];
}

/** Positions of a `$NAME` / `${NAME}` reference in a value (POSIX names). */
export function findReferences(value: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (const m of value.matchAll(re)) out.push({ name: m[1] ?? m[2], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/**
 * Replaces `$NAME`/`${NAME}` with the values `lookup` knows. `unknown` when a reference
 * stays unresolved, `interpolated` when all were resolved, `literal` when there were none.
 */
export function interpolate(value: string, lookup: (name: string) => string | undefined): { value: string; resolution: Assignment['resolution'] } {
  const refs = findReferences(value);
  if (refs.length === 0) return { value, resolution: 'literal' };
  let out = '';
  let at = 0;
  let unresolved = false;
  for (const r of refs) {
    const v = lookup(r.name);
    out += value.slice(at, r.start) + (v ?? value.slice(r.start, r.end));
    if (v === undefined) unresolved = true;
    at = r.end;
  }
  out += value.slice(at);
  return { value: out, resolution: unresolved ? 'unknown' : 'interpolated' };
}
