import type { CheckContext } from '../../model/check';
import type { Location } from '../../model/location';
import type { Finding, Fix } from '../../model/result';
import type { Assignment, ScopeKind, SourceProblem, Workspace } from '../../model/workspace';
import type { Judgement } from '../environment/judgement';
import { SourceText } from '../../sources/source-text';
import { decodeSource } from '../../sources/read-source';
import { narrowEdit, renameEdit, valueEdit } from '../../sources/plan-edits';
import { isGoProxyVariable } from '../../sources/variables';
import { displayPath, scopeLabel } from './scope-table';
import { judgeValue } from '../environment/judge-value';

/** The decoded text of a file, read once per run. */
export async function sourceOf(ctx: CheckContext, file: string): Promise<SourceText | null> {
  return ctx.memo(`scopes:source:${file}`, async () => {
    try {
      const r = decodeSource(file, await ctx.host.readFile(file, 1024 * 1024));
      return 'text' in r ? new SourceText(file, r.text) : null;
    } catch {
      return null;
    }
  });
}

/**
 * The part of the value text `raw` that holds `value[start, end)`. Quotes and escapes are
 * skipped by matching the value's characters in order; when the value is not written
 * character by character (interpolated, folded), the whole value text.
 */
export function spanInRaw(raw: string, value: string, start: number, end: number): { start: number; end: number } {
  const map: number[] = [];
  let r = 0;
  for (let i = 0; i < value.length; i++) {
    while (r < raw.length && raw[r] !== value[i]) r++;
    if (r >= raw.length) return { start: 0, end: raw.length };
    map.push(r++);
  }
  if (start >= value.length) return { start: map.length ? map[map.length - 1] + 1 : 0, end: map.length ? map[map.length - 1] + 1 : 0 };
  const s = map[start];
  const e = end <= start ? s : map[Math.min(end, value.length) - 1] + 1;
  return { start: s, end: e };
}

/** The exact location of `value[start, end)` of assignment `a`. */
export function locateInValue(src: SourceText | null, a: Assignment, span?: { start: number; end: number }): Location {
  if (!src || !span || a.resolution !== 'literal') return a.range;
  const base = src.index.offset(a.range.startLine, a.range.startColumn);
  if (base < 0) return a.range;
  const s = spanInRaw(a.raw, a.value, span.start, span.end);
  return src.locate(base + s.start, base + s.end);
}

const contextsByAssignment = new WeakMap<Workspace, Map<Assignment, NonNullable<Workspace['contexts']>[number]>>();

/** The first context each assignment is in effect in, from one pass over the contexts. */
function contextOf(ws: Workspace): Map<Assignment, NonNullable<Workspace['contexts']>[number]> {
  let m = contextsByAssignment.get(ws);
  if (!m) {
    m = new Map();
    for (const c of ws.contexts ?? []) for (const a of Object.values(c.values)) if (!m.has(a)) m.set(a, c);
    contextsByAssignment.set(ws, m);
  }
  return m;
}

const scopeValues = new WeakMap<Workspace, Map<string, Record<string, string>>>();

/** The last value of each variable per file and scope name, in one pass over the assignments. */
function sameScopeValues(ws: Workspace): Map<string, Record<string, string>> {
  let m = scopeValues.get(ws);
  if (!m) {
    m = new Map();
    for (const b of ws.assignments) {
      const k = `${b.range.file}\0${b.scope.name}`;
      let r = m.get(k);
      if (!r) m.set(k, (r = {}));
      r[b.variable] = b.value;
    }
    scopeValues.set(ws, m);
  }
  return m;
}

/** The values of the other variables where `a` applies (its context, else go's picture). */
function neighbours(ctx: CheckContext, ws: Workspace, a: Assignment): Record<string, string> {
  const env: Record<string, string> = {};
  // CI jobs, images, units and containers do not run with this machine's environment.
  const local = !['gitlab-ci', 'github-actions', 'dockerfile', 'systemd', 'devcontainer', 'compose', 'jenkinsfile'].includes(a.scope.kind);
  if (local) for (const [k, v] of Object.entries(ctx.env.vars)) if (v.source !== 'default') env[k] = v.value;
  const c = contextOf(ws).get(a);
  if (c) for (const [k, v] of Object.entries(c.values)) env[k] = v.value;
  else Object.assign(env, sameScopeValues(ws).get(`${a.range.file}\0${a.scope.name}`));
  env[a.variable] = a.value;
  return env;
}

/**
 * Every 1xx rule applied to each assignment, reported at the exact span in its file, with
 * `set-variable` fixes turned into minimal edits of that span (proven by reading back).
 */
