import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Host } from '../model/host';
import { lookupSystem, goLookupError } from './dns-resolve';
import { dialTcp, joinHostPort, tcpFailure } from './tcp-connect';
import { goQuote } from './socket-peek';

/** Go gives up on a CONNECT answer after one minute when the request has no deadline (transport.go:1683-1688). */
export const GO_CONNECT_WAIT_MS = 60_000;
/**
 * Go reads a CONNECT answer with no size limit (transport.go dialConn: http.ReadResponse on a
 * plain bufio.Reader, MaxResponseHeaderBytes is not applied), its memory growing, until the
 * one-minute CONNECT deadline fails it with `context deadline exceeded` (observed with
 * go1.19.8 against a proxy flooding header lines: gigabytes read, no other error). The doctor
 * stops reading here and names what go would end with.
 */
export const MAX_CONNECT_HEAD_BYTES = 64 * 1024;
export const CONNECT_FLOOD_DETAIL = `the proxy sends CONNECT answer headers without end (more than ${MAX_CONNECT_HEAD_BYTES / 1024} KiB); go reads them with no size limit, its memory growing, until its one-minute CONNECT deadline, then fails with "context deadline exceeded"`;

export type TunnelStage = 'proxy-dns' | 'proxy-tcp' | 'proxy-tls' | 'connect';

export interface TunnelFailure {
  stage: TunnelStage;
  /** CONNECT answer status, when there was one. */
  status?: number;
  statusLine?: string;
  /** The cause as go prints it after `Get "<url>": `. */
  goError: string;
  /** Our own words, when go's text alone does not say it. */
  detail?: string;
  timedOut?: boolean;
  /** Response headers of a refused CONNECT (Proxy-Authenticate tells which auth scheme). */
  headers?: Record<string, string>;
}

export interface TunnelResult {
  ok: boolean;
  socket?: net.Socket;
  failure?: TunnelFailure;
  /** Where the proxy itself was dialled. */
  proxyAddress?: string;
  ms: number;
}

export interface ParsedStatus {
  code: number;
  /** What go returns as the error for a non-200 CONNECT: the text after the code. */
  goText: string;
  headers: Record<string, string>;
}

/**
 * Parses a CONNECT answer's head as net/http ReadResponse does and names the error the
 * transport returns (go@1.19.8 src/net/http/response.go:157-181, transport.go:1721-1728):
 * a non-200 answer becomes an error whose text is the status line after the code
 * (`Proxy Authentication Required`), or `unknown status code` when there is no reason text.
 */
export function parseConnectAnswer(head: string): ParsedStatus | { malformed: string } {
  const lines = head.split('\r\n');
  const line = lines[0] ?? '';
  const sp = line.indexOf(' ');
  if (sp < 0) return { malformed: `malformed HTTP response ${goQuote(line)}` };
  const proto = line.slice(0, sp);
  const status = line.slice(sp + 1).replace(/^ +/, '');
  const codeText = status.split(' ')[0];
  if (codeText.length !== 3 || !/^\d{3}$/.test(codeText)) return { malformed: `malformed HTTP status code ${goQuote(codeText)}` };
  if (!/^HTTP\/\d\.\d$/.test(proto)) return { malformed: `malformed HTTP version ${goQuote(proto)}` };
  const code = Number(codeText);
  const rest = status.indexOf(' ');
  const goText = rest < 0 ? 'unknown status code' : status.slice(rest + 1);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  return { code, goText, headers };
}

/** `Proxy-Authorization` from the proxy URL's userinfo, percent-decoded as Go does (transport.go proxyAuth). */
export function proxyAuthorization(proxy: URL): string | null {
  if (!proxy.username && !proxy.password) return null;
  const dec = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
  return `Basic ${Buffer.from(`${dec(proxy.username)}:${dec(proxy.password)}`).toString('base64')}`;
}

export interface ConnectHead { head?: string; rest?: Buffer; error?: string; timedOut?: boolean; flood?: boolean }

