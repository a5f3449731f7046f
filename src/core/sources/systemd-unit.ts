import type { Assignment } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { isTracked } from './variables';

export interface SystemdUnitInfo extends ParsedSource {
  unit: string;
  /** `User=` value, or null when the unit runs as root without one. */
  user: string | null;
  dynamicUser: boolean;
  /** `EnvironmentFile=` entries, in order (`-` prefix = optional). */
  environmentFiles: Array<{ path: string; optional: boolean; start: number; end: number }>;
  /** Variables in effect from `Environment=` lines (later wins; an empty `Environment=` resets). */
  environment: Map<string, Assignment>;
  /** Where a new `Environment=` line goes: after the last one, else after `[Service]`. */
  insertAfter: number | null;
}

/**
 * Reads a systemd unit or drop-in (`systemd.syntax(7)`, `systemd.exec(5)`): sections,
 * `#`/`;` comment lines, backslash continuations, `Environment=` as a list of words with
 * systemd's quoting (`"A=1 2" B=3`, C escapes inside), `EnvironmentFile=`, `User=`,
 * `DynamicUser=`.
 */
export function parseSystemdUnit(src: SourceText, unit: string): SystemdUnitInfo {
  const out: SystemdUnitInfo = { assignments: [], problems: [], unit, user: null, dynamicUser: false, environmentFiles: [], environment: new Map(), insertAfter: null };
  let section = '';
  for (let l = 1; l <= src.index.lineCount; l++) {
    const lineStart = src.index.lineStart(l);
    const line = src.index.lineText(l);
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    if (t.startsWith('[')) {
      section = t.replace(/^\[|\].*$/g, '');
      if (section === 'Service' && out.insertAfter === null) out.insertAfter = src.index.lineEnd(l);
      continue;
    }
    const m = /^(\s*)([A-Za-z0-9]+)\s*=\s*/.exec(line);
    if (!m) continue;
    // A value continued with a trailing backslash goes on over the next lines.
    let endLine = l;
    while (/\\\s*$/.test(src.index.lineText(endLine)) && endLine < src.index.lineCount) endLine++;
    const valueStart = lineStart + m[0].length;
    const valueEnd = src.index.lineEnd(endLine);
    l = endLine;
    const key = m[2];
    const value = src.text.slice(valueStart, valueEnd);
    if (key === 'User') out.user = value.trim() || null;
    else if (key === 'DynamicUser') out.dynamicUser = /^(1|yes|true|on)$/i.test(value.trim());
    else if (key === 'EnvironmentFile') {
      const v = value.trim();
      if (v) out.environmentFiles.push({ path: v.replace(/^-/, ''), optional: v.startsWith('-'), start: valueStart, end: valueEnd });
    } else if (key === 'Environment') {
      if (section === 'Service') out.insertAfter = src.index.lineEnd(endLine);
      if (value.trim() === '') {
        out.environment.clear();
        continue;
      }
      for (const w of systemdWords(src, valueStart, valueEnd, out.problems)) {
        const eq = w.value.indexOf('=');
        if (eq <= 0) {
          out.problems.push({ ...src.problem(`Environment=: "${w.value}" is not NAME=VALUE; systemd ignores it ("Invalid environment assignment, ignoring")`, w.start, w.end), severity: 'warning' });
          continue;
        }
        const name = w.value.slice(0, eq);
        // Specifiers (systemd.unit(5)): `%%` is a literal `%`; others (%h, %n, …) depend on
        // the unit instance and are left unresolved.
        const rawValue = w.value.slice(eq + 1);
        const value = rawValue.replace(/%%/g, '%');
        const a = src.assignment({
          variable: name, value, start: w.valueStart, end: w.valueEnd, statementStart: w.start, statementEnd: w.end,
          scope: { kind: 'systemd', name: unit, level: 'Environment=' },
          resolution: /%[^%]/.test(rawValue.replace(/%%/g, '')) ? 'unknown' : 'literal',
        });
        out.environment.set(name, a);
        if (isTracked(name)) out.assignments.push(a);
      }
    }
  }
  return out;
}

interface SystemdWord { value: string; start: number; end: number; valueStart: number; valueEnd: number }

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/** One C escape at text[i] (a backslash): the character and the length consumed. */
function cUnescape(text: string, i: number): { ch: string; len: number } {
  const e = text[i + 1];
  if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) return { ch: String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16)), len: 4 };
  if (/[0-7]/.test(e) && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) return { ch: String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8)), len: 4 };
  return { ch: C_ESCAPES[e] ?? e, len: 2 };
}

/**
 * systemd's `extract_first_word(…, EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE|EXTRACT_RELAX)`:
 * words split on whitespace, `"`/`'` quote parts of a word, backslash escapes C-style.
 * valueStart/valueEnd bound the text after the first `=` (inside the quotes when the whole
 * word is quoted), so an edit there keeps the quoting.
 */
function systemdWords(src: SourceText, from: number, to: number, problems: ParsedSource['problems']): SystemdWord[] {
  const text = src.text;
  const out: SystemdWord[] = [];
  let i = from;
  while (i < to) {
    for (;;) {
      if (i < to && /\s/.test(text[i])) i++;
      else if (text[i] === '\\' && /[\r\n]/.test(text[i + 1] ?? '')) i++;
      else break;
    }
    if (i >= to) break;
    const start = i;
    let value = '';
    let quote: string | null = null;
    let eqRaw = -1;
    while (i < to) {
      const c = text[i];
      if (quote) {
        if (c === quote) { quote = null; i++; continue; }
        if (c === '\\' && i + 1 < to) { const u = cUnescape(text, i); value += u.ch; i += u.len; continue; }
      } else {
        if (/\s/.test(c)) break;
        if (c === '"' || c === "'") { quote = c; i++; continue; }
        if (c === '\\' && i + 1 < to) {
          if (/[\r\n]/.test(text[i + 1])) break;
          const u = cUnescape(text, i);
          value += u.ch;
          i += u.len;
          continue;
        }
      }
      if (c === '=' && eqRaw < 0) eqRaw = i;
      value += c;
      i++;
    }
    if (quote) {
      problems.push(src.problem(`Environment=: unterminated ${quote === '"' ? 'double' : 'single'} quote; systemd ignores the assignment`, start, start + 1));
      break;
    }
    const end = i;
    const wholeQuoted = (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start];
    const valueStart = eqRaw >= 0 ? eqRaw + 1 : end;
    const valueEnd = wholeQuoted ? end - 1 : end;
    out.push({ value, start, end, valueStart, valueEnd: Math.max(valueStart, valueEnd) });
  }
  return out;
}