export async function judgeAssignments(ctx: CheckContext, kinds: readonly ScopeKind[]): Promise<Finding[]> {
  const ws = await ctx.workspace();
  const findings: Finding[] = [];
  // A value written once but used twice (a YAML anchor) is judged once, where it is written.
  const seen = new Set<string>();
  for (const a of ws.assignments) {
    if (!kinds.includes(a.scope.kind) || !(isGoProxyVariable(a.variable) || a.lookAlike)) continue;
    const key = `${a.variable}\0${a.range.file}\0${a.range.startLine}\0${a.range.startColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (a.resolution === 'unknown') continue;
    // The go/env value go actually uses is judged by the environment checks already.
    if (a.scope.kind === 'go-env-file' && ctx.env.vars[a.variable]?.source === 'go-env-file' && ctx.env.vars[a.variable]?.value === a.value) continue;
    const src = await sourceOf(ctx, a.range.file);
    let judged: Judgement[];
    try {
      judged = judgeValue(a.variable, a.value, neighbours(ctx, ws, a), ctx.env.platform, { goVersion: ctx.env.go.version });
    } catch (e) {
      ctx.log(`judging ${a.variable} at ${a.range.file}:${a.range.startLine} failed: ${(e as Error).message}`);
      continue;
    }
    const where = `${displayPath(a.range.file, ctx.dir, ctx.host.homedir)}:${a.range.startLine}:${a.range.startColumn}`;
    for (const j of judged) {
      const location = locateInValue(src, a, j.span);
      // The message names the place the squiggle marks (1-based line and column, as editors show).
      const at = location ? `${displayPath(a.range.file, ctx.dir, ctx.host.homedir)}:${location.startLine}:${location.startColumn}` : where;
      findings.push({
        id: j.id,
        severity: j.severity,
        variable: a.variable,
        message: `${a.variable} in ${at} (${scopeLabel(a) || a.scope.kind}): ${j.message}`,
        location,
        evidence: [`${where}: ${a.variable}=${a.raw}`, ...j.evidence],
        fixes: editFixes(src, a, j.fixes),
      });
    }
  }
  return findings;
}

/** A fix that sets this variable becomes an edit of this file; the rest stay as they are. */
export function editFixes(src: SourceText | null, a: Assignment, fixes: readonly Fix[]): Fix[] {
  const out: Fix[] = [];
  for (const f of fixes) {
    // A look-alike name set to the same value: rename it where it is written.
    if (src && a.lookAlike && f.kind === 'set-variable' && f.variable && f.variable !== a.variable && f.value === a.value) {
      const edit = renameEdit(src, a, f.variable);
      if (edit) {
        out.push({ title: `Rename ${a.variable} to ${f.variable} in this file`, preferred: f.preferred, kind: 'edit', variable: f.variable, value: f.value, edits: [edit] });
        continue;
      }
    }
    // An interpolated value is repaired where its parts are defined, not by writing over `$VAR`.
    if (src && a.resolution === 'literal' && f.kind === 'set-variable' && (f.variable ?? a.variable) === a.variable && f.value !== undefined) {
      const whole = valueEdit(src, a, f.value);
      // Only the characters that change: a credential elsewhere in the value stays out of the
      // edit, so the report's redaction can never write "xxxxx" over it.
      const edit = whole && narrowEdit(src, whole);
      if (edit) {
        out.push({ title: `${f.title} (edit ${a.variable} in this file)`, preferred: f.preferred, kind: 'edit', variable: a.variable, value: f.value, edits: [edit], ...(f.weakening ? { weakening: true } : {}) });
        continue;
      }
    }
    out.push({ ...f, preferred: false });
  }
  return out;
}

/** File problems (syntax errors, binary, too large) of the given kinds, as findings. */
export function problemFindings(id: string, ws: Workspace, kinds: readonly ScopeKind[], match: (file: string) => boolean, home?: string | null): Finding[] {
  const files = new Set((ws.files ?? []).filter((f) => kinds.includes(f.kind)).map((f) => f.file));
  return ws.problems
    .filter((p: SourceProblem) => files.has(p.file) || match(p.file))
    .map((p) => ({
      id,
      severity: p.severity ?? 'error',
      // With a location the place is shown by the front end; without one the message names the file.
      message: p.location ? p.message : `${displayPath(p.file, ws.root, home)}: ${p.message}`,
      ...(p.location ? { location: p.location } : {}),
      evidence: [],
      fixes: [],
    }));
}
