import type { Assignment } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { readShellLine } from './shell-words';
import { isTracked } from './variables';

/** Assignment operators of GNU make (make manual, 6.5 Setting Variables). */
const VARIABLE_LINE = /^([ \t]*)((?:override|export|private)[ \t]+)*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(:::=|::=|:=|\?=|\+=|!=|=)[ \t]*/;

/**
 * A Makefile (GNU make): variable lines (`export GOPROXY := …`, `GOPROXY ?= …`, `export NAME`
 * later, `.EXPORT_ALL_VARIABLES:`) and recipe lines, which `/bin/sh` runs
 * (`\tGOPROXY=off go build`, `go env -w`). A make variable reaches go only when exported, or
 * when it was already in make's environment (make passes the new value on then): others are
 * recorded as `not exported`. The value is the rest of the line up to a `#` comment, trailing
 * blanks included, as make keeps them; `$(X)` is expanded by make (unknown here), `$$` is a
 * literal `$`. A value continued with `\` is joined by make with a space, so it is not read.
 */
export function parseMakefile(src: SourceText): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const exported = new Set<string>();
  let exportAll = false;
  const vars: Assignment[] = [];
  for (let l = 1; l <= src.index.lineCount; l++) {
    const lineStart = src.index.lineStart(l);
    const line = src.index.lineText(l);
    const continued = /(^|[^\\])(\\\\)*\\$/.test(line);
    if (line.startsWith('\t')) {
      // A recipe line: the shell reads it (continuations are the shell's own).
      let end = src.index.lineEnd(l);
      let last = l;
      while (/(^|[^\\])(\\\\)*\\$/.test(src.index.lineText(last)) && last < src.index.lineCount) end = src.index.lineEnd(++last);
      const from = lineStart + 1 + (/^\t[@+-]*/.exec(line)![0].length - 1);
      const r = readShellLine(src.text, from, end);
      for (const a of r.assignments) {
        if (!isTracked(a.name)) continue;
        out.assignments.push(src.assignment({ variable: a.name, value: a.word.value.replace(/\$\$/g, '$'), start: a.word.start, end: a.word.end, statementStart: a.nameStart, statementEnd: a.word.end, scope: { kind: 'makefile', name: a.form === 'go-env-w' ? 'recipe go env -w' : 'recipe', level: 'recipe' }, resolution: a.word.expands ? 'unknown' : 'literal' }));
      }
      l = last;
      continue;
    }
    if (/^\.EXPORT_ALL_VARIABLES[ \t]*:/.test(line)) exportAll = true;
    const ex = /^[ \t]*export[ \t]+([A-Za-z_][A-Za-z0-9_ \t]*?)[ \t]*(#.*)?$/.exec(line);
    if (ex) for (const n of ex[1].split(/[ \t]+/)) exported.add(n);
    const m = VARIABLE_LINE.exec(line);
    if (!m || !isTracked(m[3])) continue;
    const name = m[3];
    const op = m[4];
    if ((m[2] ?? '').includes('export')) exported.add(name);
    if (continued) continue;
    const rest = line.slice(m[0].length);
    const hash = /(^|[^\\])#/.exec(rest);
    const raw = hash ? rest.slice(0, hash.index + hash[1].length) : rest;
    const start = lineStart + m[0].length;
    const value = raw.replace(/\$\$/g, '\u0000').replace(/\\#/g, '#');
    const refs = value.includes('$');
    const a = src.assignment({
      variable: name, value: value.replace(/\u0000/g, '$'), start, end: start + raw.length,
      statementStart: lineStart + line.indexOf(name, m[1].length), statementEnd: start + raw.length,
      scope: { kind: 'makefile', name: 'make variable', level: op },
      // `+=` appends to an earlier value, `!=` runs a shell, `$(X)` is make's: not known here.
      resolution: refs || op === '+=' || op === '!=' ? 'unknown' : 'literal',
    });
    vars.push(a);
    out.assignments.push(a);
  }
  for (const a of vars) if (!exportAll && !exported.has(a.variable)) a.scope.name = 'not exported';
  return out;
}

export function isMakefile(base: string): boolean {
  return base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile' || /\.mk$/.test(base);
}