/** Reads a CONNECT answer's head as go does (bufio + textproto), bounded in time and size. */
export function readHead(sock: net.Socket, timeoutMs: number, signal?: AbortSignal): Promise<ConnectHead> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const finish = (r: ConnectHead) => {
      clearTimeout(t);
      sock.off('data', onData);
      sock.off('error', onError);
      sock.off('end', onEnd);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onData = (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      const i = buf.indexOf('\r\n\r\n');
      if (i >= 0) {
        sock.pause();
        finish({ head: buf.subarray(0, i).toString('latin1'), rest: buf.subarray(i + 4) });
      } else if (buf.length > MAX_CONNECT_HEAD_BYTES) {
        sock.pause();
        finish({ error: 'context deadline exceeded', flood: true });
      }
    };
    // Go reads with bufio; an early close mid-head is io.ErrUnexpectedEOF, none at all is EOF.
    // A first line cut by EOF (shorter than bufio's 4 KiB) still reaches go as a line: when it
    // is no valid status line go names it (`malformed HTTP status code "20"`, observed with
    // go1.19.8); a valid one then meets EOF in the headers.
    const onEnd = () => {
      const text = buf.toString('latin1');
      if (buf.length > 0 && buf.length < 4096 && !text.includes('\n') && 'malformed' in parseConnectAnswer(text)) return finish({ head: text });
      finish({ error: buf.length ? 'unexpected EOF' : 'EOF' });
    };
    const onError = (e: NodeJS.ErrnoException) => finish({ error: e.code === 'ECONNRESET' ? 'read: connection reset by peer' : e.message });
    const onAbort = () => finish({ error: 'context canceled', timedOut: true });
    const t = setTimeout(() => finish({ error: 'context deadline exceeded', timedOut: true }), timeoutMs);
    sock.on('data', onData);
    sock.on('error', onError);
    sock.on('end', onEnd);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Opens a tunnel to `target` (host:port) through an HTTP(S) proxy exactly as Go's transport
 * does: TCP (and TLS for an https:// proxy) to the proxy, then `CONNECT host:port` with
 * `Proxy-Authorization` from the URL's userinfo. Errors carry go's words: dial failures are
 * wrapped as `proxyconnect tcp: ...` (transport.go:1575-1580), a refused CONNECT is the bare
 * status text (transport.go:1721-1728).
 */
export async function openTunnel(host: Host, proxy: URL, target: string, timeoutMs: number, signal?: AbortSignal, nameserver?: string): Promise<TunnelResult> {
  const t0 = Date.now();
  const phost = proxy.hostname.replace(/^\[|\]$/g, '');
  const pport = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const dnsAns = await lookupSystem(host, phost, timeoutMs, signal);
  if (dnsAns.failure) {
    // go's own resolver names the server it asked (nameserver of resolv.conf); getaddrinfo's
    // "temporary failure" does not say which of its texts go would print, so none is named.
    const ns = dnsAns.failure === 'temporary' ? undefined : nameserver;
    return { ok: false, ms: Date.now() - t0, failure: { stage: 'proxy-dns', goError: `proxyconnect tcp: ${goLookupError(phost, dnsAns.failure, ns)}`, detail: dnsAns.message } };
  }
  let sock: net.Socket | undefined;
  let lastErr: TunnelFailure | undefined;
  let proxyAddress = '';
  for (const a of dnsAns.addresses) {
    proxyAddress = joinHostPort(a.address, pport);
    try {
      sock = await dialTcp(a.address, pport, timeoutMs, signal);
      break;
    } catch (e) {
      const f = tcpFailure((e as NodeJS.ErrnoException).code, proxyAddress);
      lastErr = { stage: 'proxy-tcp', goError: `proxyconnect tcp: ${f.goError}`, timedOut: f.outcome === 'timeout' };
    }
  }
  if (!sock) return { ok: false, ms: Date.now() - t0, proxyAddress, failure: lastErr ?? { stage: 'proxy-tcp', goError: 'proxyconnect tcp: no address' } };
  let conn: net.Socket = sock;
  if (proxy.protocol === 'https:') {
    try {
      conn = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const s = tls.connect({ socket: sock, servername: net.isIP(phost) ? undefined : phost, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
        const t = setTimeout(() => { s.destroy(); reject(Object.assign(new Error('net/http: TLS handshake timeout'), { code: 'ETIMEDOUT' })); }, timeoutMs);
        s.once('secureConnect', () => { clearTimeout(t); resolve(s); });
        s.once('error', (e) => { clearTimeout(t); reject(e); });
      });
    } catch (e) {
      sock.destroy();
      const msg = (e as Error).message;
      const goError = /wrong version number|packet length too long|unknown protocol/i.test(msg) ? 'proxyconnect tcp: tls: first record does not look like a TLS handshake' : `proxyconnect tcp: ${msg}`;
      return { ok: false, ms: Date.now() - t0, proxyAddress, failure: { stage: 'proxy-tls', goError } };
    }
  }
  const auth = proxyAuthorization(proxy);
  conn.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: Go-http-client/1.1\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
  const r = await readHead(conn, timeoutMs, signal);
  const fail = (f: TunnelFailure): TunnelResult => { conn.destroy(); return { ok: false, ms: Date.now() - t0, proxyAddress, failure: f }; };
  if (r.error !== undefined || r.head === undefined) {
    return fail({ stage: 'connect', goError: r.error ?? 'EOF', timedOut: r.timedOut, detail: r.flood ? CONNECT_FLOOD_DETAIL : r.timedOut ? `the proxy accepted the connection but did not answer CONNECT within ${timeoutMs} ms; go waits up to one minute, then fails with "context deadline exceeded"` : undefined });
  }
  const parsed = parseConnectAnswer(r.head);
  if ('malformed' in parsed) return fail({ stage: 'connect', goError: parsed.malformed, statusLine: r.head.split('\r\n')[0] });
  if (parsed.code !== 200) {
    return fail({ stage: 'connect', status: parsed.code, statusLine: r.head.split('\r\n')[0], goError: parsed.goText, headers: parsed.headers });
  }
  if (r.rest && r.rest.length) conn.unshift(r.rest);
  conn.resume();
  return { ok: true, socket: conn, ms: Date.now() - t0, proxyAddress };
}
