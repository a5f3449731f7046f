import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Location } from '../model/location';
import type { Assignment, ScopeContext, SourceProblem } from '../model/workspace';
import { SourceText, interpolate } from './source-text';
import { deref, entry, mapEntries, parseYaml, scalarSpan, scalarString, type YamlFile } from './yaml-nodes';
import { isTracked } from './variables';

/** Top-level keys of .gitlab-ci.yml that are not jobs (GitLab CI/CD YAML syntax reference). */
const GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec', 'pages:deploy']);

/** An include the doctor does not read, as written: `template: Go.gitlab-ci.yml`. */
export interface UnreadInclude {
  file: string;
  kind: 'template' | 'component' | 'project' | 'remote';
  name: string;
  location: Location;
}

export interface GitlabJob {
  name: string;
  file: string;
  hidden: boolean;
  extends: string[];
  /** `inherit: variables:` — true (all globals), false (none) or the names kept. */
  inheritVariables: boolean | string[];
  variables: Map<string, Assignment>;
  /** Every variable name the job sets (to resolve `$VAR` references). */
  allValues: Map<string, string>;
  /** The job's own block `variables:` (to add one there), or where a new one goes. */
  variablesBlock?: { lastValueEnd: number; indent: string };
  hasVariables?: boolean;
  jobBlock?: { lastValueEnd: number; indent: string };
}

export interface GitlabCiFile {
  file: string;
  assignments: Assignment[];
  problems: SourceProblem[];
  globals: Map<string, Assignment>;
  globalValues: Map<string, string>;
  jobs: GitlabJob[];
  /** `include: local:` paths (relative to the project root, as GitLab resolves them). */
  includes: Array<{ path: string; location: Location }>;
  /**
   * `template:`, `component:`, `project:` and `remote:` includes (and URL shorthands): GitLab
   * fetches them when the pipeline is created; the doctor cannot read them.
   */
  unreadIncludes: UnreadInclude[];
  /** Where a new global variable goes: after the last entry of the top `variables:`, or null. */
  globalVariablesBlock?: { keyLine: number; lastValueEnd: number; indent: string };
  /** A top-level `variables:` exists (maybe in flow style, where nothing is inserted). */
  hasGlobalVariables?: boolean;
}

/**
 * Where an entry can be appended to a block mapping: after its last value, with the
 * indentation of its keys. Null for flow mappings (`{ … }`) and empty ones.
 */
export function blockOf(src: SourceText, node: Node | null): { lastValueEnd: number; indent: string } | null {
  if (!isMap(node) || (node as YAMLMap).flow || !node.range) return null;
  const items = (node as YAMLMap).items;
  const last = items[items.length - 1];
  const lastNode = (last?.value ?? last?.key) as Node | undefined;
  const firstKey = items[0]?.key as Scalar | undefined;
  if (!lastNode?.range || !firstKey?.range) return null;
  const fk = src.index.position(firstKey.range[0]);
  const indent = src.index.lineText(fk.line).slice(0, fk.column - 1);
  if (!/^[ \t]*$/.test(indent)) return null;
  let end = lastNode.range[1];
  while (end > 0 && /[\r\n]/.test(src.text[end - 1])) end--;
  // After a comment that ends the last entry's line, so the comment stays with its entry.
  return { lastValueEnd: src.index.lineEnd(src.index.position(end).line), indent };
}

/**
 * Reads a GitLab CI file: global and job `variables:` (plain values and the
 * `{ value:, description: }` form), `extends`, `inherit:variables`, `include: local:`,
 * anchors, aliases and `<<` merge keys, across every YAML document of the file.
 * `default: variables:` is not a GitLab keyword, so it is reported, not applied.
 */
