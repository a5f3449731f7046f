/**
 * GET a URL the way the go command's web package does (go@1.19.8
 * src/cmd/go/internal/web/http.go, api.go) — same route (direct or the proxy x/net httpproxy
 * picks), same redirect policy, same error wording — but bounded: every request has a time
 * limit, a body cap and honours an AbortSignal, where go itself would wait forever.
 */
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { STATUS_CODES } from 'node:http';
import { createGunzip, gunzipSync } from 'node:zlib';
import { closeSync, constants as fsc, fstatSync, openSync, readSync, readdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { rootCertificates, connect as tlsConnect } from 'node:tls';
import * as netMod from 'node:net';
import { proxyForURL, type ProxyEnvVariant } from './proxy-env';
import { CONNECT_FLOOD_DETAIL, GO_CONNECT_WAIT_MS, parseConnectAnswer, proxyAuthorization, readHead } from './connect-tunnel';
import { certificateErrorText, retriesClientErrors } from './go-release-rules';
import { FirstBytes, goFirstRecordError, goStatusLineError, tapSocket, watchFirstBytes } from './socket-peek';

export interface GoGetOptions {
  /** Process environment go would see (HTTP(S)_PROXY, NO_PROXY, REQUEST_METHOD, SSL_CERT_FILE). */
  env: Record<string, string | undefined>;
  /** Time limit of the whole request including redirects and body. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bodies beyond this are cut (and `truncated` set). */
  maxBodyBytes?: number;
  /** Trusted roots (PEM). Default: what go reads on Linux (SSL_CERT_FILE or the system bundle). */
  ca?: string[];
  variant?: ProxyEnvVariant;
  /** The go release whose behaviour and wording apply (env.go.version); unknown = go1.19's. */
  goVersion?: string | null;
  /** Go's maximum number of redirects (web/http.go:56-58). */
  maxRedirects?: number;
  /** Connection pool of this go invocation (default: one shared by the process). */
  session?: HttpSession;
}

/** A new connection made for a request: its phases, as go's DefaultTransport makes them. */
export interface ConnectionTiming {
  origin: string;
  startedAt: number;
  /** Name lookup (absent for IP literals). */
  dnsMs?: number;
  /** TCP connected, from the start. */
  tcpMs?: number;
  /** TLS handshake done, from the start. */
  tlsMs?: number;
  /** ALPN result: "h2" or "http/1.1". */
  alpn?: string;
  error?: string;
  /** The proxy a CONNECT tunnel went through: dnsMs and tcpMs are then those of the proxy. */
  via?: string;
}

export interface HopTiming {
  url: string;
  /** The connection opened for this hop (through a CONNECT tunnel: `via`); absent when an idle one was reused or an http:// URL was forwarded by a proxy. */
  connection?: ConnectionTiming;
  /** ms from the start of this hop to the response headers. */
  headersMs?: number;
  /** ms from the start of this hop to the end of the body. */
  totalMs?: number;
  status?: number;
}

export type GetErrorKind =
  | 'timeout' | 'aborted' | 'refused' | 'reset' | 'dns' | 'tls' | 'proxy' | 'redirect' | 'credentials' | 'protocol' | 'other';

export interface GoGetResult {
  /** The URL asked for. */
  url: string;
  /** The URL of the last response (after redirects). */
  finalUrl: string;
  /** Status of the last response; absent on transport errors. */
  status?: number;
  statusText?: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
  /** The proxy used for the first hop, or null for direct. */
  proxy: string | null;
  proxyReason: string;
  httpVersion?: string;
  hops: HopTiming[];
  totalMs: number;
  /** Caching evidence headers seen on the last response. */
  cacheEvidence: Record<string, string>;
  /** Transport-level failure: no usable response. */
  error?: {
    kind: GetErrorKind; code?: string; message: string;
    /** For a timeout where go has a limit of its own (a silent CONNECT: one minute): go then fails with `goError`. */
    goLimitMs?: number;
  };
  /**
   * What go prints for this outcome when it is not a success (status ≠ 200 or error), e.g.
   * `reading <url>: 404 Not Found\n\tserver response: …` or `Get "<url>": dial tcp …`.
   */
  goError?: string;
}

const CACHE_HEADERS = ['age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'via', 'last-modified', 'etag', 'cache-control', 'date'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

let systemRoots: string[] | undefined;

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Files already read, by path, with the size and mtime they had (go reads its roots once per process). */
const pemCache = new Map<string, { stamp: string; certs: string[] }>();

/** A certificate bundle larger than this is not one (Debian's is about 200 KiB). */
const MAX_PEM_BYTES = 16 << 20;

function pemCerts(file: string): string[] | null {
  let fd = -1;
  try {
    // Non-blocking open and fstat of the open file: a FIFO or device named by SSL_CERT_FILE
    // (or found in SSL_CERT_DIR) is refused instead of blocking the process.
    fd = openSync(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_PEM_BYTES) return null;
    const stamp = `${st.mtimeMs}:${st.size}`;
    const hit = pemCache.get(file);
    if (hit && hit.stamp === stamp) return hit.certs;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n <= 0) break;
      off += n;
    }
    const certs = buf.subarray(0, off).toString('utf8').match(PEM_CERT) ?? [];
    if (pemCache.size > 1000) pemCache.clear();
    pemCache.set(file, { stamp, certs });
    return certs;
  } catch {
    return null;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * The roots go uses on Linux (go@1.19.8 src/crypto/x509/root_unix.go, root_linux.go):
 * SSL_CERT_FILE or the first readable system bundle, plus every file of the SSL_CERT_DIR
 * folders when that variable is set (the default folders hold the same certificates as the
 * Debian bundle, so they are not re-read).
 */
export function goRoots(env: Record<string, string | undefined>): string[] {
  let roots: string[];
  if (env.SSL_CERT_FILE) roots = pemCerts(env.SSL_CERT_FILE) ?? [];
  else {
    if (!systemRoots) {
      const files = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/pki/tls/cacert.pem', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', '/etc/ssl/cert.pem'];
      systemRoots = files.map(pemCerts).find((c) => c !== null) ?? [...rootCertificates];
    }
    roots = systemRoots;
  }
  if (env.SSL_CERT_DIR) {
    const extra: string[] = [];
    for (const dir of env.SSL_CERT_DIR.split(':').filter(Boolean)) {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const n of names) extra.push(...(pemCerts(joinPath(dir, n)) ?? []));
    }
    roots = [...roots, ...extra];
  }
  return roots;
}

