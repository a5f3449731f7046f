import type { Assignment } from '../model/workspace';
import { SourceText, interpolate, type ParsedSource } from './source-text';
import { DOCKERFILE_WORD_STOPS, readShellAssignments, readShellLine, readShellWord, skipBlanks } from './shell-words';
import { isTracked } from './variables';

/** A `RUN` that makes go fetch modules (download, build, get, install, tidy, ...). */
export interface GoRun {
  command: string;
  start: number;
  end: number;
  /** Variables set for that RUN only (`RUN GOPROXY=x go ...`, `export` in the same RUN). */
  local: string[];
}

export interface DockerStage {
  index: number;
  name: string;
  /** `FROM <stage>` reuses an earlier stage: its ENV values carry over, its ARGs do not. */
  base: string;
  fromLine: number;
  fromOffset: number;
  /** End offset of the stage's last instruction. */
  endOffset: number;
  env: Map<string, Assignment>;
  args: Map<string, Assignment>;
  goRuns: GoRun[];
  /** Indentation and case of the stage's instructions, to insert in the same style. */
  style: { indent: string; upper: boolean; envForm: 'equals' | 'space' };
}

export interface DockerfileInfo extends ParsedSource {
  stages: DockerStage[];
  /** ARGs before the first FROM: only FROM lines see them. */
  globalArgs: Map<string, Assignment>;
}

/** Sub-commands of go that resolve modules through GOPROXY. */
const FETCHING = /\bgo\s+(mod\s+(download|tidy|vendor|graph|why|verify)|build|get|install|test|run|list|vet|generate|work\s+sync)\b/;

/**
 * Reads a Dockerfile/Containerfile as BuildKit does: the `# escape=` directive, line
 * continuations (comment lines inside them are dropped), instructions in any case,
 * stages (`FROM … AS name`), `ENV k=v …` and the legacy `ENV k v`, `ARG k[=v]` (build time
 * only: in RUN's environment, never in the image), `RUN go env -w` and RUNs that fetch.
 * ENV and ARG words end at whitespace outside quotes only, never at `|`, `;` or `&`
 * (moby/buildkit frontend/dockerfile/parser/line_parsers.go parseWords/parseNameVal; the
 * value is then unquoted by frontend/dockerfile/shell/lex.go ProcessWord).
 */
export function parseDockerfile(src: SourceText): DockerfileInfo {
  const text = src.text;
  const out: DockerfileInfo = { assignments: [], problems: [], stages: [], globalArgs: new Map() };
  const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 200)) ? '`' : '\\';
  let stage: DockerStage | null = null;
  let i = 0;
  while (i < text.length) {
    const line = logicalLine(text, i, escape);
    const { start } = line;
    let { end, next } = line;
    // A heredoc (`RUN <<EOF` … `EOF`) belongs to its instruction (BuildKit 1.4+).
    const here = /<<(-?)["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(text.slice(start, end));
    if (here && /^\s*(RUN|COPY|ADD)\b/i.test(text.slice(start, end))) {
      const term = new RegExp(`^${here[1] ? '\\t*' : ''}${here[2]}\\r?$`);
      let at = next;
      while (at < text.length) {
        const nl = text.indexOf('\n', at);
        const lineText = text.slice(at, nl < 0 ? text.length : nl);
        at = nl < 0 ? text.length : nl + 1;
        if (term.test(lineText)) {
          end = at - (nl < 0 ? 0 : 1) - (lineText.endsWith('\r') ? 1 : 0);
          break;
        }
        end = at;
      }
      next = at;
    }
    i = next;
    const body = text.slice(start, end);
    const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(body);
    if (!m || body.trimStart().startsWith('#')) continue;
    const instr = m[2].toUpperCase();
    const argsStart = start + m[0].length;
    if (instr === 'FROM') {
      const words = body.slice(m[0].length).trim().split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIdx = words.findIndex((w) => w.toLowerCase() === 'as');
      const index = out.stages.length;
      const name = asIdx >= 0 && words[asIdx + 1] ? words[asIdx + 1] : String(index);
      if (stage) stage.endOffset = start;
      stage = {
        index, name, base: words[0] ?? '', fromLine: src.index.position(start).line, fromOffset: start, endOffset: end,
        env: new Map(), args: new Map(), goRuns: [],
        style: { indent: m[1], upper: m[2] === instr, envForm: 'equals' },
      };
      const parent = out.stages.find((s) => s.name === stage!.base);
      if (parent) for (const [k, v] of parent.env) stage.env.set(k, v);
      out.stages.push(stage);
      continue;
    }
    if (stage) stage.endOffset = end;
    const scopeName = stage ? `stage ${stage.name}` : 'before FROM';
    const lookup = (n: string) => stage?.env.get(n)?.value ?? stage?.args.get(n)?.value ?? (stage ? undefined : out.globalArgs.get(n)?.value);
    if (instr === 'ENV' || instr === 'ARG') {
      const found = readKeyValues(src, argsStart, end, instr, escape);
      for (const p of found.problems) out.problems.push(p);
      if (instr === 'ENV' && stage && found.legacy) stage.style.envForm = 'space';
      for (const kv of found.pairs) {
        // `ARG NAME` in a stage brings in the default of a global `ARG NAME=…`: the value is
        // written there, so that is the assignment.
        const inheritedDefault = instr === 'ARG' && !kv.hasValue && stage ? out.globalArgs.get(kv.name) : undefined;
        if (inheritedDefault && stage) {
          stage.args.set(kv.name, inheritedDefault);
          continue;
        }
        const value = kv.expands ? interpolate(kv.value, lookup) : { value: kv.value, resolution: 'literal' as const };
        const a = src.assignment({
          variable: kv.name, value: value.value, start: kv.start, end: kv.end, statementStart: kv.nameStart, statementEnd: kv.end,
          scope: { kind: 'dockerfile', name: scopeName, level: instr },
          resolution: kv.hasValue ? value.resolution : 'unknown',
        });
        if (instr === 'ENV') stage?.env.set(kv.name, a);
        else if (stage) stage.args.set(kv.name, a);
        else out.globalArgs.set(kv.name, a);
        if (isTracked(kv.name)) out.assignments.push(a);
      }
    } else if (instr === 'RUN' && stage) {
      readRun(src, stage, argsStart, end, out, escape);
    }
  }
  return out;
}

