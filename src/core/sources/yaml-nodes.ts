import { parseAllDocuments, visit, isAlias, isMap, isScalar, isSeq, isPair, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { SourceProblem } from '../model/workspace';
import type { SourceText } from './source-text';

/** Aliases expanded while walking one file; a YAML "billion laughs" stops here. */
export const MAX_ALIAS_COUNT = 100;
/** Mapping entries visited per file (merges of merges can multiply them). */
const MAX_VISITS = 100_000;

export interface YamlFile {
  docs: Document.Parsed[];
  problems: SourceProblem[];
  /** Each alias's anchored node (null: no such anchor before it), found in one pass. */
  aliases?: WeakMap<object, Node | null>;
  /** Shared walking budget; `exhausted` once a bound was hit (reported once). */
  budget: { visits: number; aliases: number; exhausted: boolean };
}

/**
 * Parses every document of a YAML file with positions. Syntax errors become problems with
 * their line and column; documents with errors are dropped (never half-read). Aliases are
 * resolved from one pass over each document (the library resolves each alias by scanning
 * the document: quadratic in the aliases), and a document whose expansion through aliases
 * is far larger than itself (an alias bomb, or a chain of aliases of aliases) is dropped.
 */
export function parseYaml(src: SourceText): YamlFile {
  const problems: SourceProblem[] = [];
  const docs: Document.Parsed[] = [];
  const aliases = new WeakMap<object, Node | null>();
  let all: Document.Parsed[];
  // The library makes an Error for every syntax error, and each captures the stack: deep in
  // unclosed brackets with a high Error.stackTraceLimit (the extension host, test runners)
  // that is quadratic. Only the messages and positions are used.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    all = parseAllDocuments(src.text, { merge: true, prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (e) {
    return { docs, problems: [src.problem(`cannot parse YAML: ${(e as Error).message}`, 0)], budget: { visits: 0, aliases: 0, exhausted: true } };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (!Array.isArray(all)) all = [all as unknown as Document.Parsed];
  for (const doc of all) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors.slice(0, 5)) {
        const text = /call stack/i.test(err.message) ? 'nesting too deep for a configuration file' : firstLine(err.message);
        problems.push(src.problem(`YAML syntax error: ${text}`, err.pos[0], err.pos[1]));
      }
      continue;
    }
    const { nodes, expanded } = indexAliases(doc, aliases);
    if (expanded > MAX_EXPANSION_FACTOR * nodes + MAX_EXPANSION_EXTRA) {
      const at = doc.contents?.range?.[0] ?? 0;
      problems.push(src.problem(`YAML alias expansion is too large (${expanded === Infinity ? 'aliases nest too deep or refer to their own anchor' : `${nodes} nodes expand to more than ${MAX_EXPANSION_FACTOR * nodes + MAX_EXPANSION_EXTRA}`}; a resource-exhaustion pattern)`, at));
      continue;
    }
    docs.push(doc);
  }
  return { docs, problems, aliases, budget: { visits: 0, aliases: 0, exhausted: false } };
}

/** A document may expand through aliases to this many times its nodes, plus this many. */
const MAX_EXPANSION_FACTOR = 10;
const MAX_EXPANSION_EXTRA = 10_000;

/**
 * One pass in document order: each alias gets the latest node anchored with its name before
 * it (YAML 1.2 §3.2.2.2, as the library's Alias.resolve picks it), and the number of nodes
 * the document stands for once every alias is expanded, each node's size computed once.
 */
function indexAliases(doc: Document.Parsed, into: WeakMap<object, Node | null>): { nodes: number; expanded: number } {
  const anchors = new Map<string, Node>();
  let nodes = 0;
  visit(doc, {
    Node(_key, node) {
      nodes++;
      if (isAlias(node)) into.set(node, anchors.get(node.source) ?? null);
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  const size = new Map<object, number>();
  const measure = (n: unknown, depth: number): number => {
    if (n === null || n === undefined || typeof n !== 'object') return 0;
    const known = size.get(n);
    if (known !== undefined) return known;
    if (depth > 1000) return Infinity;
    size.set(n, Infinity); // an alias that reaches back into its own anchor never ends
    let total = 1;
    if (isAlias(n)) total = measure(into.get(n), depth + 1);
    else if (isPair(n)) total = measure(n.key, depth + 1) + measure(n.value, depth + 1);
    else if (isMap(n) || isSeq(n)) for (const it of (n as { items: unknown[] }).items) {
      total += measure(it, depth + 1);
      if (total === Infinity) break;
    }
    size.set(n, total);
    return total;
  };
  return { nodes, expanded: measure(doc.contents, 0) };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Follows an alias to its anchored node, within the budget. */
export function deref(y: YamlFile, doc: Document.Parsed, node: unknown): Node | null {
  let n = node;
  let hops = 0;
  while (isAlias(n)) {
    if (++y.budget.aliases > MAX_ALIAS_COUNT * 10 || ++hops > 20) {
      y.budget.exhausted = true;
      return null;
    }
    n = y.aliases?.has(n) ? y.aliases.get(n) : n.resolve(doc);
  }
  return (n as Node) ?? null;
}

export interface YamlEntry {
  key: string;
  keyNode: Scalar;
  /** The value node (aliases followed): its range is where the text is written. */
  value: Node | null;
  /** True when the entry came in through a `<<` merge key. */
  merged: boolean;
}

/**
 * The entries of a mapping as YAML 1.1 merge keys define them: explicit keys win over merged
 * ones, earlier merge sources win over later ones. Non-scalar keys are skipped.
 */
export function mapEntries(y: YamlFile, doc: Document.Parsed, node: unknown, depth = 0): YamlEntry[] {
  const map = deref(y, doc, node);
  if (!isMap(map) || depth > 10) return [];
  const explicit: YamlEntry[] = [];
  const merged: YamlEntry[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (++y.budget.visits > MAX_VISITS) {
      y.budget.exhausted = true;
      break;
    }
    const key = pair.key;
    if (!isScalar(key)) continue;
    if (typeof key.value === 'symbol' || key.source === '<<') {
      const sources = deref(y, doc, pair.value);
      const list = isSeq(sources) ? sources.items : [sources];
      for (const s of list) {
        for (const e of mapEntries(y, doc, s, depth + 1)) {
          if (!merged.some((m) => m.key === e.key)) merged.push({ ...e, merged: true });
        }
      }
      continue;
    }
    explicit.push({ key: String(key.value), keyNode: key as Scalar, value: deref(y, doc, pair.value), merged: false });
  }
  // Later explicit duplicates win (as GitLab's and Actions' loaders behave).
  const byKey = new Map<string, YamlEntry>();
  for (const e of merged) byKey.set(e.key, e);
  for (const e of explicit) byKey.set(e.key, e);
  return [...byKey.values()];
}

export function entry(y: YamlFile, doc: Document.Parsed, node: unknown, key: string): YamlEntry | undefined {
  return mapEntries(y, doc, node).find((e) => e.key === key);
}

/** The string a scalar stands for, as a CI runner passes it on (numbers and booleans as written). */
export function scalarString(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || node.value === undefined) return '';
  return node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(node.value);
}

/** Offsets of the value text of a scalar (quotes included, trailing comment excluded). */
export function scalarSpan(node: Scalar, text?: string): { start: number; end: number } {
  const r = node.range!;
  let end = r[1];
  // A block scalar's range takes in its final line break; the value text stops before it.
  if (text && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) while (end > r[0] && /[\r\n \t]/.test(text[end - 1])) end--;
  return { start: r[0], end };
}

export { isMap, isScalar, isSeq };