/** Go's url.URL.Redacted: the password becomes xxxxx. */
export function redactedURL(u: URL | string): string {
  const url = typeof u === 'string' ? new URL(u) : new URL(u.href);
  if (url.password) url.password = 'xxxxx';
  return url.href;
}

/**
 * The detail go appends to a non-200 error (go@1.19.8 src/cmd/go/internal/web/http.go:202-213
 * and api.go:43-66,124-164): only for `text/plain` bodies in utf-8/us-ascii (or no charset);
 * dropped when not valid UTF-8 or holding a rune that is neither graphic nor space; lines up
 * to the first blank one, at most 8 lines and 648 bytes. Returns what follows the status.
 */
export function goServerDetail(contentType: string | undefined, body: Buffer): string {
  if (!contentType) return '';
  const [mt, ...params] = contentType.split(';').map((x) => x.trim());
  if (mt.toLowerCase() !== 'text/plain') return '';
  const charset = params.map((x) => x.split('=')).find(([k]) => k.trim().toLowerCase() === 'charset')?.[1]?.trim().replace(/^"|"$/g, '').toLowerCase() ?? '';
  if (charset !== '' && charset !== 'utf-8' && charset !== 'us-ascii') return '';
  const text = body.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(body)) return ''; // not valid UTF-8
  for (const ch of text) {
    if (!isGraphic(ch) && !isGoSpace(ch)) return '';
  }
  const maxLines = 8;
  const maxBytes = maxLines * 81;
  let detail = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/g, '') === '') break;
    if (i > 0) detail += '\n\t';
    if (i >= maxLines) {
      detail += '[Truncated: too many lines.]';
      break;
    }
    if (Buffer.byteLength(detail) + Buffer.byteLength(line) > maxBytes) {
      detail += '[Truncated: too long.]';
      break;
    }
    detail += line;
  }
  if (detail === '') return '';
  return `\n\tserver response:${detail.includes('\n') ? '\n\t' : ' '}${detail}`;
}

function isGraphic(ch: string): boolean {
  // unicode.IsGraphic: L, M, N, P, S and Zs.
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch);
}

function isGoSpace(ch: string): boolean {
  // unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and White_Space.
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** Go's http.StatusText where it differs from Node's table (for answers without a reason phrase). */
const GO_STATUS_TEXT: Record<number, string> = {
  203: 'Non-Authoritative Information', 413: 'Request Entity Too Large', 414: 'Request URI Too Long',
  416: 'Requested Range Not Satisfiable', 418: "I'm a teapot",
};

/** Go's message for an HTTP status outside 200: `reading <url>: <status line>` + detail. */
export function goStatusError(finalUrl: string, status: number, statusText: string | undefined, contentType: string | undefined, body: Buffer): string {
  const text = statusText && statusText !== '' ? statusText : GO_STATUS_TEXT[status] ?? STATUS_CODES[status] ?? '';
  return `reading ${redactedURL(finalUrl)}: ${status} ${text}`.trimEnd() + goServerDetail(contentType, body);
}

/**
 * Go's limit on a response's header block (net/http transport.go: MaxResponseHeaderBytes 0
 * means 10 MiB): go reads 10 000 headers fine, so the doctor must too (undici's default is 16 kB).
 */
const GO_MAX_RESPONSE_HEADER_BYTES = 10 << 20;

/** Idle connections are kept this long (below the 5 s keep-alive of common servers). */
const KEEP_ALIVE_MS = 4000;

/**
 * Connections shared by the requests of one go invocation (one chain walk, one diagnosis):
 * go reuses keep-alive connections within a process, never across processes.
 */
export class HttpSession {
  /**
   * Requests of this session are made one after another (a chain walk): one connection per
   * origin, so an idle keep-alive connection is always reused, as go reuses it.
   */
  constructor(readonly sequential = false) {}
  readonly dispatchers = new Map<string, Dispatcher>();
  /** When a response on each route last completed: go retries a GET once when a reused connection dies. */
  readonly lastDone = new Map<string, number>();
  /** Connections opened directly (not through a proxy), with their phase timings. */
  readonly connections: ConnectionTiming[] = [];
  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    this.lastDone.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }
}

