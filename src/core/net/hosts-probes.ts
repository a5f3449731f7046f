import type * as net from 'node:net';
import type { CheckContext } from '../model/check';
import { lookupSystem, lookupWith, goLookupError, parseResolvConf, type DnsAnswer } from './dns-resolve';
import { neededHosts, type NeededHost } from './hosts-needed';
import { dialTcp, joinHostPort, probeTcp, tcpFailure, type TcpResult } from './tcp-connect';
import { openTunnel, type TunnelResult } from './connect-tunnel';
import { probeTls, type TlsProbeResult } from './tls-probe';
import { loadGoTrust, bundledRoots, type GoTrust } from './tls-trust';
import { verifyLikeGo, type GoVerifyResult } from './tls-verify';

/**
 * Probes shared by the DNS, connection and TLS checks of one run: each host is resolved,
 * connected to and handshaken with once (ctx.memo), whichever check asks first. The work is
 * bounded by the run's per-step time limit, not by the first asker's signal, so one check
 * timing out does not spoil the answer for the others; each asker waits under its own signal.
 */

export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function hostsOf(ctx: CheckContext): Promise<NeededHost[]> {
  return ctx.memo('net:hosts', async () => neededHosts(ctx.env));
}

export interface DnsReport {
  name: string;
  system: DnsAnswer;
  configured: DnsAnswer[];
  /** The nameserver go's pure resolver would name in its errors (first of /etc/resolv.conf). */
  nameserver?: string;
}

export function resolvConfOf(ctx: CheckContext): Promise<{ nameservers: string[]; options: string[] }> {
  return ctx.memo('net:resolv.conf', async () => {
    if (ctx.host.platform === 'windows') return { nameservers: [], options: [] };
    try {
      return parseResolvConf((await ctx.host.readFile('/etc/resolv.conf', 1 << 20)).toString('utf8'));
    } catch {
      return { nameservers: [], options: [] };
    }
  });
}

export function dnsOf(ctx: CheckContext, name: string): Promise<DnsReport> {
  return ctx.memo(`net:dns:${name}`, async () => {
    const t = ctx.options.timeoutMs;
    const [system, configured, rc] = await Promise.all([
      lookupSystem(ctx.host, name, t),
      Promise.all(ctx.options.resolvers.map((r) => lookupWith(r, name, t))),
      resolvConfOf(ctx),
    ]);
    return { name, system, configured, ...(rc.nameservers[0] ? { nameserver: rc.nameservers[0] } : {}) };
  });
}

export function tcpOf(ctx: CheckContext, address: string, family: 4 | 6, port: number): Promise<TcpResult> {
  return ctx.memo(`net:tcp:${joinHostPort(address, port)}`, () => probeTcp(address, family, port, ctx.options.timeoutMs));
}

export function tunnelOf(ctx: CheckContext, proxy: URL, target: string): Promise<TunnelResult> {
  return ctx.memo(`net:connect:${proxy.href}:${target}`, async () => {
    const rc = await resolvConfOf(ctx);
    const r = await openTunnel(ctx.host, proxy, target, ctx.options.timeoutMs, undefined, rc.nameservers[0]);
    r.socket?.destroy();
    const { socket: _s, ...rest } = r;
    return rest;
  });
}

/** A byte stream to `h` along go's route; errors carry `goError` in go's words. */
export function opener(ctx: CheckContext, h: NeededHost): () => Promise<net.Socket> {
  const target = joinHostPort(h.hostname, h.port);
  return async () => {
    const t = ctx.options.timeoutMs;
    if (h.proxyError) throw Object.assign(new Error(h.proxyError), { goError: h.proxyError });
    if (h.proxy) {
      const r = await openTunnel(ctx.host, h.proxy, target, t);
      if (!r.socket) throw Object.assign(new Error(r.failure?.goError ?? 'CONNECT failed'), { goError: r.failure?.goError, code: r.failure?.timedOut ? 'ETIMEDOUT' : undefined });
      return r.socket;
    }
    const d = await dnsOf(ctx, h.hostname);
    if (d.system.failure) {
      const goError = goLookupError(h.hostname, d.system.failure);
      throw Object.assign(new Error(goError), { goError });
    }
    let last: Error | undefined;
    // Go's dialer tries the addresses in order (dialSerial), each with its share of the time.
    for (const a of d.system.addresses) {
      try {
        return await dialTcp(a.address, h.port, t);
      } catch (e) {
        const f = tcpFailure((e as NodeJS.ErrnoException).code, joinHostPort(a.address, h.port));
        last = Object.assign(new Error(f.goError), { goError: f.goError, code: (e as NodeJS.ErrnoException).code });
      }
    }
    throw last ?? Object.assign(new Error('no address'), { goError: goLookupError(h.hostname, 'no-data') });
  };
}

export function goTrustOf(ctx: CheckContext): Promise<GoTrust> {
  return ctx.memo('net:trust:go', () => loadGoTrust(ctx.host, ctx.env.os, ctx.env.platform));
}

export interface TlsReport {
  host: NeededHost;
  probe: TlsProbeResult;
  /** Verified against go's roots, at the local clock. */
  go?: GoVerifyResult;
  /** Verified against Node's bundled Mozilla roots (what a public CA chain should pass). */
  mozilla?: GoVerifyResult;
  trust: GoTrust;
}

/** The TLS picture of one https host, probed once per run. */
export function tlsOf(ctx: CheckContext, h: NeededHost): Promise<TlsReport> {
  return ctx.memo(`net:tls:${h.url.protocol}//${h.url.host}${h.proxy ? ` via ${h.proxy.href}` : ''}`, async () => {
    const [probe, trust] = await Promise.all([
      probeTls(opener(ctx, h), new URL(h.url.href), Math.min(ctx.options.timeoutMs, 10_000)),
      goTrustOf(ctx),
    ]);
    if (probe.handshake !== 'ok' || probe.presented.length === 0) return { host: h, probe, trust };
    const now = new Date(probe.at);
    const go = verifyLikeGo(probe.presented, probe.hostname, trust.pool, now, trust.poolError);
    const mozilla = verifyLikeGo(probe.presented, probe.hostname, bundledRoots(), now);
    return { host: h, probe, go, mozilla, trust };
  });
}

/** The https hosts go makes TLS connections to (proxies excluded unless https://). */
export async function tlsHostsOf(ctx: CheckContext): Promise<NeededHost[]> {
  return (await hostsOf(ctx)).filter((h) => h.url.protocol === 'https:');
}
