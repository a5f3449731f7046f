import { X509Certificate } from 'node:crypto';
import { FirstBytes, goFirstRecordError, tapSocket } from './socket-peek';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';

/** Opens the byte stream to the server (direct TCP, or a CONNECT tunnel). */
export type OpenStream = () => Promise<net.Socket>;

export interface HttpAnswer {
  protocol: 'h2' | 'http/1.1';
  status?: number;
  /** The `Date` header (server clock). */
  date?: string;
  error?: string;
  ms: number;
}

export interface TlsProbeResult {
  /** Name go verifies and sends as SNI (none for an IP literal: crypto/tls omits it). */
  hostname: string;
  sni: string | null;
  handshake: 'ok' | 'failed';
  /** 'open': the path to the server failed (DNS, TCP, CONNECT) before any TLS byte. */
  failedAt?: 'open' | 'handshake';
  /** go's words for a failed handshake (`net/http: TLS handshake timeout`, `EOF`, ...). */
  goError?: string;
  code?: string;
  alpn: string | null;
  tlsVersion?: string;
  /** The chain as the server sent it, leaf first. */
  presented: X509Certificate[];
  /** Node's local clock when the handshake finished (for validity and skew). */
  at: number;
  http?: HttpAnswer;
  /** HTTP/1.1 retried on a fresh connection because HTTP/2 failed. */
  http1?: HttpAnswer;
  ms: number;
}

/** go's TLS handshake limit (DefaultTransport.TLSHandshakeTimeout, net/http/transport.go:52). */
export const GO_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * The chain exactly as presented. `ca: []` keeps Node from completing the chain from its
 * own root store, so what is listed is what the server sent.
 */
function presentedChain(s: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true) as tls.DetailedPeerCertificate;
  while (c && c.raw && out.length < 200) {
    let x: X509Certificate;
    try {
      x = new X509Certificate(c.raw);
    } catch {
      break;
    }
    if (seen.has(x.fingerprint256)) break;
    seen.add(x.fingerprint256);
    out.push(x);
    c = c.issuerCertificate;
  }
  return out;
}

function handshakeGoError(e: NodeJS.ErrnoException & { reason?: string }, timedOut: boolean, addrs: string): string {
  if (timedOut) return 'net/http: TLS handshake timeout';
  const m = `${e.code ?? ''} ${e.message}`;
  if (/WRONG_VERSION_NUMBER|packet length too long|http request/i.test(m)) return 'http: server gave HTTP response to HTTPS client';
  if (e.code === 'ECONNRESET' && /ECONNRESET|reset/i.test(e.message)) return `read tcp ${addrs}: read: connection reset by peer`;
  if (/socket disconnected|ECONNRESET|EOF/i.test(m)) return 'EOF';
  if (/alert handshake failure|sslv3 alert handshake failure/i.test(m)) return 'remote error: tls: handshake failure';
  if (/alert protocol version|unsupported protocol/i.test(m)) return 'remote error: tls: protocol version not supported';
  return `tls: ${e.message}`;
}

