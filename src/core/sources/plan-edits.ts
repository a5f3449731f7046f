import type { TextEdit } from '../model/location';
import type { Assignment } from '../model/workspace';
import { applyTextEdits } from '../edit/apply-edits';
import { SourceText } from './source-text';
import { parseAssignments, type FileSpec } from './parse-file';
import { encodeValue, styleOf, syntaxOf } from './quote-value';
import { settingsObject } from './vscode-settings';
import { parseGitlabCi } from './gitlab-ci';
import { parseDockerfile } from './dockerfile';
import { parseSystemdUnit } from './systemd-unit';
import { unitName } from './parse-file';
import { parseJsonc, member, type JsonNode } from './jsonc';

/** The spec to re-read the file an assignment comes from. */
export function specOf(a: Assignment): FileSpec {
  return { kind: a.scope.kind, ...(a.scope.level ? { level: a.scope.level } : {}) };
}

/** Reads the edited text back: true when `check` finds what the edit meant to write. */
function verifies(src: SourceText, edit: TextEdit, spec: FileSpec, check: (all: Assignment[]) => boolean): boolean {
  let next: string;
  try {
    next = applyTextEdits(src.text, [edit]);
  } catch {
    return false;
  }
  const re = parseAssignments(new SourceText(src.file, next), spec);
  return check(re.assignments);
}

/**
 * A minimal edit giving `a` the value `value`: only the value's span changes, written in
 * the style it had (quotes, escapes); when that style cannot hold the new value, the file's
 * syntax's double quotes. Every candidate is proven by reading the edited text back; null
 * when none reads back as `value` (nothing is offered rather than a broken file).
 */
