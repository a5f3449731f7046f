import { SourceText, type ParsedSource } from './source-text';
import { isTracked } from './variables';

/**
 * A declarative Jenkinsfile: `environment { NAME = 'value' }` at pipeline level and in a
 * `stage('name') { … }` (a stage's value wins there). A single-quoted Groovy string is
 * literal (`\'` and `\\` are its escapes); a double-quoted one interpolates `${X}`/`$X` when
 * Jenkins evaluates it (unknown here, unless it has no `$`); `credentials('id')` and other
 * expressions are resolved by Jenkins and not read. Braces inside strings and comments do
 * not count.
 */
export function parseJenkinsfile(src: SourceText): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const text = src.text;
  const stack: Array<{ header: string; stage?: string }> = [];
  let headerStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i = stringEnd(text, i).end;
      continue;
    }
    if (c === '{') {
      // The header is the last line before the brace: `stage('x') {`, or `stage('x')` above a `{` line.
      const lines = text.slice(headerStart, i).replace(/\/\/[^\n]*/g, '').split('\n').map((x) => x.trim()).filter((x) => x !== '');
      const header = lines[lines.length - 1] ?? '';
      const st = /^stage\s*\(\s*(['"])(.*?)\1\s*\)$/.exec(header);
      const enclosing = stack.length ? stack[stack.length - 1].stage : undefined;
      stack.push({ header, stage: st ? st[2] : enclosing });
      if (header === 'environment') readEnvironment(src, i + 1, stack[stack.length - 1].stage, out);
      headerStart = i + 1;
    } else if (c === '}') {
      stack.pop();
      headerStart = i + 1;
    }
    i++;
  }
  return out;
}

/** The end of the Groovy string starting at `at`, and its value when it has no interpolation. */
function stringEnd(text: string, at: number): { end: number; value: string; interpolates: boolean; closed: boolean } {
  const q = text[at];
  let i = at + 1;
  let value = '';
  let interpolates = false;
  while (i < text.length && text[i] !== '\n') {
    const d = text[i];
    if (d === '\\' && i + 1 < text.length) {
      const n = text[i + 1];
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      i += 2;
      continue;
    }
    if (d === q) return { end: i + 1, value, interpolates, closed: true };
    if (q === '"' && d === '$') interpolates = true;
    value += d;
    i++;
  }
  return { end: i, value, interpolates, closed: false };
}

function readEnvironment(src: SourceText, from: number, stage: string | undefined, out: ParsedSource): void {
  const text = src.text;
  // One per line, or after the block's `{` or a `;` (`environment { GOSUMDB = 'off' }`).
  const re = /(?:^|[{;])[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*/gm;
  re.lastIndex = from - 1;
  const close = blockEnd(text, from);
  for (let m = re.exec(text); m && m.index < close; m = re.exec(text)) {
    const name = m[1];
    const vs = m.index + m[0].length;
    if (!isTracked(name) || (text[vs] !== "'" && text[vs] !== '"')) continue;
    if (text.startsWith("'''", vs) || text.startsWith('"""', vs)) continue;
    const s = stringEnd(text, vs);
    if (!s.closed) {
      out.problems.push(src.problem(`environment ${name}: unterminated string`, vs, vs + 1));
      continue;
    }
    out.assignments.push(src.assignment({
      variable: name, value: s.value, start: vs, end: s.end, statementStart: m.index + m[0].indexOf(name, /^[{;]/.test(m[0]) ? 1 : 0), statementEnd: s.end,
      scope: { kind: 'jenkinsfile', name: stage === undefined ? 'pipeline' : `stage ${stage}`, level: 'environment' },
      resolution: s.interpolates ? 'unknown' : 'literal',
    }));
  }
}

/** The offset of the `}` that closes a block whose body starts at `from`. */
function blockEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") i = stringEnd(text, i).end - 1;
    else if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return i;
  }
  return text.length;
}

export function isJenkinsfile(base: string): boolean {
  return base === 'Jenkinsfile' || /^Jenkinsfile\.[A-Za-z0-9_-]+$/.test(base) || /\.jenkinsfile$/i.test(base);
}
