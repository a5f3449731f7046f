import type { Location } from '../model/location';
import type { GoModFile, GoSumFile, GoWorkFile, ModuleRef } from '../model/workspace';
import { SourceText } from './source-text';

/**
 * go.mod / go.work lexer and line grammar as golang.org/x/mod/modfile reads them
 * (`mod@3b923fa modfile/read.go` readToken/parseStmt/parseLineBlock): `//` comments only
 * (`/*` is an error), newlines end statements, `verb (` … `)` blocks, tokens are runs of
 * printable non-space runes other than `()[]{},`, and `"…"` or `` `…` `` strings (no
 * newline inside).
 */
interface Token { text: string; start: number; end: number; kind: 'ident' | 'string' | 'punct' | 'eol' }
export interface ModLine { tokens: Token[]; inBlock: string | null }

class ModSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (text.startsWith('/*', i)) throw new ModSyntaxError('mod files must use // comments (not /* */ comments)', i);
    if (c === '\n') { out.push({ text: '\n', start: i, end: i + 1, kind: 'eol' }); i++; continue; }
    if ('()[]{},'.includes(c)) { out.push({ text: c, start: i, end: i + 1, kind: 'punct' }); i++; continue; }
    if (c === '"' || c === '`') {
      const start = i;
      i++;
      for (;;) {
        if (i >= text.length) throw new ModSyntaxError('unexpected EOF in string', start);
        if (text[i] === '\n') throw new ModSyntaxError('unexpected newline in string', i);
        const d = text[i++];
        if (d === c) break;
        if (d === '\\' && c !== '`') {
          if (i >= text.length) throw new ModSyntaxError('unexpected EOF in string', start);
          i++;
        }
      }
      out.push({ text: text.slice(start, i), start, end: i, kind: 'string' });
      continue;
    }
    if (!isIdent(c)) throw new ModSyntaxError(`unexpected input character ${JSON.stringify(c)}`, i);
    const start = i;
    while (i < text.length && isIdent(text[i]) && !text.startsWith('//', i)) {
      if (text.startsWith('/*', i)) throw new ModSyntaxError('mod files must use // comments (not /* */ comments)', i);
      i++;
    }
    out.push({ text: text.slice(start, i), start, end: i, kind: 'ident' });
  }
  return out;
}

function isIdent(c: string): boolean {
  if (' ()[]{},'.includes(c)) return false;
  return !/\s/u.test(c) && !/[\p{Cc}\p{Cn}]/u.test(c);
}

/** Statements with their tokens; a block's lines carry the block's verb. */
export function modLines(text: string): ModLine[] {
  const toks = lex(text);
  const lines: ModLine[] = [];
  let cur: Token[] = [];
  let block: string | null = null;
  let blockStart = 0;
  for (const t of toks) {
    if (t.kind !== 'eol') {
      cur.push(t);
      continue;
    }
    if (cur.length === 0) continue;
    if (block === null && cur.length >= 2 && cur[cur.length - 1].text === '(') {
      block = cur.slice(0, -1).map((x) => x.text).join(' ');
      blockStart = cur[0].start;
    } else if (block !== null && cur.length === 1 && cur[0].text === ')') {
      block = null;
    } else if (block === null && cur.length >= 3 && cur[cur.length - 2].text === '(' && cur[cur.length - 1].text === ')') {
      // An empty block on one line.
    } else {
      lines.push({ tokens: cur, inBlock: block });
    }
    cur = [];
  }
  if (cur.length) {
    if (block !== null && cur.length === 1 && cur[0].text === ')') block = null;
    else lines.push({ tokens: cur, inBlock: block });
  }
  if (block !== null) {
    // go reports this at the end of the file, naming where the block started.
    const before = text.slice(0, blockStart);
    const line = before.split('\n').length;
    const col = blockStart - before.lastIndexOf('\n');
    throw new ModSyntaxError(`syntax error (unterminated block started at ${line}:${col})`, text.length);
  }
  return lines;
}

/**
 * The string a token stands for, as modfile's parseString reads it (`mod@3b923fa
 * modfile/rule.go`): a `"…"` token is unquoted, any other token containing a quote is an
 * error ("unquoted string cannot contain quote"; backquotes are reserved).
 */