export function valueEdit(src: SourceText, a: Assignment, value: string): TextEdit | null {
  const spec = specOf(a);
  const syntax = syntaxOf(a.scope.kind, a.scope.level === 'EnvironmentFile=' ? 'EnvironmentFile=' : a.scope.level);
  const start = src.index.offset(a.range.startLine, a.range.startColumn);
  const end = src.index.offset(a.range.endLine, a.range.endColumn);
  if (start < 0 || end < start || src.text.slice(start, end) !== a.raw) return null;
  const style = styleOf(a.raw);
  let candidates: Array<string | null>;
  const inside = enclosingQuote(src, a, start, syntax);
  if (inside && syntax !== 'systemd') {
    // The whole `NAME=value` sits inside quotes (`echo "GOFLAGS=…" >> $GITHUB_ENV`,
    // `RUN ["go", "env", "-w", "GOPROXY=…"]`): escape for those quotes, add none.
    const exec = syntax === 'dockerfile' && /^\s*RUN\s*\[/i.test(src.index.lineText(a.range.startLine)) || (syntax === 'dockerfile' && inside === '"' && /\[\s*"go"/.test(src.text.slice(src.index.lineStart(a.range.startLine), start)));
    if (exec) candidates = [JSON.stringify(value).slice(1, -1)];
    else if (inside === '"') candidates = [value.replace(/[\\"$`]/g, '\\$&')];
    else candidates = [value.includes("'") ? null : value];
  } else {
    candidates = [encodeValue(value, syntax, style, inside), encodeValue(value, syntax, '"', inside), encodeValue(value, syntax, "'", inside)];
  }
  for (const c of candidates) {
    if (c === null) continue;
    const edit: TextEdit = { ...a.range, newText: c };
    const ok = verifies(src, edit, spec, (all) => all.some((b) => b.variable === a.variable && b.range.startLine === a.range.startLine && b.range.startColumn === a.range.startColumn && b.value === value));
    if (ok) return edit;
  }
  return null;
}

/**
 * The same change as replacing `oldText` (at `start`) by `newText`, cut down to the part that
 * differs: `https://u:tok@corp/p,DIRECT` → `…,direct` edits only `DIRECT`. The file ends up
 * byte for byte the same, and text that does not change — a credential in another GOPROXY
 * entry — is never part of the edit (so redacting the report cannot damage it).
 */
export function narrowEdit(src: SourceText, edit: TextEdit): TextEdit {
  const start = src.index.offset(edit.startLine, edit.startColumn);
  const end = src.index.offset(edit.endLine, edit.endColumn);
  if (start < 0 || end < start) return edit;
  const oldText = src.text.slice(start, end);
  const newText = edit.newText;
  let p = 0;
  const max = Math.min(oldText.length, newText.length);
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  // Never split a surrogate pair.
  if (p > 0 && isHighSurrogate(oldText.charCodeAt(p - 1))) p--;
  let q = 0;
  while (q < max - p && oldText.charCodeAt(oldText.length - 1 - q) === newText.charCodeAt(newText.length - 1 - q)) q++;
  if (q > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - q))) q--;
  return { ...src.locate(start + p, start + oldText.length - q), newText: newText.slice(p, newText.length - q) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * An edit renaming the variable of `a` (a look-alike) to `name`: only the name's text
 * changes. Proven by reading back; null when the name is not written plainly.
 */
export function renameEdit(src: SourceText, a: Assignment, name: string): TextEdit | null {
  if (!a.statement || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return null;
  const s = src.index.offset(a.statement.startLine, a.statement.startColumn);
  const v = src.index.offset(a.range.startLine, a.range.startColumn);
  if (s < 0 || v < s) return null;
  const at = src.text.slice(s, v).indexOf(a.variable);
  if (at < 0) return null;
  const edit: TextEdit = { ...src.locate(s + at, s + at + a.variable.length), newText: name };
  const ok = verifies(src, edit, specOf(a), (all) => all.some((b) => b.variable === name && b.value === a.value && b.range.startLine === a.range.startLine));
  return ok ? edit : null;
}

/**
 * The quote that encloses the whole `NAME=value` word when the value itself is bare:
 * systemd's `"NAME=value"` (the statement starts with the quote), or a shell/JSON string
 * that starts just before NAME.
 */
function enclosingQuote(src: SourceText, a: Assignment, valueStart: number, syntax: string): '"' | "'" | undefined {
  if (!a.statement || styleOf(a.raw) !== '') return undefined;
  const s = src.index.offset(a.statement.startLine, a.statement.startColumn);
  if (s < 0) return undefined;
  const at = syntax === 'systemd' ? src.text[s] : src.text[s - 1];
  if ((at === '"' || at === "'") && s < valueStart) return at;
  return undefined;
}

/** Where a missing variable goes. */
export interface InsertTarget {
  /** gitlab: 'global' or a job name; dockerfile: the stage name; JSON: the object key (containerEnv, go.toolsEnvVars). */
  scope?: string;
}

/**
 * An edit that adds `variable=value` where it takes effect, in the file's own style: the
 * right `variables:` block (GitLab), the stage before its first `RUN go …` (Dockerfile),
 * after the last `Environment=` (systemd), the object of env vars (JSON), the end of the
 * file (shell, dotenv, go/env). Proven by reading the result back; null when not possible.
 */
export function insertEdit(src: SourceText, spec: FileSpec, variable: string, value: string, target: InsertTarget = {}): TextEdit | null {
  const eol = src.index.eol;
  const syntax = syntaxOf(spec.kind, spec.level);
  const at = (offset: number, newText: string): TextEdit => {
    const loc = src.locate(offset, offset);
    return { ...loc, newText };
  };
  const enc = (style: '"' | "'" | '') => encodeValue(value, syntax, style) ?? encodeValue(value, syntax, '"');
  let edit: TextEdit | null = null;
  switch (spec.kind) {
    case 'gitlab-ci': {
      const g = parseGitlabCi(src);
      const v = enc('');
      if (v === null) return null;
      const jobName = target.scope && target.scope !== 'global' ? target.scope : null;
      const job = jobName ? g.jobs.find((j) => j.name === jobName) : undefined;
      if (jobName) {
        if (!job) return null;
        if (job.variablesBlock) edit = at(job.variablesBlock.lastValueEnd, `${eol}${job.variablesBlock.indent}${variable}: ${v}`);
        else if (!job.hasVariables && job.jobBlock) {
          // Top-level jobs: one more level of the job's own indentation.
          const step = job.jobBlock.indent;
          edit = at(job.jobBlock.lastValueEnd, `${eol}${job.jobBlock.indent}variables:${eol}${job.jobBlock.indent}${step}${variable}: ${v}`);
        }
      } else {
        const b = g.globalVariablesBlock;
        if (b) edit = at(b.lastValueEnd, `${eol}${b.indent}${variable}: ${v}`);
        else if (g.hasGlobalVariables) return null;
        else {
          // No global block: one at the top, after leading comments and `---`.
          let off = 0;
          for (let l = 1; l <= src.index.lineCount; l++) {
            const t = src.index.lineText(l).trim();
            if (t === '' || t.startsWith('#') || t === '---') off = src.index.lineStart(l + 1 <= src.index.lineCount ? l + 1 : l) + (l + 1 <= src.index.lineCount ? 0 : src.index.lineText(l).length);
            else break;
          }
          edit = at(off, `variables:${eol}  ${variable}: ${v}${eol}`);
        }
      }
      break;
    }
    case 'dockerfile': {
      const d = parseDockerfile(src);
      const stage = d.stages.find((s) => s.name === target.scope) ?? d.stages.find((s) => s.goRuns.length > 0) ?? d.stages[d.stages.length - 1];
      if (!stage) return null;
      const v = enc('') ?? enc('"');
      if (v === null) return null;
      const kw = stage.style.upper ? 'ENV' : 'env';
      const line = stage.style.envForm === 'space' ? `${kw} ${variable} ${v}` : `${kw} ${variable}=${v}`;
      const run = stage.goRuns[0];
      if (run) {
        const ln = src.index.position(run.start).line;
        const ls = src.index.lineStart(ln);
        const indent = src.index.lineText(ln).match(/^\s*/)![0];
        edit = at(ls, `${indent}${line}${eol}`);
      } else {
        const ln = src.index.position(stage.fromOffset).line;
        edit = at(src.index.lineEnd(ln), `${eol}${stage.style.indent}${line}`);
      }
      break;
    }
    case 'systemd': {
      const u = parseSystemdUnit(src, unitName(src.file));
      if (u.insertAfter === null) return null;
      const v = encodeValue(value, 'systemd', '');
      if (v === null) return null;
      edit = at(u.insertAfter, `${eol}Environment=${variable}=${v}`);
      break;
    }
    case 'devcontainer':
    case 'vscode-settings': {
      let root: JsonNode;
      try {
        root = parseJsonc(src.text);
      } catch {
        return null;
      }
      const key = target.scope ?? (spec.kind === 'devcontainer' ? 'containerEnv' : 'go.toolsEnvVars');
      // A .code-workspace file keeps its settings under `settings`.
      if (spec.kind === 'vscode-settings') {
        const settings = settingsObject(src, root);
        if (!settings) return null;
        root = settings;
      }
      const obj = member(root, key)?.value;
      const pair = `${JSON.stringify(variable)}: ${JSON.stringify(value)}`;
      if (obj && obj.type === 'object') edit = jsonInsert(src, obj, pair, at);
      else if (!obj && root.type === 'object') edit = jsonInsert(src, root, `${JSON.stringify(key)}: { ${pair} }`, at);
      break;
    }
    case 'go-env-file': {
      if (/[\n\r]/.test(value)) return null;
      const t = src.text;
      edit = at(t.length, `${t.length && !t.endsWith('\n') ? eol : ''}${variable}=${value}${eol}`);
      break;
    }
    case 'envrc':
    case 'shell-rc':
    case 'dotenv':
    case 'etc-environment': {
      const v = enc('');
      if (v === null) return null;
      const t = src.text;
      const exportWord = spec.kind === 'envrc' || spec.kind === 'shell-rc' ? 'export ' : '';
      edit = at(t.length, `${t.length && !t.endsWith('\n') ? eol : ''}${exportWord}${variable}=${v}${eol}`);
      break;
    }
    default:
      return null;
  }
  if (!edit) return null;
  const ok = verifies(src, edit, spec, (all) => all.some((b) => b.variable === variable && b.value === value && (!target.scope || spec.kind === 'dockerfile' || spec.kind === 'devcontainer' || spec.kind === 'vscode-settings' || b.scope.name === target.scope || (target.scope === 'global' && b.scope.name === 'global'))));
  return ok ? edit : null;
}

function jsonInsert(src: SourceText, obj: Extract<JsonNode, { type: 'object' }>, pair: string, at: (o: number, t: string) => TextEdit): TextEdit {
  const eol = src.index.eol;
  const last = obj.members[obj.members.length - 1];
  if (!last) return at(obj.start + 1, ` ${pair} `);
  const lastLine = src.index.position(last.keyStart);
  const indent = src.index.lineText(lastLine.line).match(/^\s*/)![0];
  const sameLine = src.index.position(obj.start).line === lastLine.line;
  // A trailing comma after the last member is kept: JSONC allows it.
  const after = src.text.slice(last.value.end).match(/^\s*,/);
  if (after) {
    const end = last.value.end + after[0].length;
    // A `// comment` after that comma stays with the member it follows.
    const rest = src.text.slice(end, src.index.lineEnd(src.index.position(end).line));
    const past = !sameLine && /^[ \t]*\/\/[^\r\n]*$/.test(rest) && !rest.includes('*/') ? end + rest.length : end;
    return at(past, sameLine ? ` ${pair},` : `${eol}${indent}${pair},`);
  }
  return at(last.value.end, sameLine ? `, ${pair}` : `,${eol}${indent}${pair}`);
}