const defaultSession = new HttpSession();

/** An http:// URL through an http:// proxy is sent as an absolute-URI request (no CONNECT), as Go does. */
function isForwarded(proxy: URL | null, target: URL): boolean {
  return proxy !== null && proxy.protocol === 'http:' && target.protocol === 'http:';
}

function dispatcherFor(session: HttpSession, proxy: URL | null, target: URL, ca: string[] | undefined, timeoutMs: number): Dispatcher {
  const dispatchers = session.dispatchers;
  const perOrigin = session.sequential ? { connections: 1 } : {};
  const key = `${proxy?.href ?? ''}|${target.protocol}|${ca ? ca.length + ':' + (ca[0] ?? '').slice(30, 90) : 'sys'}|${timeoutMs}`;
  if (isForwarded(proxy, target)) {
    const fkey = `fwd|${key}`;
    const f = dispatchers.get(fkey) ?? new Agent({ connect: { timeout: Math.min(timeoutMs, 30000) }, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS, maxHeaderSize: GO_MAX_RESPONSE_HEADER_BYTES });
    dispatchers.set(fkey, f);
    return f;
  }
  const found = dispatchers.get(key);
  if (found) return found;
  // Go's DefaultTransport: 30 s dial, 10 s TLS handshake, HTTP/2 by ALPN for https.
  const connect = { ca, timeout: Math.min(timeoutMs, 30000), rejectUnauthorized: true };
  let d: Dispatcher;
  if (proxy && (proxy.protocol === 'http:' || proxy.protocol === 'https:') && target.protocol === 'https:') {
    // The tunnel is opened here, as net/http's transport does (dialConn), so that every
    // CONNECT-phase failure carries go's words and nothing waits where go would not.
    d = new Agent({
      connect: tunnelConnector(session, proxy, ca, Math.min(timeoutMs, 30000), timeoutMs) as unknown as Agent.Options['connect'],
      headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS, maxHeaderSize: GO_MAX_RESPONSE_HEADER_BYTES, ...perOrigin,
    });
  } else if (proxy && (proxy.protocol === 'http:' || proxy.protocol === 'https:' || proxy.protocol === 'socks5:')) {
    d = new ProxyAgent({
      uri: proxy.href,
      // An http:// target goes to an http proxy as an absolute-URI request, as Go does.
      proxyTunnel: target.protocol === 'https:',
      requestTls: { ca, rejectUnauthorized: true },
      proxyTls: { ca, rejectUnauthorized: true },
      connect,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: KEEP_ALIVE_MS,
      maxHeaderSize: GO_MAX_RESPONSE_HEADER_BYTES,
      ...perOrigin,
    } as ProxyAgent.Options);
  } else {
    const allowH2 = target.protocol === 'https:';
    d = new Agent({ connect: timedConnector(session, ca, allowH2, Math.min(timeoutMs, 30000)) as unknown as Agent.Options['connect'], allowH2, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS, maxHeaderSize: GO_MAX_RESPONSE_HEADER_BYTES, ...perOrigin });
  }
  dispatchers.set(key, d);
  return d;
}

type ConnectOpts = { hostname: string; host?: string; protocol: string; port: string; servername?: string };
type ConnectCallback = (err: Error | null, socket: netMod.Socket | null) => void;

/**
 * Opens TCP (and TLS) itself so that each phase is timed: name lookup, TCP connect, TLS
 * handshake and the ALPN result (go's DefaultTransport negotiates h2 for https).
 */
/**
 * A TLS socket over a tapped stream does not pass undici's `unref()` of an idle connection
 * down to the TCP socket, which would keep the process alive for the keep-alive time after
 * the last request. Forward ref/unref to the sockets underneath.
 */
function forwardRefs(outer: netMod.Socket, ...under: netMod.Socket[]): void {
  const unref = outer.unref.bind(outer);
  const ref = outer.ref.bind(outer);
  outer.unref = () => {
    for (const s of under) s.unref();
    return unref();
  };
  outer.ref = () => {
    for (const s of under) s.ref();
    return ref();
  };
}

