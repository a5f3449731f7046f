import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Location } from '../model/location';
import type { Assignment } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { deref, entry, mapEntries, parseYaml, scalarSpan, scalarString, type YamlFile } from './yaml-nodes';
import { isTracked } from './variables';

export interface ComposeService {
  name: string;
  /** `environment:` assignments of every variable (tracked or not), in the order written. */
  environment: Assignment[];
  /** `env_file:` entries, relative to the compose file's folder, in the order listed. */
  envFiles: Array<{ path: string; required: boolean; location: Location }>;
}

export interface ComposeFile extends ParsedSource {
  services: ComposeService[];
}

/**
 * A docker compose file (compose-spec.io, services.environment / services.env_file):
 * `environment:` as a map (`GOPROXY: value`) or a list (`- GOPROXY=value`; `- NAME` alone
 * passes the variable through from the shell, so its value is not known here), and
 * `env_file:` as a path, a list of paths or of `{ path:, required: }`. Anchors, aliases and
 * `<<` merges (the `x-` extension idiom) are followed. `$VAR`/`${VAR}` are interpolated by
 * compose from the shell and the project's .env when it loads the file: such values are
 * `unknown`; `$$` is compose's escape for a literal `$`.
 */
export function parseCompose(src: SourceText): ComposeFile {
  const y = parseYaml(src);
  const out: ComposeFile = { assignments: [], problems: [...y.problems], services: [] };
  for (const doc of y.docs) {
    const services = entry(y, doc, deref(y, doc, doc.contents), 'services');
    for (const s of mapEntries(y, doc, services?.value ?? null)) {
      if (!isMap(s.value)) continue;
      const svc: ComposeService = { name: s.key, environment: [], envFiles: [] };
      for (const e of mapEntries(y, doc, s.value)) {
        if (e.key === 'environment') readEnvironment(src, y, doc, e.value, svc, out);
        else if (e.key === 'env_file') readEnvFiles(src, y, doc, e.value, svc, out);
      }
      out.services.push(svc);
    }
  }
  if (y.budget.exhausted) out.problems.push(src.problem('too many YAML aliases or merge keys; the rest of the file was not read', 0));
  return out;
}

/** Compose interpolates `$` when it loads the file; only `$$` (a literal `$`) is known. */
function resolutionOf(value: string): Assignment['resolution'] {
  return value.replace(/\$\$/g, '').includes('$') ? 'unknown' : 'literal';
}

function readEnvironment(src: SourceText, y: YamlFile, doc: Document.Parsed, node: Node | null, svc: ComposeService, out: ComposeFile): void {
  const scope = { kind: 'compose' as const, name: svc.name, level: 'environment' };
  if (isMap(node)) {
    for (const e of mapEntries(y, doc, node)) {
      // `NAME:` with no value passes the variable through from the shell.
      if (!isScalar(e.value) || (e.value as Scalar).value === null) continue;
      const s = e.value as Scalar;
      const { start, end } = scalarSpan(s, src.text);
      const value = scalarString(s);
      const a = src.assignment({ variable: e.key, value: value.replace(/\$\$/g, '$'), start, end, statementStart: e.keyNode.range![0], statementEnd: end, scope, resolution: resolutionOf(value) });
      svc.environment.push(a);
      if (isTracked(e.key)) out.assignments.push(a);
    }
    return;
  }
  if (isSeq(node)) {
    for (const it of node.items) {
      const s = deref(y, doc, it);
      if (!isScalar(s) || !s.range) continue;
      const word = scalarString(s as Scalar);
      const eq = word.indexOf('=');
      if (eq <= 0) continue;
      const name = word.slice(0, eq);
      const value = word.slice(eq + 1);
      // The value's text inside the scalar: after the first `=` of the text as written.
      const { start, end } = scalarSpan(s as Scalar, src.text);
      const quoted = src.text[start] === '"' || src.text[start] === "'";
      const inner = quoted ? start + 1 : start;
      const innerEnd = quoted ? end - 1 : end;
      const textEq = src.text.indexOf('=', inner);
      if (textEq < 0 || textEq >= innerEnd) continue;
      const a = src.assignment({ variable: name, value: value.replace(/\$\$/g, '$'), start: textEq + 1, end: innerEnd, statementStart: inner, statementEnd: innerEnd, scope: { ...scope, level: 'environment list' }, resolution: resolutionOf(value) });
      svc.environment.push(a);
      if (isTracked(name)) out.assignments.push(a);
    }
    return;
  }
  if (node?.range) out.problems.push(src.problem(`services.${svc.name}.environment must be a mapping or a list of NAME=value`, node.range[0], node.range[1]));
}

function readEnvFiles(src: SourceText, y: YamlFile, doc: Document.Parsed, node: Node | null, svc: ComposeService, out: ComposeFile): void {
  const add = (s: unknown, required: boolean) => {
    const n = deref(y, doc, s);
    if (!isScalar(n) || !n.range) return;
    const span = scalarSpan(n as Scalar, src.text);
    svc.envFiles.push({ path: scalarString(n as Scalar), required, location: src.locate(span.start, span.end) });
  };
  const one = (n: unknown) => {
    const v = deref(y, doc, n);
    if (isScalar(v)) return add(v, true);
    if (isMap(v)) {
      const p = entry(y, doc, v, 'path');
      const r = entry(y, doc, v, 'required');
      add(p?.value, !(isScalar(r?.value) && ((r!.value as Scalar).value === false || String((r!.value as Scalar).value) === 'false')));
    }
  };
  if (isSeq(node)) for (const it of node.items) one(it);
  else if (isScalar(node) || isMap(node)) one(node);
  else if (node?.range) out.problems.push(src.problem(`services.${svc.name}.env_file must be a path or a list of paths`, node.range[0], node.range[1]));
}

/** compose.yaml, compose.yml, docker-compose.yml, docker-compose.override.yaml, compose.prod.yaml, ... */
export function isComposeFile(base: string): boolean {
  return /^(docker-)?compose(\.[A-Za-z0-9_-]+)*\.ya?ml$/.test(base);
}
