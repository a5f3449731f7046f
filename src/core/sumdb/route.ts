/**
 * How go reaches the checksum database (go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:
 * dbDial 59-110, initBase 143-193, and TryProxies in proxy.go:138-184):
 * - an explicit URL in GOSUMDB is used as is, never the proxies;
 * - else each GOPROXY entry in turn: `noproxy` is passed over, `direct`/`off` stop the walk,
 *   a URL is asked `<proxy>/sumdb/<name>/supported`: 200 → every sumdb request goes through
 *   that proxy (no fallback to direct); 404/410 → next entry; any other answer or a network
 *   error → next entry only after `|`, else the database is unreachable with that error;
 * - a walk that ends "not found" connects directly to https://<name>.
 */
import type { ProxyEntry } from '../parse/goproxy-list';
import type { GosumdbParse } from '../parse/gosumdb';
import { type HttpGet, joinURL, statusErrorText } from './http-get';

export interface SumdbRouteStep {
  entry: string;
  /** The URL asked (for a proxy entry). */
  url?: string;
  status?: number;
  error?: string;
  timeMs?: number;
  /** What go does after this step. */
  outcome: 'supported' | 'not-found-next' | 'error-next' | 'error-stop' | 'passed-over' | 'stop-direct';
  fallBackOnError: boolean;
}

export interface SumdbRoute {
  name: string;
  /** The verifier key go checks signatures with. */
  key: string;
  via: 'explicit-url' | 'proxy' | 'direct' | 'unreachable';
  /** Base URL of the database (lookups are `<base>/lookup/...`), absent when unreachable. */
  base?: string;
  /** The proxy that serves it (via = proxy). */
  proxy?: string;
  steps: SumdbRouteStep[];
  /** go's error text when the database cannot be used (printed after `verifying module: `). */
  error?: string;
}

export interface RouteOptions {
  get: HttpGet;
  signal?: AbortSignal;
  timeoutMs: number;
}

/**
 * Walks the route as go does. `gosumdb` must be valid and not off; `proxies` is the parsed
 * GOPROXY (its error, if any, is go's error for every lookup).
 */
export async function resolveSumdbRoute(gosumdb: GosumdbParse, proxies: { entries: ProxyEntry[]; error?: string }, o: RouteOptions): Promise<SumdbRoute> {
  const name = gosumdb.name!;
  const key = gosumdb.key!;
  const directURL = `https://${name}`;
  if (gosumdb.url) return { name, key, via: 'explicit-url', base: gosumdb.url, steps: [] };
  if (proxies.error) return { name, key, via: 'unreachable', steps: [], error: proxies.error };
  const steps: SumdbRouteStep[] = [];
  // TryProxies' ranking of errors: direct > proxy (not not-found) > not-found.
  let best: { error: string; notFound: boolean } | null = null;
  let bestRank = 0;
  for (const p of proxies.entries) {
    if (p.kind === 'noproxy') {
      steps.push({ entry: 'noproxy', outcome: 'passed-over', fallBackOnError: p.fallBackOnError });
      if (bestRank === 0) best = { error: 'use proxy', notFound: true };
      continue;
    }
    if (p.kind === 'direct' || p.kind === 'off') {
      steps.push({ entry: p.kind, outcome: 'stop-direct', fallBackOnError: p.fallBackOnError });
      if (p.kind === 'direct') {
        best = { error: 'direct', notFound: true };
        bestRank = 2;
      } else if (bestRank === 0) best = { error: 'off', notFound: true };
      break;
    }
    const url = joinURL(p.url!, `sumdb/${name}/supported`);
    const t0 = Date.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const r = await o.get(url, { signal: o.signal, timeoutMs: o.timeoutMs, maxBytes: 64 * 1024 });
      status = r.status;
      if (r.status !== 200) error = statusErrorText(url, r);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      error = (e as Error).message;
    }
    const timeMs = Date.now() - t0;
    if (error === undefined) {
      steps.push({ entry: p.url!, url, status, timeMs, outcome: 'supported', fallBackOnError: p.fallBackOnError });
      return { name, key, via: 'proxy', base: joinURL(p.url!, `sumdb/${name}`), proxy: p.url, steps };
    }
    const notFound = status === 404 || status === 410;
    if (!notFound && bestRank <= 1) {
      best = { error, notFound };
      bestRank = 1;
    } else if (bestRank === 0) best = { error, notFound };
    const stop = !p.fallBackOnError && !notFound;
    steps.push({ entry: p.url!, url, status, error, timeMs, outcome: notFound ? 'not-found-next' : stop ? 'error-stop' : 'error-next', fallBackOnError: p.fallBackOnError });
    if (stop) break;
  }
  if (!best || best.notFound) return { name, key, via: 'direct', base: directURL, steps };
  return { name, key, via: 'unreachable', steps, error: best.error };
}
