import * as path from 'node:path';
import type { GoEnvironment } from '../../model/environment';
import type { Location } from '../../model/location';
import type { Assignment, ScopeContext, Workspace } from '../../model/workspace';
import { isGoProxyVariable } from '../../sources/variables';

/** One place a variable is written, and where that place's value is the one in effect. */
export interface ScopeRow {
  where: string;
  file?: string;
  line?: number;
  location?: Location;
  value: string;
  resolution: Assignment['resolution'] | 'environment';
  /** Contexts (terminal, CI job, stage, unit, editor) where this row's value wins. */
  winsIn: string[];
}

export interface VariableTable {
  variable: string;
  rows: ScopeRow[];
  /** What go itself uses from here (process environment over go/env file over default). */
  effective: { value: string; source: string };
  /** Distinct values among the rows whose values are known. */
  distinct: string[];
}

/** `file:line` relative to the folder when inside it, `~/…` in the home folder. */
export function displayPath(file: string, root: string, home?: string | null): string {
  const rel = path.relative(root, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  if (home && file.startsWith(home + path.sep)) return '~/' + path.relative(home, file).split(path.sep).join('/');
  return file;
}

/** A short description of an assignment's scope (`global variables`, `stage build ENV`, ...). */
export function scopeLabel(a: Assignment): string {
  const parts: string[] = [];
  switch (a.scope.kind) {
    case 'gitlab-ci': parts.push(a.scope.name === 'global' ? 'global variables' : `job ${a.scope.name}`); break;
    case 'vscode-settings': parts.push(`${a.scope.level ?? ''} ${a.scope.name ?? ''}`.trim()); break;
    case 'go-env-file': parts.push('go env -w'); break;
    case 'compose': parts.push(`service ${a.scope.name ?? ''} ${a.scope.level === 'env_file' ? 'env_file' : 'environment'}`); break;
    default:
      if (a.scope.name) parts.push(a.scope.name);
      if (a.scope.level && a.scope.kind !== 'shell-rc' && a.scope.kind !== 'envrc' && a.scope.kind !== 'dotenv') parts.push(a.scope.level);
  }
  return parts.join(' ');
}

export function contextLabel(c: ScopeContext): string {
  switch (c.kind) {
    case 'gitlab-job': return `CI job ${c.name}`;
    case 'github-job': return `workflow job ${c.name}`;
    case 'docker-stage': return c.name.replace(/^(.*) stage /, '$1 stage ');
    case 'systemd-unit': return `unit ${c.name}`;
    case 'devcontainer': return `dev container ${c.name}`;
    default: return c.name;
  }
}

/**
 * One table per Go variable written anywhere: every assignment (file:line, scope, value), the
 * process environment, and which one is in effect in each context.
 */
export function buildTables(ws: Workspace, env: GoEnvironment | null, root: string, home?: string | null): VariableTable[] {
  const byVar = new Map<string, Assignment[]>();
  for (const a of ws.assignments) {
    if (!isGoProxyVariable(a.variable)) continue;
    const list = byVar.get(a.variable) ?? [];
    list.push(a);
    byVar.set(a.variable, list);
  }
  // Where each assignment is in effect, from one pass over the contexts (not one per assignment).
  const placesOf = new Map<Assignment, string[]>();
  for (const c of ws.contexts ?? []) {
    const label = contextLabel(c);
    for (const a of Object.values(c.values)) {
      const l = placesOf.get(a);
      if (l) l.push(label);
      else placesOf.set(a, [label]);
    }
  }
  const winsIn = (a: Assignment) => winsInOf(placesOf, a);
  const tables: VariableTable[] = [];
  for (const [variable, list] of [...byVar.entries()].sort((x, y) => order(x[0]) - order(y[0]) || x[0].localeCompare(y[0]))) {
    // One row per written value: an anchor used in several places is one row.
    const byPlace = new Map<string, ScopeRow>();
    for (const a of list) {
      const key = `${a.range.file}\0${a.range.startLine}\0${a.range.startColumn}`;
      const row = byPlace.get(key);
      if (row) {
        const had = new Set(row.winsIn);
        for (const w of winsIn(a)) if (!had.has(w)) row.winsIn.push(w);
        continue;
      }
      byPlace.set(key, {
        where: `${displayPath(a.range.file, root, home)}:${a.range.startLine} ${scopeLabel(a)}`.trim(),
        file: a.range.file,
        line: a.range.startLine,
        location: a.range,
        value: a.value,
        resolution: a.resolution,
        winsIn: winsIn(a),
      });
    }
    const rows: ScopeRow[] = [...byPlace.values()];
    for (const r of rows) r.winsIn = capList(r.winsIn);
    const osValue = env?.os[variable];
    if (osValue) rows.unshift({ where: 'process environment (this terminal)', value: osValue, resolution: 'environment', winsIn: ['go run from here'] });
    const eff = env?.vars[variable];
    const effective = eff ? { value: eff.value, source: eff.source } : { value: osValue ?? '', source: osValue ? 'os' : 'unset' };
    if (!osValue && eff && eff.source !== 'os') {
      const byRange = new Map(list.map((a) => [a.range, a]));
      const fileRow = rows.find((r) => r.resolution !== 'environment' && r.location && byRange.get(r.location)?.scope.kind === 'go-env-file' && r.value === eff.value);
      if (fileRow) fileRow.winsIn.unshift('go run from here');
    }
    const distinct = [...new Set(rows.filter((r) => r.resolution !== 'unknown').map((r) => r.value))];
    tables.push({ variable, rows, effective, distinct });
  }
  return tables;
}

/** Places named per row; a file with thousands of jobs names the first ones and counts the rest. */
const MAX_PLACES = 20;

function capList(places: string[]): string[] {
  return places.length <= MAX_PLACES ? places : [...places.slice(0, MAX_PLACES), `… and ${places.length - MAX_PLACES} more`];
}

/** Where an assignment is the value in effect; for narrow scopes, that scope in words. */
function winsInOf(placesOf: ReadonlyMap<Assignment, string[]>, a: Assignment): string[] {
  const places = placesOf.get(a) ?? [];
  if (places.length) return [...places];
  if (a.scope.kind === 'dockerfile' && a.scope.level === 'RUN') return ['that RUN only'];
  if (a.scope.kind === 'github-actions' && a.scope.name?.includes(' step ')) return [`${a.scope.name}${a.scope.level === 'run' ? ' (that script only)' : ''}`];
  if (a.scope.name === 'interactive-only') return ['interactive shells only'];
  if (a.scope.name === 'not exported') return ['nowhere: not exported'];
  if (a.scope.level === 'go env -w' || a.scope.name === 'go env -w' || a.scope.level === 'RUN go env -w') return ['the go/env file of that environment'];
  return [];
}

const ORDER = ['GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
function order(v: string): number {
  const i = ORDER.indexOf(v);
  return i < 0 ? ORDER.length : i;
}

/** The table as aligned text lines (evidence and CLI output). */
export function tableLines(t: VariableTable, maxRows = Infinity): string[] {
  const rows = t.rows.slice(0, maxRows);
  // Not Math.max(...rows): thousands of arguments overflow the stack.
  const w = Math.min(60, rows.reduce((m, r) => Math.max(m, r.where.length), 5));
  const v = Math.min(60, rows.reduce((m, r) => Math.max(m, JSON.stringify(r.value).length), 5));
  const lines = [`${'where'.padEnd(w)}  ${'value'.padEnd(v)}  in effect for`];
  for (const r of rows) {
    const val = JSON.stringify(r.value) + (r.resolution === 'unknown' ? ' (not resolved)' : r.resolution === 'interpolated' ? ' (interpolated)' : '');
    lines.push(`${r.where.padEnd(w)}  ${val.padEnd(v)}  ${r.winsIn.length ? r.winsIn.join(', ') : '—'}`);
  }
  if (t.rows.length > rows.length) lines.push(`… and ${t.rows.length - rows.length} more places (all of them: go-proxy-doctor scopes)`);
  return lines;
}
