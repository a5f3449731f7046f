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
  const tables: VariableTable[] = [];
  for (const [variable, list] of [...byVar.entries()].sort((x, y) => order(x[0]) - order(y[0]) || x[0].localeCompare(y[0]))) {
    // One row per written value: an anchor used in several places is one row.
    const byPlace = new Map<string, ScopeRow>();
    for (const a of list) {
      const key = `${a.range.file}\0${a.range.startLine}\0${a.range.startColumn}`;
      const row = byPlace.get(key);
      if (row) {
        for (const w of winsIn(ws, a)) if (!row.winsIn.includes(w)) row.winsIn.push(w);
        continue;
      }
      byPlace.set(key, {
        where: `${displayPath(a.range.file, root, home)}:${a.range.startLine} ${scopeLabel(a)}`.trim(),
        file: a.range.file,
        line: a.range.startLine,
        location: a.range,
        value: a.value,
        resolution: a.resolution,
        winsIn: winsIn(ws, a),
      });
    }
    const rows: ScopeRow[] = [...byPlace.values()];
    const osValue = env?.os[variable];
    if (osValue) rows.unshift({ where: 'process environment (this terminal)', value: osValue, resolution: 'environment', winsIn: ['go run from here'] });
    const eff = env?.vars[variable];
    const effective = eff ? { value: eff.value, source: eff.source } : { value: osValue ?? '', source: osValue ? 'os' : 'unset' };
    if (!osValue && eff && eff.source !== 'os') {
      const fileRow = rows.find((r) => r.resolution !== 'environment' && list.find((a) => a.range === r.location)?.scope.kind === 'go-env-file' && r.value === eff.value);
      if (fileRow) fileRow.winsIn.unshift('go run from here');
    }
    const distinct = [...new Set(rows.filter((r) => r.resolution !== 'unknown').map((r) => r.value))];
    tables.push({ variable, rows, effective, distinct });
  }
  return tables;
}

/** Where an assignment is the value in effect; for narrow scopes, that scope in words. */
function winsIn(ws: Workspace, a: Assignment): string[] {
  const places = (ws.contexts ?? []).filter((c) => c.values[a.variable] === a).map(contextLabel);
  if (places.length) return places;
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
export function tableLines(t: VariableTable): string[] {
  const w = Math.min(60, Math.max(5, ...t.rows.map((r) => r.where.length)));
  const v = Math.min(60, Math.max(5, ...t.rows.map((r) => JSON.stringify(r.value).length)));
  const lines = [`${'where'.padEnd(w)}  ${'value'.padEnd(v)}  in effect for`];
  for (const r of t.rows) {
    const val = JSON.stringify(r.value) + (r.resolution === 'unknown' ? ' (not resolved)' : r.resolution === 'interpolated' ? ' (interpolated)' : '');
    lines.push(`${r.where.padEnd(w)}  ${val.padEnd(v)}  ${r.winsIn.length ? r.winsIn.join(', ') : '—'}`);
  }
  return lines;
}