function timedConnector(session: HttpSession, ca: string[] | undefined, allowH2: boolean, timeoutMs: number) {
  return (opts: ConnectOpts, cb: ConnectCallback): void => {
    const t0 = performance.now();
    const hostname = opts.hostname.replace(/^\[|\]$/g, '');
    const https = opts.protocol === 'https:';
    const port = Number(opts.port) || (https ? 443 : 80);
    const rec: ConnectionTiming = { origin: `${opts.protocol}//${opts.hostname}:${port}`, startedAt: t0 };
    session.connections.push(rec);
    let settled = false;
    const done = (err: Error | null, sock: netMod.Socket | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) rec.error = (err as NodeJS.ErrnoException).code ?? err.message;
      cb(err, sock);
    };
    // The bytes the server sends first: go names a non-TLS first record and a bad status
    // line from them (socket-peek.ts).
    const raw = netMod.connect({ host: hostname, port });
    const seen = new FirstBytes();
    let sock: netMod.Socket = raw;
    if (https) {
      sock = tlsConnect({
        socket: tapSocket(raw, seen), host: hostname, ca, rejectUnauthorized: true,
        servername: netMod.isIP(hostname) ? undefined : (opts.servername ?? hostname),
        ALPNProtocols: allowH2 ? ['h2', 'http/1.1'] : ['http/1.1'],
      });
      forwardRefs(sock, raw);
      const inner = new FirstBytes();
      watchFirstBytes(sock, inner);
      firstBytesOf.set(rec, inner);
    } else {
      watchFirstBytes(sock, seen);
      firstBytesOf.set(rec, seen);
    }
    raw.on('lookup', () => { rec.dnsMs = performance.now() - t0; });
    raw.once('connect', () => {
      rec.tcpMs = performance.now() - t0;
      if (!https) done(null, sock);
    });
    if (https) {
      raw.once('error', (e) => {
        sock.destroy();
        done(e, null);
      });
    }
    const timer = setTimeout(() => {
      const e = Object.assign(new Error(`connect timeout after ${timeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' });
      sock.destroy();
      done(e, null);
    }, timeoutMs);
    raw.setNoDelay(true);
    sock.once('secureConnect', () => {
      rec.tlsMs = performance.now() - t0;
      rec.alpn = (sock as import('node:tls').TLSSocket).alpnProtocol || 'http/1.1';
      done(null, sock);
    });
    sock.once('error', (e) => {
      sock.destroy();
      done(withRecordError(e, seen), null);
    });
  };
}

/** Tunnels whose proxy has not answered CONNECT yet. */
const connectWaiting = new WeakSet<ConnectionTiming>();

function connectStallMessage(ms: number): string {
  return `the proxy accepted the connection but sent no CONNECT answer within ${ms} ms; go waits one minute for it (net/http transport.go dialConn), then fails with "context deadline exceeded"`;
}

/** What each new connection received first (for go's status-line errors). */
const firstBytesOf = new WeakMap<ConnectionTiming, FirstBytes>();

/** An error that already carries go's text for it. */
class GoNetError extends Error {
  constructor(readonly goDetail: string, readonly goKind: GetErrorKind, message = goDetail, readonly proxyDial = false) {
    super(message);
  }
}

/** A TLS failure whose first record was not TLS: go's own words for it (crypto/tls conn.go). */
function withRecordError(e: Error, seen: FirstBytes): Error {
  const rec = goFirstRecordError(seen.bytes);
  return rec ? new GoNetError(rec, rec.startsWith('http:') ? 'protocol' : 'tls', `${rec} (${e.message})`) : e;
}

/**
 * Dials the proxy, sends CONNECT and reads its answer as go's transport does
 * (go@1.19.8 src/net/http/transport.go dialConn:1642-1728), then TLS to the target through
 * the tunnel. Dial failures are `proxyconnect tcp: …`; a refused CONNECT is the status text
 * after the code; a malformed answer is http.ReadResponse's error, at once.
 */
function tunnelConnector(session: HttpSession, proxy: URL, ca: string[] | undefined, dialTimeoutMs: number, timeoutMs: number) {
  return (opts: ConnectOpts, cb: ConnectCallback): void => {
    const t0 = performance.now();
    const hostname = opts.hostname.replace(/^\[|\]$/g, '');
    const port = Number(opts.port) || 443;
    const target = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
    const rec: ConnectionTiming = { origin: `${opts.protocol}//${opts.hostname}:${port}`, startedAt: t0, via: `${proxy.protocol}//${proxy.host}` };
    session.connections.push(rec);
    const phost = proxy.hostname.replace(/^\[|\]$/g, '');
    const pport = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    const proxyAddr = `${phost.includes(':') ? `[${phost}]` : phost}:${pport}`;
    let settled = false;
    let dialled = false;
    const raw = netMod.connect({ host: phost, port: pport });
    let conn: netMod.Socket = raw;
    let out: netMod.Socket | undefined;
    const done = (err: Error | null, sock: netMod.Socket | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        rec.error = (err as NodeJS.ErrnoException).code ?? err.message;
        out?.destroy();
        conn.destroy();
        raw.destroy();
      }
      cb(err, sock);
    };
    const timer = setTimeout(() => {
      if (!dialled) done(Object.assign(new Error(`connect timeout to ${proxyAddr} after ${dialTimeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT', address: phost, port: pport }), null);
      // go gives a silent CONNECT one minute, then `context deadline exceeded` (transport.go:1683-1712).
      else done(new GoNetError('context deadline exceeded', 'proxy', connectStallMessage(timeoutMs)), null);
    }, dialled ? timeoutMs : dialTimeoutMs);
    raw.on('lookup', () => { rec.dnsMs = performance.now() - t0; });
    raw.once('error', (e) => done(dialled ? e : Object.assign(e, { proxyDial: true }), null));
    const sendConnect = async () => {
      dialled = true;
      const auth = proxyAuthorization(proxy);
      conn.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: Go-http-client/1.1\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`);
      connectWaiting.add(rec);
      const r = await readHead(conn, timeoutMs);
      connectWaiting.delete(rec);
      if (settled) return;
      if (r.error !== undefined || r.head === undefined) {
        const text = r.error ?? 'EOF';
        return done(new GoNetError(text, r.timedOut ? 'timeout' : 'proxy', r.flood ? CONNECT_FLOOD_DETAIL : text), null);
      }
      const parsed = parseConnectAnswer(r.head);
      if ('malformed' in parsed) return done(new GoNetError(parsed.malformed, 'proxy'), null);
      if (parsed.code !== 200) return done(new GoNetError(parsed.goText, 'proxy', `CONNECT answered ${parsed.code}`), null);
      if (r.rest && r.rest.length) conn.unshift(r.rest);
      const seen = new FirstBytes();
      out = tlsConnect({
        socket: tapSocket(conn, seen), host: hostname, ca, rejectUnauthorized: true,
        servername: netMod.isIP(hostname) ? undefined : (opts.servername ?? hostname),
        ALPNProtocols: ['http/1.1'],
      });
      forwardRefs(out, raw);
      const inner = new FirstBytes();
      watchFirstBytes(out, inner);
      firstBytesOf.set(rec, inner);
      out.once('secureConnect', () => {
        rec.tlsMs = performance.now() - t0;
        rec.alpn = (out as import('node:tls').TLSSocket).alpnProtocol || 'http/1.1';
        done(null, out!);
      });
      out.once('error', (e) => done(withRecordError(e, seen), null));
    };
    raw.once('connect', () => {
      rec.tcpMs = performance.now() - t0;
      raw.setNoDelay(true);
      if (proxy.protocol !== 'https:') return void sendConnect();
      const t = tlsConnect({ socket: raw, host: phost, ca, rejectUnauthorized: true, servername: netMod.isIP(phost) ? undefined : phost, ALPNProtocols: ['http/1.1'] });
      conn = t;
      t.once('secureConnect', () => void sendConnect());
      t.once('error', (e) => done(Object.assign(e, { proxyDial: true }), null));
    });
  };
}

/** Closes pooled connections (tests, CLI exit). */
export async function closeHttpClients(): Promise<void> {
  await defaultSession.close();
}

interface Hop {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  headersMs: number;
  totalMs: number;
}

function dispatchOnce(d: Dispatcher, url: URL, maxBody: number, signal: AbortSignal, proxy: URL | null): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let hop: Hop | undefined;
    let settled = false;
    let controllerRef: Dispatcher.DispatchController | undefined;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else if (hop) {
        hop.body = Buffer.concat(chunks);
        hop.totalMs = performance.now() - t0;
        // Let the pool take the connection back first, so the next request reuses it (as go does).
        const done = hop;
        setImmediate(() => resolve(done));
      }
    };
    const onAbort = () => {
      controllerRef?.abort(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    const path = url.pathname + url.search;
    const headers: Record<string, string> = { 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' };
    if (url.username && url.protocol === 'https:') {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    let origin = url.origin;
    let reqPath = path;
    if (proxy && isForwarded(proxy, url)) {
      origin = proxy.origin;
      reqPath = url.origin + path;
      headers.host = url.host;
      if (proxy.username) {
        headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
      }
    }
    d.dispatch(
      { origin, path: reqPath, method: 'GET', headers },
      {
        onRequestStart(controller) {
          controllerRef = controller;
        },
        onResponseStart(controller, statusCode, rawHeaders, statusMessage) {
          const hs: Record<string, string> = {};
          for (const [k, v] of Object.entries(rawHeaders)) if (v !== undefined) hs[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
          hop = { status: statusCode, statusText: statusMessage ?? '', headers: hs, body: Buffer.alloc(0), truncated: false, headersMs: performance.now() - t0, totalMs: 0 };
          controllerRef = controller;
        },
        onResponseData(controller, chunk) {
          if (!hop) return;
          if (size + chunk.length > maxBody) {
            chunks.push(chunk.subarray(0, maxBody - size));
            size = maxBody;
            hop.truncated = true;
            controller.abort(new Error('body cap reached'));
            finish(null);
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        },
        onResponseEnd() {
          finish(null);
        },
        onResponseError(_controller, err) {
          if (hop?.truncated) return finish(null);
          finish(err);
        },
      },
    );
  });
}

function errorInfo(e: unknown): { kind: GetErrorKind; code?: string; message: string; detail: string } {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException & { address?: string; port?: number }; address?: string; port?: number };
  const inner = (err?.cause ?? err) as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const go = (err instanceof GoNetError ? err : err?.cause instanceof GoNetError ? err.cause : null) as GoNetError | null;
  if (go) return { kind: go.goKind, code: 'GO', message: go.message, detail: go.goDetail };
  const code = inner?.code ?? err?.code;
  const msg = inner?.message ?? String(e);
  const addr = inner?.address !== undefined ? `${inner.address.includes(':') ? `[${inner.address}]` : inner.address}:${inner.port}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', code, message: msg, detail: `dial tcp ${addr}: connect: connection refused` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', code, message: msg, detail: `dial tcp: lookup ${inner.hostname ?? ''}: ${code === 'ENOTFOUND' ? 'no such host' : 'Temporary failure in name resolution'}` };
    case 'ECONNRESET':
      // A server that closes (FIN, not RST) during the TLS handshake: go reads EOF
      // (observed with go1.19.8: `Get "https://…": EOF`).
      if (/socket disconnected before secure TLS connection/i.test(msg)) return { kind: 'reset', code, message: msg, detail: 'EOF' };
      return { kind: 'reset', code, message: msg, detail: 'read: connection reset by peer' };
    case 'ENETUNREACH':
      return { kind: 'refused', code, message: msg, detail: `dial tcp ${addr}: connect: network is unreachable` };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'timeout', code, message: msg, detail: `dial tcp ${addr}: i/o timeout` };
    case 'UND_ERR_HEADERS_OVERFLOW':
      // Observed with go1.19.8 against a server sending 11 MB of headers.
      return { kind: 'protocol', code, message: msg, detail: `net/http: HTTP/1.x transport connection broken: net/http: server response headers exceeded ${GO_MAX_RESPONSE_HEADER_BYTES} bytes; aborted` };
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { kind: 'reset', code, message: msg, detail: 'EOF' };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return { kind: 'tls', code, message: msg, detail: 'x509: certificate signed by unknown authority' };
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const m = /Host: ([^.\s]+(?:\.[^.\s]+)*)\. is not in the cert's altnames: (.*)$/.exec(msg);
      const names = m ? m[2].split(',').map((s) => s.trim().replace(/^(DNS|IP Address):/, '')) : [];
      const host = m?.[1] ?? '';
      return { kind: 'tls', code, message: msg, detail: names.length ? `x509: certificate is valid for ${names.join(', ')}, not ${host}` : `x509: certificate is not valid for ${host}` };
    }
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return { kind: 'tls', code, message: msg, detail: 'x509: certificate has expired or is not yet valid' };
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      if (/wrong version number|packet length too long|http request/i.test(msg)) {
        return { kind: 'protocol', code, message: msg, detail: 'http: server gave HTTP response to HTTPS client' };
      }
      return { kind: 'tls', code, message: msg, detail: `remote error: ${msg}` };
    default:
      return { kind: 'other', code, message: msg, detail: msg };
  }
}

/** RFC 3339 as Go's time.Format(time.RFC3339) prints it (seconds, `Z` or ±hh:mm). */
export function goRFC3339(d: Date, local = true): string {
  const off = local ? -d.getTimezoneOffset() : 0;
  const t = new Date(d.getTime() + off * 60000).toISOString().replace(/\.\d{3}Z$/, '');
  if (off === 0) return `${t}Z`;
  const sign = off > 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${t}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * The rest of go's validity error (crypto/x509/verify.go isValid): `current time X is after
 * NotAfter` / `is before NotBefore`. Reads the server's certificate without verifying it.
 */
async function validityDetail(url: URL, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const sock = tlsConnect({ host, port: Number(url.port || 443), servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false });
    signal.addEventListener('abort', () => sock.destroy(), { once: true });
    const done = (v: string | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(3000, () => done(null));
    sock.on('error', () => done(null));
    sock.on('secureConnect', () => {
      const c = sock.getPeerCertificate();
      if (!c?.valid_to) return done(null);
      const now = new Date();
      const notAfter = new Date(c.valid_to);
      const notBefore = new Date(c.valid_from);
      if (now > notAfter) return done(`current time ${goRFC3339(now)} is after ${goRFC3339(notAfter, false)}`);
      if (now < notBefore) return done(`current time ${goRFC3339(now)} is before ${goRFC3339(notBefore, false)}`);
      done(null);
    });
  });
}

/** The first `max` bytes of a gzip body that inflates to more than that (never inflating the rest). */
function gunzipPrefix(data: Buffer, max: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const z = createGunzip();
    const out: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      z.destroy();
      resolve(Buffer.concat(out).subarray(0, max));
    };
    z.on('data', (c: Buffer) => {
      out.push(c);
      size += c.length;
      if (size >= max) finish();
    });
    z.on('end', finish);
    z.on('error', finish);
    z.end(data);
  });
}

/**
 * GETs `url` as go's web.Get would, following redirects (301/302/303/307/308) up to go's
 * limit. Never throws.
 */
export async function goGet(url: string, options: GoGetOptions): Promise<GoGetResult> {
  const first = await goGetOnce(url, options);
  let https = false;
  try {
    https = new URL(url).protocol === 'https:';
  } catch {
    // goGetOnce said so
  }
  // Go 1.24+: a 4xx answer to an https URL is asked again with GOAUTH's credentials
  // (go@1.26.8 src/cmd/go/internal/web/http.go); the second answer is the one go reads.
  if (!https || first.error || first.status === undefined || first.status < 400 || first.status >= 500 || !retriesClientErrors(options.goVersion)) return first;
  const second = await goGetOnce(url, options);
  second.hops = [...first.hops, ...second.hops];
  second.totalMs += first.totalMs;
  return second;
}

async function goGetOnce(url: string, options: GoGetOptions): Promise<GoGetResult> {
  const started = performance.now();
  const maxBody = options.maxBodyBytes ?? 1 << 20;
  const maxRedirects = options.maxRedirects ?? 10;
  const variant = options.variant ?? 'current';
  const session = options.session ?? defaultSession;
  const lastDone = session.lastDone;
  const result: GoGetResult = {
    url, finalUrl: url, headers: {}, body: Buffer.alloc(0), truncated: false, redirects: [], proxy: null, proxyReason: '',
    hops: [], totalMs: 0, cacheEvidence: {},
  };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fail = (kind: GetErrorKind, message: string, goError: string, code?: string): GoGetResult => {
    result.error = { kind, code, message };
    result.goError = goError;
    result.totalMs = performance.now() - started;
    return result;
  };
  let current: URL;
  try {
    current = new URL(url);
  } catch (e) {
    return fail('other', (e as Error).message, `parse ${JSON.stringify(url)}: ${(e as Error).message}`);
  }
  // go names the URL it asked for in a status error, not where redirects led
  // (go@1.19.8 and go@1.26.8 src/cmd/go/internal/web/http.go: Response.URL is `fetched`).
  const requested = current.href;
  // web/http.go:170-175: userinfo is only sent over https.
  if ((current.username || current.password) && current.protocol !== 'https:') {
    return fail('credentials', 'credentials over http', `refusing to pass credentials to insecure URL: ${redactedURL(current)}`);
  }
  // Trust as go's: its roots for every https hop (a redirect may switch from http).
  const caFor = (u: URL): string[] | undefined => options.ca ?? (u.protocol === 'https:' || u.protocol === 'http:' ? goRoots(options.env) : undefined);
  const via: URL[] = [];
  let locRaw = url;
  for (;;) {
    const route = proxyForURL(current, options.env, variant);
    if (via.length === 0) {
      result.proxy = route.proxy ? redactedURL(route.proxy) : null;
      result.proxyReason = route.reason;
    }
    if (route.error) return fail('proxy', route.error, `Get ${JSON.stringify(redactedURL(current))}: ${route.error}`);
    const hopTiming: HopTiming = { url: redactedURL(current) };
    const hopStart = performance.now();
    result.hops.push(hopTiming);
    let hop: Hop;
    const routeKey = `${route.proxy?.href ?? ''}|${current.origin}`;
    try {
      const d = dispatcherFor(session, route.proxy, current, caFor(current), options.timeoutMs);
      const reused = (lastDone.get(routeKey) ?? -Infinity) > performance.now() - KEEP_ALIVE_MS;
      try {
        hop = await dispatchOnce(d, current, maxBody, signal, route.proxy);
      } catch (e) {
        // net/http transport.go shouldRetryRequest: a GET whose reused connection closed
        // before any answer is sent again on a new connection.
        const kind = errorInfo(e).kind;
        if (!reused || kind !== 'reset' || signal.aborted) throw e;
        lastDone.delete(routeKey);
        hop = await dispatchOnce(d, current, maxBody, signal, route.proxy);
      }
      lastDone.set(routeKey, performance.now());
    } catch (e) {
      lastDone.delete(routeKey);
      // The phases reached before the failure (a TLS error after DNS and TCP succeeded).
      const tried = session.connections.filter((x) => x.startedAt >= hopStart && x.origin === `${current.protocol}//${current.hostname}:${current.port || (current.protocol === 'https:' ? 443 : 80)}`);
      if (tried.length) hopTiming.connection = tried[tried.length - 1];
      const shown = via.length === 0 ? redactedURL(current) : locRaw;
      if (options.signal?.aborted) return fail('aborted', 'aborted', `Get ${JSON.stringify(shown)}: context canceled`);
      // A silent proxy: go's CONNECT has its own one-minute limit (transport.go:1683-1712).
      if (timeout.aborted && tried.some((x) => connectWaiting.has(x))) {
        const r = fail('timeout', connectStallMessage(options.timeoutMs), `Get ${JSON.stringify(shown)}: context deadline exceeded`);
        r.error!.goLimitMs = GO_CONNECT_WAIT_MS;
        return r;
      }
      if (timeout.aborted) {
        return fail('timeout', `no answer within ${options.timeoutMs} ms`, `Get ${JSON.stringify(shown)}: no answer within ${options.timeoutMs} ms (go would wait here with no time limit)`);
      }
      const info = errorInfo(e);
      if (info.kind === 'tls') info.detail = certificateErrorText(info.detail, options.goVersion);
      // A status line go cannot parse: http.ReadResponse's error, wrapped by the transport's
      // read loop (go@1.19.8 src/net/http/transport.go:2048, response.go:157-181).
      const peek = tried.length ? firstBytesOf.get(tried[tried.length - 1]) : undefined;
      const lineError = peek && info.code !== 'GO' ? goStatusLineError(peek.bytes, peek.ended) : null;
      if (lineError?.startsWith('malformed')) {
        return fail('protocol', info.message, `Get ${JSON.stringify(shown)}: net/http: HTTP/1.x transport connection broken: ${lineError}`, info.code);
      }
      if ((info.code === 'CERT_HAS_EXPIRED' || info.code === 'CERT_NOT_YET_VALID') && !route.proxy) {
        const detail = await validityDetail(current, signal);
        if (detail) info.detail += `: ${detail}`;
      }
      if (route.proxy && info.code !== 'GO') {
        // Failures reaching the proxy itself: net/http prefixes them with "proxyconnect tcp".
        const m = /Proxy response \((\d+)\) !== 200/.exec(info.message);
        if (m) return fail('proxy', info.message, `Get ${JSON.stringify(shown)}: ${STATUS_CODES[Number(m[1])] ?? m[1]}`, info.code);
        const proxyAddr = `${route.proxy.hostname}:${route.proxy.port || (route.proxy.protocol === 'https:' ? 443 : 80)}`;
        const fromProxy = info.message.includes(proxyAddr) || (info.kind === 'refused' && info.detail.includes(proxyAddr)) || info.kind === 'dns';
        if (fromProxy && (info.kind === 'refused' || info.kind === 'dns' || info.kind === 'timeout')) {
          return fail('proxy', info.message, `Get ${JSON.stringify(shown)}: proxyconnect tcp: ${info.detail}`, info.code);
        }
      }
      return fail(info.kind, info.message, `Get ${JSON.stringify(shown)}: ${info.detail}`, info.code);
    }
    const origin = `${current.protocol}//${current.hostname}:${current.port || (current.protocol === 'https:' ? 443 : 80)}`;
    const opened = session.connections.filter((c) => c.startedAt >= hopStart && c.origin === origin);
    if (opened.length) hopTiming.connection = opened[opened.length - 1];
    if (hopTiming.connection?.alpn) result.httpVersion = hopTiming.connection.alpn;
    hopTiming.headersMs = hop.headersMs;
    hopTiming.totalMs = hop.totalMs;
    hopTiming.status = hop.status;
    const loc = hop.headers.location;
    if (REDIRECT_STATUSES.has(hop.status) && loc) {
      let next: URL;
      try {
        next = new URL(loc, current);
      } catch (e) {
        return fail('redirect', (e as Error).message, `Get ${JSON.stringify(loc)}: ${(e as Error).message}`);
      }
      via.push(current);
      result.redirects.push(redactedURL(next));
      // cmd/go/internal/web/http.go:46-61 (CheckRedirect).
      if (via[0].protocol === 'https:' && next.protocol !== 'https:') {
        const last = via[via.length - 1];
        return fail('redirect', 'https to http redirect', `Get ${JSON.stringify(loc)}: redirected from secure URL ${redactedURL(last)} to insecure URL ${redactedURL(next)}`);
      }
      if (via.length >= maxRedirects) {
        return fail('redirect', `stopped after ${maxRedirects} redirects`, `Get ${JSON.stringify(loc)}: stopped after ${maxRedirects} redirects`);
      }
      // net/http's transport sends only http and https (transport.go roundTrip): a redirect
      // to file:, gopher:, ... fails there, and nothing local is ever read.
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return fail('redirect', `redirect to ${next.protocol} URL`, `Get ${JSON.stringify(redactedURL(next))}: unsupported protocol scheme ${JSON.stringify(next.protocol.slice(0, -1))}`);
      }
      locRaw = loc;
      current = next;
      continue;
    }
    result.finalUrl = current.href;
    result.status = hop.status;
    result.statusText = hop.statusText;
    result.headers = hop.headers;
    result.truncated = hop.truncated;
    result.body = hop.body;
    if (hop.headers['content-encoding'] === 'gzip' && !hop.truncated) {
      try {
        result.body = gunzipSync(hop.body, { maxOutputLength: maxBody });
      } catch (e) {
        // Larger than the cap once inflated (a gzip bomb): go reads on, so what it sees first
        // is the inflated prefix (its JSON error names the first byte), not the gzip bytes.
        // Otherwise go would fail reading the body; keep the raw bytes as evidence.
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          result.body = await gunzipPrefix(hop.body, maxBody);
          result.truncated = true;
        }
      }
    }
    for (const h of CACHE_HEADERS) if (hop.headers[h] !== undefined) result.cacheEvidence[h] = hop.headers[h];
    if (hop.status !== 200) {
      result.goError = goStatusError(requested, hop.status, hop.statusText, hop.headers['content-type'], result.body);
    }
    result.totalMs = performance.now() - started;
    return result;
  }
}