function handshake(sock: net.Socket, hostname: string, alpn: string[], timeoutMs: number, signal?: AbortSignal): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const sni = net.isIP(hostname) ? undefined : hostname;
    // go names a first record that is not TLS from its header bytes (socket-peek.ts).
    const seen = new FirstBytes();
    const s = tls.connect({ socket: tapSocket(sock, seen), servername: sni, ALPNProtocols: alpn, rejectUnauthorized: false, ca: [] });
    let timedOut = false;
    const addrs = `${sock.localAddress}:${sock.localPort}->${sock.remoteAddress}:${sock.remotePort}`;
    const finish = (err?: Error) => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        s.destroy();
        const fromRecord = timedOut ? null : goFirstRecordError(seen.bytes);
        reject(Object.assign(err, { goError: fromRecord ?? handshakeGoError(err as NodeJS.ErrnoException, timedOut, addrs) }));
      } else resolve(s);
    };
    const onAbort = () => finish(new Error('cancelled'));
    const t = setTimeout(() => { timedOut = true; finish(Object.assign(new Error(`no TLS handshake within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })); }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    s.once('secureConnect', () => finish());
    s.once('error', (e) => finish(e));
    s.once('end', () => finish(Object.assign(new Error('socket disconnected before the handshake finished'), { code: 'ECONNRESET' })));
  });
}

/** One HTTP/1.1 GET over an open TLS socket; only the head is read (bounded). */
function http1Get(s: tls.TLSSocket, url: URL, timeoutMs: number): Promise<HttpAnswer> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const done = (a: Omit<HttpAnswer, 'ms' | 'protocol'>) => {
      clearTimeout(t);
      s.removeAllListeners('data');
      s.destroy();
      resolve({ protocol: 'http/1.1', ...a, ms: Date.now() - t0 });
    };
    const t = setTimeout(() => done({ error: `no HTTP answer within ${timeoutMs} ms` }), timeoutMs);
    s.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      const i = buf.indexOf('\r\n\r\n');
      if (i < 0 && buf.length < 64 * 1024) return;
      const head = buf.subarray(0, i < 0 ? buf.length : i).toString('latin1').split('\r\n');
      const m = /^HTTP\/\d\.\d (\d{3})/.exec(head[0] ?? '');
      if (!m) return done({ error: `malformed HTTP response ${JSON.stringify(head[0] ?? '')}` });
      const date = head.find((l) => /^date:/i.test(l))?.slice(5).trim();
      done({ status: Number(m[1]), ...(date ? { date } : {}) });
    });
    s.once('error', (e) => done({ error: e.message }));
    s.once('end', () => done({ error: buf.length ? 'unexpected EOF' : 'EOF' }));
    s.write(`GET ${url.pathname || '/'} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: Go-http-client/1.1\r\nConnection: close\r\n\r\n`);
  });
}

/** One HTTP/2 GET over a TLS socket that negotiated h2. */
function http2Get(s: tls.TLSSocket, url: URL, timeoutMs: number): Promise<HttpAnswer> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let session: http2.ClientHttp2Session | undefined;
    const done = (a: Omit<HttpAnswer, 'ms' | 'protocol'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      try { session?.destroy(); } catch { /* closed */ }
      s.destroy();
      resolve({ protocol: 'h2', ...a, ms: Date.now() - t0 });
    };
    const t = setTimeout(() => done({ error: `no HTTP/2 answer within ${timeoutMs} ms` }), timeoutMs);
    try {
      session = http2.connect(url.origin, { createConnection: () => s });
      session.on('error', (e) => done({ error: `http2: ${e.message}` }));
      session.on('goaway', (code) => done({ error: `http2: server sent GOAWAY and closed the connection; ErrCode=${code}` }));
      session.on('close', () => done({ error: 'http2: client connection lost' }));
      const req = session.request({ ':method': 'GET', ':path': url.pathname || '/', 'user-agent': 'Go-http-client/2.0' });
      req.on('response', (h) => {
        const date = h.date;
        done({ status: Number(h[':status']), ...(typeof date === 'string' ? { date } : {}) });
      });
      req.on('error', (e) => done({ error: `http2: ${e.message}` }));
      req.end();
    } catch (e) {
      done({ error: `http2: ${(e as Error).message}` });
    }
  });
}

/**
 * TLS as go's transport does it: SNI = the URL's host name (none for IP literals), ALPN
 * offering h2 then http/1.1 (net/http enables HTTP/2 for https by default), then one GET of
 * the URL's path for the `Date` header and to see the chosen protocol work. When HTTP/2
 * fails, HTTP/1.1 is tried on a fresh connection, as `GODEBUG=http2client=0` would make go do.
 * Verification is not done here (tls-verify.ts does it with go's roots).
 */
export async function probeTls(open: OpenStream, url: URL, timeoutMs: number, signal?: AbortSignal): Promise<TlsProbeResult> {
  const t0 = Date.now();
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const sni = net.isIP(hostname) ? null : hostname;
  const base = { hostname, sni, presented: [] as X509Certificate[], alpn: null as string | null, at: Date.now() };
  let sock: net.Socket;
  try {
    sock = await open();
  } catch (e) {
    return { ...base, handshake: 'failed', failedAt: 'open', goError: (e as { goError?: string }).goError ?? (e as Error).message, code: (e as NodeJS.ErrnoException).code, ms: Date.now() - t0 };
  }
  let s: tls.TLSSocket;
  try {
    s = await handshake(sock, hostname, ['h2', 'http/1.1'], timeoutMs, signal);
  } catch (e) {
    sock.destroy();
    return { ...base, handshake: 'failed', failedAt: 'handshake', goError: (e as { goError?: string }).goError, code: (e as NodeJS.ErrnoException).code, ms: Date.now() - t0 };
  }
  const presented = presentedChain(s);
  const alpn = s.alpnProtocol || null;
  const result: TlsProbeResult = { hostname, sni, handshake: 'ok', alpn, tlsVersion: s.getProtocol() ?? undefined, presented, at: Date.now(), ms: 0 };
  result.http = alpn === 'h2' ? await http2Get(s, url, timeoutMs) : await http1Get(s, url, timeoutMs);
  if (alpn === 'h2' && result.http.error && !signal?.aborted) {
    try {
      const s1 = await handshake(await open(), hostname, ['http/1.1'], timeoutMs, signal);
      result.http1 = await http1Get(s1, url, timeoutMs);
    } catch (e) {
      result.http1 = { protocol: 'http/1.1', error: (e as { goError?: string }).goError ?? (e as Error).message, ms: 0 };
    }
  }
  result.ms = Date.now() - t0;
  return result;
}