export function parseGitlabCi(src: SourceText): GitlabCiFile {
  const y = parseYaml(src);
  const out: GitlabCiFile = { file: src.file, assignments: [], problems: [...y.problems], globals: new Map(), globalValues: new Map(), jobs: [], includes: [], unreadIncludes: [] };
  for (const doc of y.docs) {
    const root = deref(y, doc, doc.contents);
    if (root === null || root === undefined) continue;
    if (!isMap(root)) continue;
    for (const e of mapEntries(y, doc, root)) {
      if (e.key === 'variables') {
        for (const v of readVariables(src, y, doc, e.value, 'global', out.problems)) {
          out.globals.set(v.assignment.variable, v.assignment);
          out.assignments.push(v.assignment);
        }
        for (const [k, v] of readAllValues(y, doc, e.value)) out.globalValues.set(k, v);
        out.hasGlobalVariables = true;
        const block = e.merged ? null : blockOf(src, e.value);
        if (block && src.index.position(e.keyNode.range![0]).column === 1) out.globalVariablesBlock = { keyLine: src.index.position(e.keyNode.range![0]).line, ...block };
      } else if (e.key === 'default') {
        const dv = entry(y, doc, e.value, 'variables');
        if (dv) out.problems.push(src.problem('GitLab does not accept `variables:` under `default:` (the pipeline fails with "default config contains unknown keys: variables"); put them in the top-level `variables:`', dv.keyNode.range![0], dv.keyNode.range![1]));
      } else if (e.key === 'include') {
        readIncludes(src, y, doc, e.value, out.includes, out.unreadIncludes);
      } else if (!GLOBAL_KEYWORDS.has(e.key) && isMap(e.value)) {
        out.jobs.push(readJob(src, y, doc, e.key, e.value, out));
      }
    }
  }
  if (y.budget.exhausted) out.problems.push(src.problem('too many YAML aliases or merge keys; the rest of the file was not read', 0));
  // References to variables of this file are resolved here; the rest waits for the pipeline.
  for (const a of out.globals.values()) {
    if (a.resolution !== 'literal' || !a.value.includes('$') || a.value.includes('$$')) continue;
    const r = interpolate(a.value, (n) => (n === a.variable ? undefined : out.globalValues.get(n)));
    if (r.resolution === 'interpolated') {
      a.value = r.value;
      a.resolution = 'interpolated';
    }
  }
  return out;
}

function readJob(src: SourceText, y: YamlFile, doc: Document.Parsed, name: string, node: Node, out: GitlabCiFile): GitlabJob {
  const job: GitlabJob = { name, file: src.file, hidden: name.startsWith('.'), extends: [], inheritVariables: true, variables: new Map(), allValues: new Map() };
  const jb = blockOf(src, node);
  if (jb) job.jobBlock = jb;
  for (const e of mapEntries(y, doc, node)) {
    if (e.key === 'variables') {
      job.hasVariables = true;
      const vb = e.merged ? null : blockOf(src, e.value);
      if (vb) job.variablesBlock = vb;
      for (const v of readVariables(src, y, doc, e.value, name, out.problems)) {
        job.variables.set(v.assignment.variable, v.assignment);
        out.assignments.push(v.assignment);
      }
      for (const [k, v] of readAllValues(y, doc, e.value)) job.allValues.set(k, v);
    } else if (e.key === 'extends') {
      const v = e.value;
      if (isScalar(v)) job.extends.push(scalarString(v as Scalar));
      else if (isSeq(v)) for (const it of v.items) { const s = deref(y, doc, it); if (isScalar(s)) job.extends.push(scalarString(s as Scalar)); }
    } else if (e.key === 'inherit') {
      const iv = entry(y, doc, e.value, 'variables');
      const v = iv?.value;
      if (isScalar(v)) job.inheritVariables = v.value !== false && String(v.value) !== 'false';
      else if (isSeq(v)) job.inheritVariables = v.items.map((it) => deref(y, doc, it)).filter(isScalar).map((s) => scalarString(s as Scalar));
    }
  }
  return job;
}

function readIncludes(src: SourceText, y: YamlFile, doc: Document.Parsed, node: Node | null, into: GitlabCiFile['includes'], unread: UnreadInclude[]): void {
  const at = (s: Scalar) => {
    const span = scalarSpan(s);
    return src.locate(span.start, span.end);
  };
  const add = (s: Scalar) => {
    const p = scalarString(s);
    // A bare string is local unless it is a URL (GitLab `include` shorthand).
    if (!/^[a-z]+:\/\//i.test(p)) into.push({ path: p, location: at(s) });
    else unread.push({ file: src.file, kind: 'remote', name: p, location: at(s) });
  };
  const one = (n: unknown) => {
    const v = deref(y, doc, n);
    if (isScalar(v)) add(v as Scalar);
    else if (isMap(v)) {
      const local = entry(y, doc, v, 'local');
      if (local && isScalar(local.value)) return add(local.value as Scalar);
      for (const kind of ['template', 'component', 'project', 'remote'] as const) {
        const e = entry(y, doc, v, kind);
        if (!e || !isScalar(e.value)) continue;
        let name = scalarString(e.value as Scalar);
        if (kind === 'project') {
          const files = entry(y, doc, v, 'file');
          const fv = deref(y, doc, files?.value ?? null);
          const list = isScalar(fv) ? [scalarString(fv as Scalar)] : isSeq(fv) ? fv.items.map((it) => deref(y, doc, it)).filter(isScalar).map((x) => scalarString(x as Scalar)) : [];
          if (list.length) name += ` file: ${list.join(', ')}`;
        }
        unread.push({ file: src.file, kind, name, location: at(e.value as Scalar) });
        return;
      }
    }
  };
  const v = deref(y, doc, node);
  if (isSeq(v)) for (const it of v.items) one(it);
  else one(v);
}

/** Every variable of a `variables:` block (to resolve references), tracked or not. */
function readAllValues(y: YamlFile, doc: Document.Parsed, node: Node | null): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of mapEntries(y, doc, node)) {
    const s = valueScalar(y, doc, e.value);
    if (s) m.set(e.key, scalarString(s.node));
  }
  return m;
}

