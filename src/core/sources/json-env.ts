import type { Assignment, ScopeKind } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { JsoncError, parseJsonc, type JsonNode } from './jsonc';
import { isTracked } from './variables';

/** Parses a JSONC file, turning a syntax error into a problem at its position. */
export function readJsonc(src: SourceText, problems: ParsedSource['problems']): JsonNode | null {
  try {
    return parseJsonc(src.text);
  } catch (e) {
    if (e instanceof JsoncError) problems.push(src.problem(`JSON syntax error: ${e.message}`, e.offset, e.offset + 1));
    else problems.push(src.problem(`cannot parse JSON: ${(e as Error).message}`, 0));
    return null;
  }
}

/**
 * The tracked variables of a JSON object of environment variables (`containerEnv`,
 * `go.toolsEnvVars`, ...). `${env:X}`, `${localEnv:X}`, `${containerEnv:X}` are resolved by
 * the editor at run time: such values are `unknown`.
 */
export function envObject(src: SourceText, node: JsonNode | undefined, kind: ScopeKind, name: string, level: string | undefined, problems: ParsedSource['problems']): Assignment[] {
  const out: Assignment[] = [];
  if (!node) return out;
  if (node.type !== 'object') {
    problems.push(src.problem(`${name} must be an object of variable names to strings`, node.start, node.end));
    return out;
  }
  for (const m of node.members) {
    if (!isTracked(m.key)) continue;
    if (m.value.type !== 'string') {
      problems.push(src.problem(`${name}.${m.key} must be a string`, m.value.start, m.value.end));
      continue;
    }
    out.push(src.assignment({
      variable: m.key, value: m.value.value, start: m.value.start, end: m.value.end, statementStart: m.keyStart, statementEnd: m.value.end,
      scope: { kind, name, ...(level ? { level } : {}) },
      resolution: /\$\{[A-Za-z]+:/.test(m.value.value) ? 'unknown' : 'literal',
    }));
  }
  return out;
}
