import type { CheckContext } from '../../model/check';
import type { Fix } from '../../model/result';
import { detectCachingLayers, type CachingLayer } from '../../net/dns-classify';
import type { DnsAnswer } from '../../net/dns-resolve';
import { dnsOf, hostsOf, type DnsReport } from '../../net/hosts-probes';
import { resolvedByGo, type NeededHost } from '../../net/hosts-needed';

/** The names go resolves itself for this setup, each with its answers (probed once per run). */
export async function resolvedHosts(ctx: CheckContext): Promise<Array<{ host: NeededHost; dns: DnsReport }>> {
  const hosts = resolvedByGo(await hostsOf(ctx));
  return Promise.all(hosts.map(async (host) => ({ host, dns: await dnsOf(ctx, host.hostname) })));
}

export function cachingLayersOf(ctx: CheckContext): Promise<CachingLayer[]> {
  return ctx.memo('net:dns:caches', () => detectCachingLayers(ctx.host));
}

/** Flush commands for the caches found: an answer may be stale there after a fix upstream. */
export function flushFixes(layers: CachingLayer[]): Fix[] {
  return layers.map((l) => ({ title: `Flush the ${l.name} cache (${l.evidence})`, preferred: false, kind: 'command' as const, command: l.flush }));
}

export function describeAnswer(a: DnsAnswer): string {
  const who = a.resolver === 'system' ? 'system resolver' : `resolver ${a.resolver}`;
  if (a.failure) return `${who}: ${a.name} → ${a.failure}${a.code ? ` (${a.code})` : ''} after ${a.ms} ms`;
  return `${who}: ${a.name} → ${a.addresses.map((x) => x.address).join(', ')} in ${a.ms} ms`;
}

export function hostWord(h: NeededHost): string {
  return h.role === 'http-proxy' ? `the HTTP proxy ${h.hostname}` : `${h.hostname} (${h.label})`;
}

export const NO_HOSTS = 'the current setup names no host that go resolves itself (no http(s) GOPROXY entry, no directly reached checksum database or HTTP proxy)';