function valueScalar(y: YamlFile, doc: Document.Parsed, node: Node | null): { node: Scalar; expand: boolean } | null {
  if (isScalar(node)) return { node: node as Scalar, expand: true };
  if (isMap(node)) {
    const v = entry(y, doc, node, 'value');
    const ex = entry(y, doc, node, 'expand');
    if (v && isScalar(v.value)) return { node: v.value as Scalar, expand: !(isScalar(ex?.value) && (ex!.value as Scalar).value === false) };
  }
  return null;
}

function readVariables(src: SourceText, y: YamlFile, doc: Document.Parsed, node: Node | null, scopeName: string, problems: SourceProblem[]): Array<{ assignment: Assignment; expand: boolean }> {
  const out: Array<{ assignment: Assignment; expand: boolean }> = [];
  if (node !== null && !isMap(node)) {
    if (node.range) problems.push(src.problem('`variables:` must be a mapping of names to values', node.range[0], node.range[1]));
    return out;
  }
  for (const e of mapEntries(y, doc, node)) {
    if (!isTracked(e.key)) continue;
    const s = valueScalar(y, doc, e.value);
    if (!s || !s.node.range) {
      if (e.value?.range) problems.push(src.problem(`${e.key}: value is not a string`, e.value.range[0], e.value.range[1]));
      continue;
    }
    const { start, end } = scalarSpan(s.node, src.text);
    out.push({
      expand: s.expand,
      assignment: src.assignment({
        variable: e.key, value: scalarString(s.node), start, end,
        statementStart: e.keyNode.range![0], statementEnd: end,
        scope: { kind: 'gitlab-ci', name: scopeName },
      }),
    });
    if (!s.expand) out[out.length - 1].assignment.resolution = 'literal';
  }
  return out;
}

/**
 * The pipeline: the main file and its local includes (the main file wins over included ones,
 * as GitLab merges them), jobs with `extends` resolved (the job's own keys win), global
 * variables inherited unless `inherit:variables` says otherwise, `$VAR` resolved where the
 * pipeline defines VAR.
 */
export function resolveGitlabPipeline(files: GitlabCiFile[]): { contexts: ScopeContext[]; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const globals = new Map<string, Assignment>();
  const globalValues = new Map<string, string>();
  // files[0] is the main file; included ones are lower priority.
  for (const f of [...files].reverse()) {
    for (const [k, v] of f.globals) globals.set(k, v);
    for (const [k, v] of f.globalValues) globalValues.set(k, v);
  }
  const jobs = new Map<string, GitlabJob>();
  for (const f of [...files].reverse()) for (const j of f.jobs) jobs.set(j.name, j);

  for (const a of globals.values()) resolveRefs(a, (n) => globalValues.get(n));

  const unread = files.flatMap((f) => f.unreadIncludes);
  const unknownParents = new Set<string>();
  const resolve = extendsResolver(jobs, unread.length ? unknownParents : problems);
  const contexts: ScopeContext[] = [];
  for (const job of jobs.values()) {
    if (job.hidden) continue;
    const { vars, values, inherit } = resolve(job);
    const ctxValues: Record<string, Assignment> = {};
    for (const [k, v] of globals) if (inherit === true || (Array.isArray(inherit) && inherit.includes(k))) ctxValues[k] = v;
    for (const [k, v] of vars) {
      resolveRefs(v, (n) => values.get(n) ?? globalValues.get(n));
      ctxValues[k] = v;
    }
    const notes = inherit === true ? [] : [inherit === false ? 'inherit:variables: false — global variables do not reach this job' : `inherits only ${inherit.join(', ')} from the global variables`];
    contexts.push({ kind: 'gitlab-job', name: job.name, file: job.file, values: ctxValues, ...(notes.length ? { notes } : {}) });
  }
  if (unknownParents.size) problems.push(...unreadIncludeNotes(unread, [...unknownParents]));
  return { contexts, problems };
}

/**
 * Jobs named in `extends` but defined in none of the files read, in a pipeline with includes
 * the doctor cannot read: GitLab finds them there, so this is a note — once per include, at
 * the include — and what those jobs set is not checked.
 */
