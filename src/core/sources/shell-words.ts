/**
 * Just enough POSIX shell to read assignments: one word with its quoting, as `sh` would
 * remove quotes (XCU 2.2 Quoting). Expansions are kept as text and reported.
 */
export interface ShellWord {
  /** The word after quote removal. */
  value: string;
  /** Offsets of the word's text in the scanned string. */
  start: number;
  end: number;
  /** Parts with `$` expansions outside single quotes. */
  expands: boolean;
  /** A quote that never closes: the value is not usable. */
  unterminated?: { quote: string; at: number };
  /** The word is quoted as a whole with this character ('"', "'" or ''). */
  quote: '"' | "'" | '';
}

const META = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '<', '>', '(', ')']);

/**
 * Where a word of a Dockerfile `ENV`/`ARG` ends: at whitespace outside quotes, never at a
 * shell operator (moby/buildkit frontend/dockerfile/parser/line_parsers.go parseWords, used
 * by parseNameVal for ENV and parseNameOrNameVal for ARG). `ENV GOPROXY=a|direct` is one word.
 */
export const DOCKERFILE_WORD_STOPS: ReadonlySet<string> = new Set([' ', '\t', '\n', '\r', '\v', '\f']);

/**
 * Reads one word of `text` starting at `at` (no leading blanks), ending at a character of
 * `stops` outside quotes (the shell's metacharacters unless told otherwise).
 */
export function readShellWord(text: string, at: number, end = text.length, stops: ReadonlySet<string> = META): ShellWord {
  let i = at;
  let value = '';
  let expands = false;
  let unterminated: ShellWord['unterminated'];
  while (i < end && !stops.has(text[i])) {
    const c = text[i];
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= end) {
        unterminated = { quote: "'", at: i };
        value += text.slice(i + 1, end);
        i = end;
        break;
      }
      value += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      const q = i;
      i++;
      let closed = false;
      while (i < end) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < end && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '$') expands = true;
        value += d;
        i++;
      }
      if (!closed) {
        unterminated = { quote: '"', at: q };
        break;
      }
    } else if (c === '\\') {
      // A Dockerfile line continuation may end in CRLF; BuildKit drops the escape and the line end.
      if (stops !== META && text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < end && text[i + 1] !== '\n') value += text[i + 1];
      i += 2;
    } else {
      if (c === '$') expands = true;
      value += c;
      i++;
    }
  }
  const raw = text.slice(at, Math.min(i, end));
  const quote = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) && !unterminated && onlyOneQuotedPart(raw) ? (raw[0] as '"' | "'") : '';
  return { value, start: at, end: Math.min(i, end), expands, quote, ...(unterminated ? { unterminated } : {}) };
}

function onlyOneQuotedPart(raw: string): boolean {
  const q = raw[0];
  if (q === "'") return raw.indexOf("'", 1) === raw.length - 1;
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '"') return false;
  }
  return true;
}

/** Skips blanks (and backslash-newline continuations) from `at`. */
export function skipBlanks(text: string, at: number, end = text.length): number {
  let i = at;
  for (;;) {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '\\' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
    else return i;
  }
}

export interface ShellAssignment {
  name: string;
  nameStart: number;
  word: ShellWord;
  /** How it was written: `export`, a plain `NAME=` or `go env -w`. */
  form: 'export' | 'plain' | 'go-env-w';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Assignments in one simple command of `text[from, to)`: `export A=1 B=2`, `declare -x A=1`,
 * `A=1` (alone or before a command, where it only reaches that command: reported as plain),
 * and `go env -w A=1 B=2` (written to the go/env file).
 */
export function readShellAssignments(text: string, from: number, to: number): ShellAssignment[] {
  return readShellLine(text, from, to).assignments;
}

/**
 * Like readShellAssignments, but stops at the first newline outside quotes and says where
 * the next line starts (a quoted value may span lines).
 */
export function readShellLine(text: string, from: number, to: number): { assignments: ShellAssignment[]; next: number; unterminated?: ShellWord } {
  const out: ShellAssignment[] = [];
  let i = skipBlanks(text, from, to);
  const words: ShellWord[] = [];
  let bad: ShellWord | undefined;
  while (i < to) {
    const c = text[i];
    if (c === '\n') {
      i++;
      break;
    }
    if (c === '#' && (i === from || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= to ? to : nl + 1;
      break;
    }
    if (META.has(c)) {
      if (c === ';' || c === '&' || c === '|') {
        out.push(...commandAssignments(text, words));
        words.length = 0;
      }
      i = skipBlanks(text, i + 1, to);
      continue;
    }
    const w = readShellWord(text, i, to);
    if (w.unterminated) {
      // The rest of the file is one broken word: report it and read nothing from it.
      bad = w;
      i = to;
      break;
    }
    words.push(w);
    if (w.end <= i) {
      i++;
      continue;
    }
    i = skipBlanks(text, w.end, to);
  }
  if (!bad) out.push(...commandAssignments(text, words));
  return { assignments: out, next: i, ...(bad ? { unterminated: bad } : {}) };
}

function commandAssignments(text: string, words: ShellWord[]): ShellAssignment[] {
  const out: ShellAssignment[] = [];
  if (words.length === 0) return out;
  const split = (w: ShellWord, form: ShellAssignment['form']) => {
    const m = NAME.exec(text.slice(w.start, w.end));
    if (!m || text[w.start + m[0].length] !== '=') return;
    const valueStart = w.start + m[0].length + 1;
    const word = readShellWord(text, valueStart, w.end);
    out.push({ name: m[0], nameStart: w.start, word: { ...word, end: w.end }, form });
  };
  while (words.length && ['then', 'do', 'else', '{', '!', 'elif'].includes(words[0].value)) words.shift();
  if (words.length === 0) return out;
  const first = words[0].value;
  if (first === 'export' || first === 'declare' || first === 'typeset' || first === 'readonly' || first === 'local') {
    for (const w of words.slice(1)) if (!w.value.startsWith('-')) split(w, first === 'export' || (first !== 'local' && words.some((x) => x.value.startsWith('-') && x.value.includes('x'))) ? 'export' : 'plain');
    return out;
  }
  if (first === 'go' && words[1]?.value === 'env') {
    let write = false;
    for (const w of words.slice(2)) {
      if (w.value === '-w' || w.value === '--w' || w.value === '-w=true') { write = true; continue; }
      if (w.value.startsWith('-')) continue;
      if (write) split(w, 'go-env-w');
    }
    return out;
  }
  for (const w of words) {
    if (!NAME.test(w.value) || !w.value.includes('=')) break;
    split(w, 'plain');
  }
  return out;
}
