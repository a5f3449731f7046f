import * as path from 'node:path';
import type { CheckContext } from '../../model/check';
import type { Fix } from '../../model/result';
import { parseGoproxy, type GoproxyParse } from '../../parse/goproxy-list';
import { parseGosumdb, type GosumdbParse } from '../../parse/gosumdb';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';
import { splitPathList, joinPath } from '../../env/go-path';
import { SumdbClient, SumdbError, type LookupResult, type SignedTree } from '../../sumdb/client';
import { type HttpGet, goHttpGet } from '../../sumdb/http-get';
import { resolveSumdbRoute, type SumdbRoute } from '../../sumdb/route';
import { mapLimit } from '../../cache/modcache-scan';
import { workspaceModules, type WorkspaceModule } from '../cache/cache-common';

export function envValue(ctx: CheckContext, name: string): string {
  return ctx.env.vars[name]?.value ?? '';
}

/** GOPROXY as go parses it, with GONOPROXY (GOPRIVATE when empty) for the implicit noproxy. */
export function proxiesOf(ctx: CheckContext): GoproxyParse {
  return parseGoproxy(envValue(ctx, 'GOPROXY'), envValue(ctx, 'GONOPROXY') || envValue(ctx, 'GOPRIVATE'), ctx.env.platform, ctx.env.go.version);
}

export function gosumdbOf(ctx: CheckContext): GosumdbParse {
  return parseGosumdb(envValue(ctx, 'GOSUMDB') || 'sum.golang.org', ctx.env.go.version);
}

/** GONOSUMDB as go uses it: GOPRIVATE when GONOSUMDB is empty (cfg.go:317-319). */
export function noSumdbPatterns(ctx: CheckContext): string {
  return envValue(ctx, 'GONOSUMDB') || envValue(ctx, 'GOPRIVATE');
}

export function noProxyPatterns(ctx: CheckContext): string {
  return envValue(ctx, 'GONOPROXY') || envValue(ctx, 'GOPRIVATE');
}

/** Why the checksum database is out of play, or null when go uses one. */
export function sumdbSkipReason(ctx: CheckContext): string | null {
  const g = gosumdbOf(ctx);
  if (g.off) return 'GOSUMDB=off: go uses no checksum database (GPD112)';
  if (g.error) return `GOSUMDB is invalid (${g.error}); GPD111 reports it`;
  return null;
}

export function httpGetOf(ctx: CheckContext): HttpGet {
  return goHttpGet(ctx.env.os, ctx.env.go.version);
}

export function routeOf(ctx: CheckContext, signal: AbortSignal): Promise<SumdbRoute> {
  return ctx.memo('integrity:sumdb-route', () => resolveSumdbRoute(gosumdbOf(ctx), proxiesOf(ctx), { get: httpGetOf(ctx), signal, timeoutMs: ctx.options.timeoutMs }));
}

export function clientOf(ctx: CheckContext, route: SumdbRoute, signal: AbortSignal): SumdbClient {
  return new SumdbClient({ base: route.base!, key: route.key, get: httpGetOf(ctx), signal, timeoutMs: ctx.options.timeoutMs });
}

export interface LookupOutcome {
  module: WorkspaceModule;
  result?: LookupResult;
  error?: SumdbError;
}

/** Most lookups a run makes (the go.sum of a large project can list thousands of versions). */
export const MAX_LOOKUPS = 200;

/**
 * Looks up every workspace module go would check with the database (not GONOSUMDB-matched),
 * once per run. Only paths go itself would send there are sent.
 */
export function lookupsOf(ctx: CheckContext, signal: AbortSignal): Promise<{ route: SumdbRoute; outcomes: LookupOutcome[]; skipped: number }> {
  return ctx.memo('integrity:sumdb-lookups', async () => {
    const route = await routeOf(ctx, signal);
    if (!route.base) return { route, outcomes: [], skipped: 0 };
    const nosum = noSumdbPatterns(ctx);
    const mods = (await workspaceModules(ctx)).filter((m) => !matchPrefixPatterns(nosum, m.path));
    const chosen = [...mods.filter((m) => m.required), ...mods.filter((m) => !m.required)].slice(0, MAX_LOOKUPS);
    const client = clientOf(ctx, route, signal);
    const outcomes = await mapLimit(chosen, async (m): Promise<LookupOutcome> => {
      try {
        return { module: m, result: await client.lookup(m.path, m.version) };
      } catch (e) {
        if (signal.aborted) throw e;
        return { module: m, error: e instanceof SumdbError ? e : new SumdbError((e as Error).message, 'network') };
      }
    }, 8, signal);
    return { route, outcomes, skipped: mods.length - chosen.length };
  });
}

/** The signed tree head go stored after its last lookup: `$GOPATH[0]/pkg/sumdb/<name>/latest`. */
export async function goStoredLatest(ctx: CheckContext, name: string): Promise<{ file: string; note: Buffer } | null> {
  const gopath = splitPathList(ctx.env.platform, envValue(ctx, 'GOPATH'))[0];
  if (!gopath) return null;
  const file = joinPath(ctx.env.platform, gopath, 'pkg', 'sumdb', ...name.split('/'), 'latest');
  try {
    return { file, note: await ctx.host.readFile(file, 1_000_000) };
  } catch {
    return null;
  }
}

export function latestOf(ctx: CheckContext, route: SumdbRoute, signal: AbortSignal): Promise<SignedTree> {
  return ctx.memo('integrity:sumdb-latest', () => clientOf(ctx, route, signal).latest());
}

/** A GONOSUMDB/GOPRIVATE pattern covering a module: its host, or host/owner on code hosts. */
export function patternFor(modPath: string): string {
  const parts = modPath.split('/');
  const shared = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'gitee.com', 'codeberg.org']);
  return shared.has(parts[0]) && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Appends patterns to a comma list, keeping what is there. */
export function withPatterns(current: string, add: string[]): string {
  const have = current.split(',').filter((s) => s !== '');
  for (const a of add) if (!have.includes(a)) have.push(a);
  return have.join(',');
}

export const GOSUMDB_OFF_FIX: Fix = {
  title: 'Turn off checksum verification for every module (removes protection against tampered downloads)',
  preferred: false,
  weakening: true,
  kind: 'set-variable',
  variable: 'GOSUMDB',
  value: 'off',
};

export function displayPath(p: string): string {
  return p.split(path.sep).join('/');
}