function unreadIncludeNotes(unread: UnreadInclude[], parents: string[]): SourceProblem[] {
  const seen = new Set<string>();
  const shown = parents.slice(0, 5).join(', ') + (parents.length > 5 ? ` and ${parents.length - 5} more` : '');
  const out: SourceProblem[] = [];
  for (const u of unread) {
    const key = `${u.file}\0${u.kind}\0${u.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      file: u.file,
      message: `include: ${u.kind}: ${u.name} is not read (only local includes are); jobs extend ${parents.length > 1 ? 'jobs' : 'job'} ${shown} defined in none of the files read, likely here: the variables they set are not checked`,
      location: u.location,
      severity: 'info',
    });
  }
  return out;
}

function resolveRefs(a: Assignment, lookup: (name: string) => string | undefined): void {
  if (a.resolution !== 'literal' || !a.value.includes('$')) return;
  if (a.value.includes('$$')) return; // `$$` is GitLab's escape for a literal `$`.
  const r = interpolate(a.value, (n) => (n === a.variable ? undefined : lookup(n)));
  if (r.resolution !== 'literal') {
    a.value = r.value;
    a.resolution = r.resolution;
  }
}

/** A job with its `extends` applied: its variables, every value it sets, its `inherit:variables`. */
interface ResolvedJob {
  vars: Map<string, Assignment>;
  values: Map<string, string>;
  inherit: GitlabJob['inheritVariables'];
}

/** GitLab refuses deeper `extends` chains ("nesting too deep"; Extendable::Entry MAX_NESTING_LEVELS). */
const MAX_EXTENDS_DEPTH = 11;

/**
 * Resolves `extends` as GitLab does (lib/gitlab/ci/config/extendable/entry.rb): each parent is
 * resolved first, the parents are deep-merged in the order listed, then the job's own keys win.
 * Each job is resolved once and reused by every job that extends it, so the work is linear
 * in the jobs and `extends` entries however the jobs share ancestors; an unknown parent is one
 * problem however many jobs name it.
 */
function extendsResolver(jobs: Map<string, GitlabJob>, problems: SourceProblem[] | Set<string>): (job: GitlabJob) => ResolvedJob {
  const done = new Map<string, ResolvedJob>();
  const active = new Set<string>();
  const unknown = new Map<string, { problem: SourceProblem; first: string; others: number }>();
  const EMPTY: ResolvedJob = { vars: new Map(), values: new Map(), inherit: true };
  const resolve = (j: GitlabJob, depth: number): ResolvedJob => {
    const memo = done.get(j.name);
    if (memo) return memo;
    // A cycle (GitLab: "circular dependency detected in `extends`") or a chain GitLab refuses.
    if (active.has(j.name) || depth > MAX_EXTENDS_DEPTH) return EMPTY;
    active.add(j.name);
    const parents: ResolvedJob[] = [];
    for (const p of new Set(j.extends)) {
      const pj = jobs.get(p);
      if (pj) {
        parents.push(resolve(pj, depth + 1));
        continue;
      }
      if (problems instanceof Set) {
        problems.add(p);
        continue;
      }
      const u = unknown.get(p);
      if (u) {
        u.others++;
        u.problem.message = `job ${u.first} and ${u.others} other job${u.others > 1 ? 's' : ''} extend unknown job ${p}`;
      } else {
        const problem: SourceProblem = { file: j.file, message: `job ${j.name} extends unknown job ${p}` };
        unknown.set(p, { problem, first: j.name, others: 0 });
        problems.push(problem);
      }
    }
    active.delete(j.name);
    const own = j.variables.size > 0 || j.allValues.size > 0;
    let r: ResolvedJob;
    if (parents.length === 0 && !own) r = { ...EMPTY, inherit: j.inheritVariables };
    else if (parents.length === 1 && !own) r = { ...parents[0], inherit: j.inheritVariables !== true ? j.inheritVariables : parents[0].inherit };
    else {
      // Shared maps are never written: a job that adds nothing reuses its parent's.
      r = { vars: new Map(), values: new Map(), inherit: j.inheritVariables };
      let inherit: GitlabJob['inheritVariables'] = true;
      for (const pr of [...parents, { vars: j.variables, values: j.allValues, inherit: j.inheritVariables }]) {
        for (const [k, v] of pr.vars) r.vars.set(k, v);
        for (const [k, v] of pr.values) r.values.set(k, v);
        if (pr.inherit !== true) inherit = pr.inherit;
      }
      r.inherit = inherit;
    }
    done.set(j.name, r);
    return r;
  };
  return (job) => resolve(job, 0);
}