function tokenValue(t: Token): string {
  if (t.text.startsWith('"')) {
    try {
      return JSON.parse(t.text) as string;
    } catch {
      throw new ModSyntaxError('invalid quoted string: invalid syntax', t.start);
    }
  }
  if (/["'`]/.test(t.text)) throw new ModSyntaxError('invalid quoted string: unquoted string cannot contain quote', t.start);
  return t.text;
}

export function parseGoMod(src: SourceText): GoModFile {
  const out: GoModFile = { file: src.file, module: '', requires: [], replaces: [], errors: [] };
  let lines: ModLine[];
  try {
    lines = modLines(src.text);
  } catch (e) {
    const off = e instanceof ModSyntaxError ? e.offset : 0;
    out.errors.push({ message: (e as Error).message, location: src.locate(off, off + 1) });
    return out;
  }
  for (const line of lines) {
    try {
      readModLine(src, line, out);
    } catch (e) {
      if (!(e instanceof ModSyntaxError)) throw e;
      out.errors.push({ message: e.message, location: src.locate(e.offset, e.offset + 1) });
    }
  }
  return out;
}

function readModLine(src: SourceText, line: ModLine, out: GoModFile): void {
  const loc = (t: Token): Location => src.locate(t.start, t.end);
  {
    const verb = line.inBlock ?? line.tokens[0].text;
    const args = line.inBlock ? line.tokens : line.tokens.slice(1);
    switch (verb) {
      case 'module':
        if (args.length !== 1) out.errors.push({ message: 'usage: module module/path', location: loc(line.tokens[0]) });
        else { out.module = tokenValue(args[0]); out.moduleLocation = loc(args[0]); }
        break;
      case 'go':
        if (args.length !== 1) out.errors.push({ message: 'usage: go 1.23', location: loc(line.tokens[0]) });
        else out.go = { version: tokenValue(args[0]), location: loc(args[0]) };
        break;
      case 'toolchain':
        if (args.length !== 1) out.errors.push({ message: 'usage: toolchain go1.23.4', location: loc(line.tokens[0]) });
        else out.toolchain = { name: tokenValue(args[0]), location: loc(args[0]) };
        break;
      case 'require':
        if (args.length !== 2) out.errors.push({ message: 'usage: require module/path v1.2.3', location: loc(line.tokens[0]) });
        else out.requires.push(ref(src, args[0], args[1], line));
        break;
      case 'replace': {
        const arrow = args.findIndex((t) => t.text === '=>');
        if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) {
          out.errors.push({ message: 'usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory', location: loc(line.tokens[0]) });
          break;
        }
        const oldPath = args[0];
        const newPath = args[arrow + 1];
        const startTok = line.tokens[0];
        const endTok = args[args.length - 1];
        out.replaces.push({
          old: { path: tokenValue(oldPath), ...(arrow === 2 ? { version: tokenValue(args[1]) } : {}), location: src.locate(startTok.start, endTok.end) },
          new: { path: tokenValue(newPath), ...(args.length - arrow - 1 === 2 ? { version: tokenValue(args[arrow + 2]) } : {}), location: src.locate(newPath.start, endTok.end) },
        });
        break;
      }
      default:
        break;
    }
  }
}

function ref(src: SourceText, p: Token, v: Token, line: ModLine): ModuleRef {
  const lineNo = src.index.position(p.start).line;
  const comment = src.index.lineText(lineNo);
  return { path: tokenValue(p), version: tokenValue(v), ...(/\/\/\s*indirect\b/.test(comment) ? { indirect: true } : {}), location: src.locate(line.tokens[0].start, v.end) };
}

export function parseGoWork(src: SourceText): GoWorkFile {
  const mod = parseGoMod(src);
  const out: GoWorkFile = { file: src.file, uses: [], replaces: mod.replaces, errors: mod.errors, ...(mod.go ? { go: mod.go } : {}), ...(mod.toolchain ? { toolchain: mod.toolchain } : {}) };
  if (mod.errors.length) return out;
  for (const line of modLines(src.text)) {
    const verb = line.inBlock ?? line.tokens[0].text;
    const args = line.inBlock ? line.tokens : line.tokens.slice(1);
    if (verb !== 'use' || args.length !== 1) continue;
    try {
      out.uses.push({ path: tokenValue(args[0]), location: src.locate(args[0].start, args[0].end) });
    } catch (e) {
      out.errors.push({ message: (e as Error).message, location: src.locate(args[0].start, args[0].end) });
    }
  }
  return out;
}

/**
 * go.sum: `path version[/go.mod] h1:hash` per line (`go@1.19.8 src/cmd/go/internal/modfetch/fetch.go:489-515`);
 * blank lines are skipped, anything else with other than three fields is an error
 * (go says `malformed go.sum: … wrong number of fields`).
 */
export function parseGoSum(src: SourceText): GoSumFile {
  const out: GoSumFile = { file: src.file, lines: [], errors: [] };
  for (let l = 1; l <= src.index.lineCount; l++) {
    const text = src.index.lineText(l);
    if (text.trim() === '') continue;
    const f = text.trim().split(/\s+/);
    const start = src.index.lineStart(l);
    const location = src.locate(start, start + text.length);
    if (f.length !== 3) {
      out.errors.push({ message: `wrong number of fields ${f.length}`, location });
      continue;
    }
    out.lines.push({ path: f[0], version: f[1], hash: f[2], location });
  }
  return out;
}
