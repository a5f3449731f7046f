import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Assignment, ScopeContext } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { deref, entry, mapEntries, parseYaml, scalarSpan, scalarString, type YamlFile } from './yaml-nodes';
import { readShellLine } from './shell-words';
import { isTracked } from './variables';

export interface GithubWorkflow extends ParsedSource {
  contexts: ScopeContext[];
}

/**
 * A GitHub Actions workflow: `env:` at workflow, job and step level (step wins over job,
 * job over workflow, and all of them over the job's `container: env:`), `services.*.env`, and `run:` scripts that `export`, `go env -w` or append `NAME=value`
 * to `$GITHUB_ENV` (later steps of the job see it). `${{ … }}` expressions are resolved by
 * the runner: such values are `unknown`.
 */
export function parseGithubWorkflow(src: SourceText): GithubWorkflow {
  const y = parseYaml(src);
  const out: GithubWorkflow = { assignments: [], problems: [...y.problems], contexts: [] };
  for (const doc of y.docs) {
    const root = deref(y, doc, doc.contents);
    if (!isMap(root)) continue;
    const workflowEnv = readEnv(src, y, doc, entry(y, doc, root, 'env')?.value ?? null, 'workflow', out);
    const jobs = entry(y, doc, root, 'jobs');
    for (const job of mapEntries(y, doc, jobs?.value ?? null)) {
      const jobEnv = readEnv(src, y, doc, entry(y, doc, job.value, 'env')?.value ?? null, `job ${job.key}`, out);
      // A container job's steps run in `container:` with its env, and get the workflow, job and
      // step env on top of it (the runner passes them to each `docker exec`).
      const container = entry(y, doc, job.value, 'container')?.value ?? null;
      const containerEnv = isMap(container) ? readEnv(src, y, doc, entry(y, doc, container, 'env')?.value ?? null, `job ${job.key} container`, out) : [];
      // Service containers run beside the job with their own env only.
      for (const svc of mapEntries(y, doc, entry(y, doc, job.value, 'services')?.value ?? null)) {
        if (!isMap(svc.value)) continue;
        const env = readEnv(src, y, doc, entry(y, doc, svc.value, 'env')?.value ?? null, `job ${job.key} service ${svc.key}`, out);
        if (env.length) out.contexts.push({ kind: 'github-job', name: `${job.key} service ${svc.key}`, file: src.file, values: Object.fromEntries(env.map((a) => [a.variable, a])) });
      }
      const values: Record<string, Assignment> = {};
      for (const a of containerEnv) values[a.variable] = a;
      for (const a of workflowEnv) values[a.variable] = a;
      for (const a of jobEnv) values[a.variable] = a;
      const steps = entry(y, doc, job.value, 'steps')?.value;
      if (isSeq(steps)) {
        steps.items.forEach((st, i) => {
          const step = deref(y, doc, st);
          const nameEntry = entry(y, doc, step, 'name') ?? entry(y, doc, step, 'id');
          const stepName = `job ${job.key} step ${nameEntry && isScalar(nameEntry.value) ? scalarString(nameEntry.value as Scalar) : i + 1}`;
          readEnv(src, y, doc, entry(y, doc, step, 'env')?.value ?? null, stepName, out);
          const run = entry(y, doc, step, 'run')?.value;
          if (isScalar(run) && run.range) {
            for (const a of readRunScript(src, run as Scalar, stepName)) {
              out.assignments.push(a);
              // GITHUB_ENV writes reach the job's later steps.
              if (a.scope.level === 'GITHUB_ENV') values[a.variable] = a;
            }
          }
        });
      }
      out.contexts.push({ kind: 'github-job', name: job.key, file: src.file, values });
    }
  }
  if (y.budget.exhausted) out.problems.push(src.problem('too many YAML aliases or merge keys; the rest of the file was not read', 0));
  return out;
}

function readEnv(src: SourceText, y: YamlFile, doc: Document.Parsed, node: Node | null, scopeName: string, out: ParsedSource): Assignment[] {
  const found: Assignment[] = [];
  if (node === null) return found;
  if (!isMap(node)) {
    if (isScalar(node) && node.range) out.problems.push(src.problem(`${scopeName}: env: must be a mapping (an expression here is resolved by the runner)`, node.range[0], node.range[1]));
    return found;
  }
  for (const e of mapEntries(y, doc, node)) {
    if (!isTracked(e.key)) continue;
    if (!isScalar(e.value) || !e.value.range) continue;
    const s = e.value as Scalar;
    const { start, end } = scalarSpan(s, src.text);
    const value = scalarString(s);
    const a = src.assignment({ variable: e.key, value, start, end, statementStart: e.keyNode.range![0], statementEnd: end, scope: { kind: 'github-actions', name: scopeName, level: 'env' }, resolution: value.includes('${{') ? 'unknown' : 'literal' });
    found.push(a);
    out.assignments.push(a);
  }
  return found;
}

/**
 * Assignments in a `run:` script, read from the file text itself so that every span is exact:
 * literal and plain scalars keep the script's characters in place (indentation aside).
 */
function readRunScript(src: SourceText, run: Scalar, stepName: string): Assignment[] {
  const out: Assignment[] = [];
  if (run.type === 'BLOCK_FOLDED' || run.type === 'QUOTE_DOUBLE' || run.type === 'QUOTE_SINGLE') return out;
  const [start, end] = run.range!;
  const text = src.text;
  let i = run.type === 'BLOCK_LITERAL' ? text.indexOf('\n', start) + 1 : start;
  if (i <= 0) return out;
  while (i < end) {
    const line = readShellLine(text, i, end);
    if (line.unterminated) break;
    for (const a of line.assignments) {
      if (!isTracked(a.name)) continue;
      out.push(src.assignment({ variable: a.name, value: a.word.value, start: a.word.start, end: a.word.end, statementStart: a.nameStart, statementEnd: a.word.end, scope: { kind: 'github-actions', name: stepName, level: a.form === 'go-env-w' ? 'go env -w' : 'run' }, resolution: a.word.expands ? 'unknown' : 'literal' }));
    }
    // `echo "GOPROXY=…" >> $GITHUB_ENV`
    const lineText = text.slice(i, line.next);
    const m = /^\s*echo\s+(["']?)([A-Za-z_][A-Za-z0-9_]*)=([^"'\n]*)\1\s*>>\s*"?\$\{?GITHUB_ENV\}?"?/.exec(lineText);
    if (m && isTracked(m[2])) {
      const vs = i + lineText.indexOf(`${m[2]}=`) + m[2].length + 1;
      out.push(src.assignment({ variable: m[2], value: m[3], start: vs, end: vs + m[3].length, statementStart: vs - m[2].length - 1, statementEnd: vs + m[3].length, scope: { kind: 'github-actions', name: stepName, level: 'GITHUB_ENV' }, resolution: m[3].includes('$') ? 'unknown' : 'literal' }));
    }
    i = line.next > i ? line.next : i + 1;
  }
  return out;
}
