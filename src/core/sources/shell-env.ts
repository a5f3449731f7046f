import type { Assignment, ScopeKind } from '../model/workspace';
import { SourceText, interpolate, type ParsedSource } from './source-text';
import { readShellLine } from './shell-words';
import { isTracked } from './variables';

/** Scope name given to exports after an interactive-only guard. */
export const INTERACTIVE_ONLY = 'interactive-only';

/**
 * Lines such as `[ -z "$PS1" ] && return`, `[[ $- != *i* ]] && return` or
 * `case $- in *i*) ;; *) return;; esac` end a non-interactive shell's reading of the file
 * (Debian's and Ubuntu's default .bashrc start with one): what follows never reaches
 * `bash -c`, cron, ssh commands, IDE tasks or CI.
 */
function guardEnd(src: SourceText): number | null {
  const n = src.index.lineCount;
  for (let l = 1; l <= n; l++) {
    const line = src.index.lineText(l);
    if (/^\s*#/.test(line)) continue;
    if (/\$-|\bPS1\b/.test(line) && /\breturn\b/.test(line)) return src.index.lineEnd(l);
    if (/^\s*case\s+"?\$-"?\s+in\b/.test(line)) {
      for (let k = l; k <= Math.min(n, l + 6); k++) {
        if (/\breturn\b/.test(src.index.lineText(k))) {
          for (let e = k; e <= Math.min(n, k + 4); e++) if (/\besac\b/.test(src.index.lineText(e))) return src.index.lineEnd(e);
        }
      }
    }
  }
  return null;
}

/**
 * Reads a shell file (`.envrc`, `.bashrc`, `.profile`, `.zshrc`, `/etc/profile.d/*.sh`):
 * `export`/`declare -x` lines, plain `NAME=value` lines and `go env -w` commands, with
 * `$VAR` references resolved from earlier lines of the same file.
 */
export function parseShellFile(src: SourceText, kind: ScopeKind, level?: string): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const guard = kind === 'shell-rc' ? guardEnd(src) : null;
  const known = new Map<string, string>();
  const text = src.text;
  let i = 0;
  while (i < text.length) {
    const line = readShellLine(text, i, text.length);
    if (line.unterminated) {
      const u = line.unterminated.unterminated!;
      out.problems.push(src.problem(`unterminated ${u.quote === '"' ? 'double' : 'single'}-quoted string: the shell stops reading the file here with "unexpected EOF while looking for matching \`${u.quote}'"`, u.at, u.at + 1));
      break;
    }
    for (const a of line.assignments) {
      const decoded = a.word.expands ? interpolate(a.word.value, (n) => known.get(n)) : { value: a.word.value, resolution: 'literal' as const };
      known.set(a.name, decoded.value);
      if (!isTracked(a.name)) continue;
      const name = a.form === 'go-env-w' ? 'go env -w' : guard !== null && a.nameStart > guard ? INTERACTIVE_ONLY : a.form === 'plain' ? 'not exported' : undefined;
      out.assignments.push(src.assignment({
        variable: a.name, value: decoded.value, start: a.word.start, end: a.word.end,
        statementStart: a.nameStart, statementEnd: a.word.end,
        scope: { kind, ...(name ? { name } : {}), ...(level ? { level } : {}) },
        resolution: decoded.resolution,
      }));
    }
    i = line.next > i ? line.next : i + 1;
  }
  return out;
}

/**
 * `.env` files (docker compose, dotenv) and `/etc/environment` (pam_env): `NAME=value` per
 * line, an optional `export `, single quotes literal, double quotes with `\n`-style escapes,
 * unquoted values up to a ` #` comment, trimmed. No expansion in /etc/environment.
 */
export function parseDotenv(src: SourceText, kind: ScopeKind, level?: string): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const known = new Map<string, string>();
  for (let l = 1; l <= src.index.lineCount; l++) {
    const lineStart = src.index.lineStart(l);
    const line = src.index.lineText(l);
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)(\s*)=(\s*)/.exec(line);
    if (!m) continue;
    const name = m[3];
    const valueStart = lineStart + m[0].length;
    const rest = line.slice(m[0].length);
    let start = valueStart;
    let end: number;
    let value: string;
    let expands = kind !== 'etc-environment';
    const q = rest[0];
    if (q === '"' || q === "'") {
      let close = -1;
      for (let k = 1; k < rest.length; k++) {
        if (q === '"' && rest[k] === '\\') { k++; continue; }
        if (rest[k] === q) { close = k; break; }
      }
      if (close < 0) {
        out.problems.push(src.problem(`${name}: unterminated ${q === '"' ? 'double' : 'single'}-quoted value`, valueStart, valueStart + 1));
        continue;
      }
      end = valueStart + close + 1;
      const inner = rest.slice(1, close);
      if (q === "'") {
        value = inner;
        expands = false;
      } else {
        value = inner.replace(/\\(.)/g, (_a, c: string) => (c === 'n' ? '\n' : c));
      }
    } else {
      const hash = rest.search(/\s#/);
      const body = hash >= 0 ? rest.slice(0, hash) : rest;
      value = body.replace(/\s+$/, '');
      end = start + value.length;
    }
    const decoded = expands && value.includes('$') ? interpolate(value, (n) => known.get(n)) : { value, resolution: 'literal' as Assignment['resolution'] };
    known.set(name, decoded.value);
    if (!isTracked(name)) continue;
    out.assignments.push(src.assignment({
      variable: name, value: decoded.value, start, end, statementStart: lineStart + m[1].length, statementEnd: end,
      scope: { kind, ...(level ? { level } : {}) }, resolution: decoded.resolution,
    }));
  }
  return out;
}
