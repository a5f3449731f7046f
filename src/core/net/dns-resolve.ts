import * as dns from 'node:dns';
import * as net from 'node:net';
import type { Host } from '../model/host';

/** What went wrong with a lookup, in the classes Go's resolver distinguishes. */
export type DnsFailure = 'nxdomain' | 'servfail' | 'timeout' | 'temporary' | 'refused' | 'no-data' | 'other';

export interface DnsAddress {
  address: string;
  family: 4 | 6;
}

export interface DnsAnswer {
  /** 'system' or the configured resolver (ip or ip:port). */
  resolver: string;
  name: string;
  addresses: DnsAddress[];
  /** Set when no address came back. */
  failure?: DnsFailure;
  /** Node's error code (ENOTFOUND, EAI_AGAIN, ESERVFAIL, ETIMEOUT...). */
  code?: string;
  message?: string;
  ms: number;
}

/** Literal IPs need no resolver: Go dials them as they are (net/ipsock.go). */
export function literalAddress(hostname: string): DnsAddress | null {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const v = net.isIP(h);
  return v === 4 || v === 6 ? { address: h, family: v } : null;
}

/** getaddrinfo / c-ares error codes → the failure class. */
export function failureOf(code: string | undefined): DnsFailure {
  switch (code) {
    case 'ENOTFOUND': case 'EAI_NONAME': case 'EAI_NODATA':
      return 'nxdomain';
    case 'ESERVFAIL': case 'EAI_FAIL':
      return 'servfail';
    case 'ETIMEOUT': case 'ETIMEDOUT': case 'ABORT_ERR':
      return 'timeout';
    // getaddrinfo folds SERVFAIL and silence into one "temporary failure".
    case 'EAI_AGAIN':
      return 'temporary';
    case 'EREFUSED': case 'ECONNREFUSED':
      return 'refused';
    case 'ENODATA':
      return 'no-data';
    default:
      return 'other';
  }
}

function withTimeout<T>(p: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined, onStop: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = (why: string) => {
      onStop();
      reject(Object.assign(new Error(why), { code: 'ETIMEOUT' }));
    };
    const t = setTimeout(() => stop(`no answer within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => stop('cancelled');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * The system resolver as a Go program on this machine uses it: all addresses, in the order
 * given (Go sorts by RFC 6724 itself; the set is what matters here).
 */
export async function lookupSystem(host: Host, name: string, timeoutMs: number, signal?: AbortSignal): Promise<DnsAnswer> {
  const t0 = Date.now();
  const lit = literalAddress(name);
  if (lit) return { resolver: 'system', name, addresses: [lit], ms: 0 };
  const run = host.lookup
    ? host.lookup(name, signal)
    : dns.promises.lookup(name, { all: true, verbatim: true }).then((xs) => xs.map((x) => ({ address: x.address, family: x.family === 6 ? 6 as const : 4 as const })));
  try {
    const addresses = await withTimeout(run, timeoutMs, signal, () => {});
    if (addresses.length === 0) return { resolver: 'system', name, addresses, failure: 'no-data', code: 'ENODATA', message: 'no addresses', ms: Date.now() - t0 };
    return { resolver: 'system', name, addresses, ms: Date.now() - t0 };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { resolver: 'system', name, addresses: [], failure: failureOf(err.code), code: err.code, message: err.message, ms: Date.now() - t0 };
  }
}

/**
 * Asks one configured resolver (ip or ip:port, as `dns.Resolver.setServers` takes) for A and
 * AAAA in parallel. NXDOMAIN/SERVFAIL for either type is reported; an empty type is not.
 */
export async function lookupWith(server: string, name: string, timeoutMs: number, signal?: AbortSignal): Promise<DnsAnswer> {
  const t0 = Date.now();
  const lit = literalAddress(name);
  if (lit) return { resolver: server, name, addresses: [lit], ms: 0 };
  const resolver = new dns.promises.Resolver({ timeout: Math.max(1, timeoutMs), tries: 1 });
  try {
    resolver.setServers([server]);
  } catch (e) {
    return { resolver: server, name, addresses: [], failure: 'other', code: 'EINVAL', message: `invalid resolver address ${server}: ${(e as Error).message}`, ms: 0 };
  }
  const settle = (p: Promise<string[]>) => withTimeout(p, timeoutMs, signal, () => resolver.cancel()).then(
    (xs) => ({ ok: xs as string[] }),
    (e: NodeJS.ErrnoException) => ({ err: e }),
  );
  const [a, aaaa] = await Promise.all([settle(resolver.resolve4(name)), settle(resolver.resolve6(name))]);
  const addresses: DnsAddress[] = [];
  if ('ok' in a) for (const x of a.ok) addresses.push({ address: x, family: 4 });
  if ('ok' in aaaa) for (const x of aaaa.ok) addresses.push({ address: x, family: 6 });
  const ms = Date.now() - t0;
  if (addresses.length > 0) return { resolver: server, name, addresses, ms };
  // Prefer the most telling error: NXDOMAIN/SERVFAIL/timeout over "no data" for one type.
  const errs = [a, aaaa].flatMap((r) => ('err' in r ? [r.err] : []));
  const rank = (e: NodeJS.ErrnoException) => ['nxdomain', 'servfail', 'timeout', 'temporary', 'refused', 'other', 'no-data'].indexOf(failureOf(e.code));
  errs.sort((x, y) => rank(x) - rank(y));
  const e = errs[0];
  if (!e) return { resolver: server, name, addresses, failure: 'no-data', code: 'ENODATA', message: 'no A or AAAA records', ms };
  return { resolver: server, name, addresses, failure: failureOf(e.code), code: e.code, message: e.message, ms };
}

/** The nameservers of /etc/resolv.conf (Go's pure resolver names the one it asked). */
export function parseResolvConf(text: string): { nameservers: string[]; options: string[] } {
  const nameservers: string[] = [];
  const options: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (f[0] === 'nameserver' && f[1]) nameservers.push(f[1]);
    if (f[0] === 'options') options.push(...f.slice(1));
  }
  return { nameservers, options };
}

/**
 * The error text go prints for a failed lookup (`net` package, dnsclient_unix.go /
 * cgo_unix.go). Go's pure resolver names the server it asked; the cgo one does not.
 */
export function goLookupError(name: string, failure: DnsFailure, server?: string): string {
  const on = server ? ` on ${withDnsPort(server)}` : '';
  switch (failure) {
    case 'nxdomain': case 'no-data':
      return `dial tcp: lookup ${name}${on}: no such host`;
    case 'servfail': case 'refused':
      return server ? `dial tcp: lookup ${name}${on}: server misbehaving` : `dial tcp: lookup ${name}: Temporary failure in name resolution`;
    case 'timeout':
      return server ? `dial tcp: lookup ${name}${on}: i/o timeout` : `dial tcp: lookup ${name}: Temporary failure in name resolution`;
    case 'temporary':
      return `dial tcp: lookup ${name}: Temporary failure in name resolution`;
    default:
      return `dial tcp: lookup ${name}${on}: no such host`;
  }
}

/** `1.2.3.4` → `1.2.3.4:53`, `::1` → `[::1]:53`; an address with a port is kept. */
export function withDnsPort(server: string): string {
  if (net.isIP(server) === 4) return `${server}:53`;
  if (net.isIP(server) === 6) return `[${server}]:53`;
  return server;
}