/** One instruction: from `at` through its continuation lines. */
function logicalLine(text: string, at: number, escape: string): { start: number; end: number; next: number } {
  let i = at;
  for (;;) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(i, lineEnd).replace(/\r$/, '');
    // Inside a continuation, comment lines and empty lines are dropped (BuildKit parser).
    const skipped = i > at && (/^\s*#/.test(line) || line.trim() === '');
    const continues = skipped || (line.replace(/[ \t]+$/, '').endsWith(escape) && !/^\s*#/.test(line));
    if (!continues || nl < 0) {
      const end = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
      return { start: at, end: Math.max(at, end), next: nl < 0 ? text.length : nl + 1 };
    }
    i = nl + 1;
  }
}

interface KeyValue { name: string; nameStart: number; value: string; start: number; end: number; expands: boolean; hasValue: boolean }

function readKeyValues(src: SourceText, from: number, to: number, instr: string, escape: string): { pairs: KeyValue[]; legacy: boolean; problems: ParsedSource['problems'] } {
  const text = src.text;
  const pairs: KeyValue[] = [];
  const problems: ParsedSource['problems'] = [];
  let i = skipBlanks(text, from, to);
  const first = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i, to));
  if (!first) return { pairs, legacy: false, problems };
  // `ENV name value…`: the rest of the instruction is the value (legacy form).
  if (instr === 'ENV' && text[i + first[0].length] !== '=') {
    const vs = skipBlanks(text, i + first[0].length, to);
    let ve = to;
    while (ve > vs && /\s/.test(text[ve - 1])) ve--;
    const raw = text.slice(vs, ve);
    const w = readShellWord(text, vs, ve, DOCKERFILE_WORD_STOPS);
    const whole = w.end === ve && !w.unterminated;
    const value = whole ? w.value : raw.replace(new RegExp(`\\${escape}\\r?\\n`, 'g'), '');
    pairs.push({ name: first[0], nameStart: i, value, start: vs, end: ve, expands: raw.includes('$'), hasValue: true });
    return { pairs, legacy: true, problems };
  }
  while (i < to) {
    if (text[i] === '#') {
      // A comment line inside the continuation: skip it.
      const ls = text.lastIndexOf('\n', i - 1) + 1;
      if (text.slice(ls, i).trim() !== '') break;
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) break;
      i = skipBlanks(text, nl + 1, to);
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i, to));
    if (!m) {
      const w = readShellWord(text, i, to, DOCKERFILE_WORD_STOPS);
      i = skipBlanks(text, Math.max(w.end, i + 1), to);
      continue;
    }
    const nameStart = i;
    const afterName = i + m[0].length;
    if (text[afterName] !== '=') {
      if (instr === 'ARG') pairs.push({ name: m[0], nameStart, value: '', start: afterName, end: afterName, expands: false, hasValue: false });
      const w = readShellWord(text, i, to, DOCKERFILE_WORD_STOPS);
      i = skipBlanks(text, Math.max(w.end, afterName), to);
      continue;
    }
    const w = readShellWord(text, afterName + 1, to, DOCKERFILE_WORD_STOPS);
    if (w.unterminated) {
      problems.push(src.problem(`${instr} ${m[0]}: unterminated ${w.unterminated.quote === '"' ? 'double' : 'single'}-quoted value`, w.unterminated.at, w.unterminated.at + 1));
      break;
    }
    pairs.push({ name: m[0], nameStart, value: w.value, start: afterName + 1, end: w.end, expands: w.expands, hasValue: true });
    i = skipBlanks(text, Math.max(w.end, afterName + 1), to);
  }
  return { pairs, legacy: false, problems };
}

