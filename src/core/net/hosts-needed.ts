import type { GoEnvironment } from '../model/environment';
import { parseGoVersion, versionAtLeast } from '../env/go-version';
import { parseGoproxy } from '../parse/goproxy-list';
import { parseGosumdb } from '../parse/gosumdb';
import { proxyForURL, type ProxyEnvVariant } from './proxy-env';

export type HostRole = 'goproxy' | 'sumdb' | 'http-proxy';

/** One server the current setup makes go talk to, and how go reaches it. */
export interface NeededHost {
  role: HostRole;
  /** The URL go asks (GOPROXY entry, checksum DB base, or the HTTP proxy itself). */
  url: URL;
  /** Host name without brackets; what DNS and certificate checks use. */
  hostname: string;
  port: number;
  /** Plain words: "GOPROXY entry 1 (https://proxy.golang.org)". */
  label: string;
  /** The HTTP proxy go sends this URL through (null = go connects directly). */
  proxy: URL | null;
  proxyReason: string;
  /** The variable the proxy came from (HTTPS_PROXY, https_proxy, ...). */
  proxyVariable?: string;
  /** go refuses the request before connecting (CGI rule). */
  proxyError?: string;
  /** For role http-proxy: the labels of the hosts reached through it. */
  serves?: string[];
}

/**
 * Which generation of x/net httpproxy the go binary carries (go ≤ 1.21 vendors the old one).
 * An unknown version gets the newest rules, as everywhere else (chain-inputs.ts chainInputs).
 */
export function proxyVariantOf(goVersion: string | null): ProxyEnvVariant {
  const v = parseGoVersion(goVersion);
  return v && !versionAtLeast(v, 1, 22) ? 'go1.19' : 'current';
}

function portOf(u: URL): number {
  if (u.port) return Number(u.port);
  if (u.protocol === 'https:') return 443;
  if (u.protocol === 'http:') return 80;
  if (u.protocol === 'socks5:' || u.protocol === 'socks5h:') return 1080;
  return 0;
}

function hostnameOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '');
}

/**
 * The hosts the current setup needs, each once: every http(s) GOPROXY entry go would use
 * (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:61-127), the checksum database when go
 * reaches it itself (an explicit GOSUMDB URL, or no proxy entry to route it through —
 * sumdb.go:143-193), and each HTTP proxy go would send them through (x/net httpproxy).
 * With proxy entries and no explicit URL, go first asks each proxy's
 * `/sumdb/<name>/supported`; whether it then goes to `https://<name>` is decided by those
 * answers, which the protocol checks observe.
 */
export function neededHosts(env: GoEnvironment): NeededHost[] {
  const v = (k: string) => env.vars[k]?.value ?? env.os[k] ?? '';
  const variant = proxyVariantOf(env.go.version);
  const out: NeededHost[] = [];
  const seen = new Set<string>();
  const gonoproxy = v('GONOPROXY') || v('GOPRIVATE');
  const list = parseGoproxy(v('GOPROXY'), gonoproxy, env.platform, env.go.version);
  const urls: Array<{ url: URL; role: HostRole; label: string }> = [];
  if (!list.error) {
    let i = 0;
    for (const e of list.entries) {
      if (e.kind !== 'url' || !e.url) continue;
      i++;
      let u: URL;
      try {
        u = new URL(e.url);
      } catch {
        continue;
      }
      if (u.protocol !== 'https:' && u.protocol !== 'http:') continue;
      urls.push({ url: u, role: 'goproxy', label: `GOPROXY entry ${i} (${u.origin}${u.pathname === '/' ? '' : u.pathname})` });
    }
  }
  const sumdb = parseGosumdb(v('GOSUMDB'), env.go.version);
  if (!sumdb.off && !sumdb.error && sumdb.name) {
    const hasProxy = urls.length > 0;
    const base = sumdb.url ?? (hasProxy ? null : `https://${sumdb.name}`);
    if (base) {
      try {
        urls.push({ url: new URL(base), role: 'sumdb', label: `checksum database ${sumdb.name}${sumdb.url ? ` at ${sumdb.url}` : ''}` });
      } catch {
        // an unparsable URL is the syntax checks' business
      }
    }
  }
  const proxies = new Map<string, NeededHost>();
  for (const { url, role, label } of urls) {
    const key = `${url.protocol}//${url.host}`;
    const choice = proxyForURL(url, env.os, variant);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({
        role, url, hostname: hostnameOf(url), port: portOf(url), label,
        proxy: choice.proxy, proxyReason: choice.reason,
        ...(choice.variable ? { proxyVariable: choice.variable } : {}),
        ...(choice.error ? { proxyError: choice.error } : {}),
      });
    }
    if (choice.proxy && !choice.error) {
      const pk = choice.proxy.href;
      let p = proxies.get(pk);
      if (!p) {
        p = {
          role: 'http-proxy', url: choice.proxy, hostname: hostnameOf(choice.proxy), port: portOf(choice.proxy),
          label: `HTTP proxy ${choice.proxy.protocol}//${choice.proxy.host} (${choice.variable ?? 'proxy variable'})`,
          proxy: null, proxyReason: 'go connects to the proxy itself directly', serves: [],
          ...(choice.variable ? { proxyVariable: choice.variable } : {}),
        };
        proxies.set(pk, p);
      }
      p.serves!.push(label);
    }
  }
  return [...out, ...proxies.values()];
}

/** Hosts go resolves itself: those it connects to directly (a proxy resolves the others). */
export function resolvedByGo(hosts: NeededHost[]): NeededHost[] {
  const seen = new Set<string>();
  return hosts.filter((h) => {
    if (h.proxy || h.proxyError) return false;
    if (seen.has(h.hostname)) return false;
    seen.add(h.hostname);
    return true;
  });
}
