/**
 * Probes of the module proxy protocol endpoints beyond the download itself
 * (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:288-396; `go help goproxy`):
 * `@v/list` (one version per line, first field valid semver, pseudo-versions excluded),
 * `@latest` (same JSON as .info), both under the case-escaped module path.
 */
import { escapePath } from '../parse/module-path';
import { parseVersionList } from './chain-query';
import { goGet, redactedURL, type HttpSession } from './http-client';
import { goPathEscape, goJSONError } from './chain-walk';
import type { ProxyEnvVariant } from './proxy-env';

export interface EndpointProbe {
  url: string;
  status?: number;
  /** go's text when the answer is an error for go. */
  goError?: string;
  ms?: number;
  timeout?: boolean;
}

export interface ListProbe extends EndpointProbe {
  /** Versions go takes from the list (valid semver, first field of each line). */
  versions: string[];
  /** Lines go skips (not valid semver). */
  ignored: string[];
}

export interface LatestProbe extends EndpointProbe {
  version?: string;
  /** encoding/json error for a 200 that is not a RevInfo. */
  invalid?: string;
}

export interface ProtocolProbe {
  base: string;
  module: string;
  list: ListProbe;
  latest: LatestProbe;
}

export interface ProbeOptions {
  env: Record<string, string | undefined>;
  timeoutMs: number;
  signal?: AbortSignal;
  variant?: ProxyEnvVariant;
  /** The go release whose behaviour applies (env.go.version). */
  goVersion?: string | null;
  session?: HttpSession;
}

function endpoint(base: string, module: string, tail: string): string {
  const u = new URL(base);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/' + escapePath(module).split('/').map(goPathEscape).join('/') + tail;
  u.hash = '';
  return u.href;
}

export { parseVersionList };

export async function probeProtocol(base: string, module: string, o: ProbeOptions): Promise<ProtocolProbe> {
  const get = (url: string) => goGet(url, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: 1 << 20, variant: o.variant, goVersion: o.goVersion, session: o.session });
  const listURL = endpoint(base, module, '/@v/list');
  const latestURL = endpoint(base, module, '/@latest');
  const [l, t] = await Promise.all([get(listURL), get(latestURL)]);
  const list: ListProbe = { url: redactedURL(listURL), status: l.status, ms: Math.round(l.totalMs), versions: [], ignored: [], timeout: l.error?.kind === 'timeout' };
  if (l.status === 200) Object.assign(list, parseVersionList(l.body.toString('utf8')));
  else list.goError = l.goError;
  const latest: LatestProbe = { url: redactedURL(latestURL), status: t.status, ms: Math.round(t.totalMs), timeout: t.error?.kind === 'timeout' };
  if (t.status === 200) {
    const text = t.body.toString('utf8');
    const bad = goJSONError(text);
    if (bad) latest.invalid = bad;
    else latest.version = (JSON.parse(text || 'null') as { Version?: string } | null)?.Version;
  } else latest.goError = t.goError;
  return { base: redactedURL(base), module, list, latest };
}