function readRun(src: SourceText, stage: DockerStage, from: number, to: number, out: DockerfileInfo, escape: string): void {
  const text = src.text;
  let body = text.slice(from, to);
  // `--mount=…`, `--network=…`, `--security=…`: flags come first and may each sit on its own
  // continued line (`RUN --mount=… \` newline `--mount=… \` newline `go build`); BuildKit joins
  // the lines before it reads the flags (frontend/dockerfile/parser/parser.go, then
  // instructions/parse.go parseRun → BFlags.Parse), so the escape and newline are blanks here.
  // Comment lines inside the continuation are dropped too (parser.go trimComments).
  const blank = `(?:[ \\t\\r\\n]|${escape === '`' ? '`' : '\\\\'}\\r?\\n|(?<=\\n)[ \\t]*#[^\\n]*\\n)`;
  const flag = new RegExp(`^${blank}*--\\S+`);
  const lead = new RegExp(`^${blank}*`);
  let at = from;
  for (;;) {
    const opt = flag.exec(body);
    if (!opt) break;
    at += opt[0].length;
    body = body.slice(opt[0].length);
  }
  at += lead.exec(body)![0].length;
  at = skipBlanks(text, at, to);
  const joined = text.slice(at, to).replace(/\\\r?\n/g, ' ');
  if (joined.trimStart().startsWith('[')) {
    let argv: unknown;
    try {
      argv = JSON.parse(joined);
    } catch {
      argv = null;
    }
    if (Array.isArray(argv) && argv.every((s) => typeof s === 'string')) {
      const words = argv as string[];
      if (words[0] === 'go' && words[1] === 'env' && words.includes('-w')) {
        let search = at;
        for (const w of words.slice(words.indexOf('-w') + 1)) {
          const eq = w.indexOf('=');
          if (eq <= 0) continue;
          const name = w.slice(0, eq);
          const quoted = JSON.stringify(w);
          const pos = text.indexOf(quoted, search);
          if (pos < 0 || pos >= to) continue;
          search = pos + quoted.length;
          if (!isTracked(name)) continue;
          const vStart = pos + 1 + name.length + 1;
          out.assignments.push(src.assignment({ variable: name, value: w.slice(eq + 1), start: vStart, end: pos + quoted.length - 1, statementStart: pos + 1, statementEnd: pos + quoted.length - 1, scope: { kind: 'dockerfile', name: `stage ${stage.name}`, level: 'RUN go env -w' } }));
        }
      }
      if (FETCHING.test(words.join(' '))) stage.goRuns.push({ command: words.join(' '), start: at, end: to, local: [] });
    }
    return;
  }
  const assigns: ReturnType<typeof readShellAssignments> = [];
  for (let p = at; p < to;) {
    const line = readShellLine(text, p, to);
    if (line.unterminated) break;
    assigns.push(...line.assignments);
    p = line.next > p ? line.next : p + 1;
  }
  const local: string[] = [];
  for (const a of assigns) {
    if (a.form === 'go-env-w') {
      if (isTracked(a.name)) out.assignments.push(src.assignment({ variable: a.name, value: a.word.value, start: a.word.start, end: a.word.end, statementStart: a.nameStart, statementEnd: a.word.end, scope: { kind: 'dockerfile', name: `stage ${stage.name}`, level: 'RUN go env -w' }, resolution: a.word.expands ? 'unknown' : 'literal' }));
      local.push(a.name);
    } else {
      local.push(a.name);
      if (isTracked(a.name)) out.assignments.push(src.assignment({ variable: a.name, value: a.word.value, start: a.word.start, end: a.word.end, statementStart: a.nameStart, statementEnd: a.word.end, scope: { kind: 'dockerfile', name: `stage ${stage.name}`, level: 'RUN' }, resolution: a.word.expands ? 'unknown' : 'literal' }));
    }
  }
  const cmd = joined.replace(/\s+/g, ' ').trim();
  if (FETCHING.test(cmd)) stage.goRuns.push({ command: cmd, start: at, end: to, local });
}
