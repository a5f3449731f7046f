import * as http2 from 'node:http2';
import * as net from 'node:net';
import type * as tls from 'node:tls';

export interface TlsServerOptions {
  key: string;
  /** The chain to present, leaf first (PEM). */
  cert: string;
  /** Offer HTTP/2 by ALPN (default true). */
  h2?: boolean;
  /** Agree to HTTP/2, then close the connection (HTTP/1.1 keeps working). */
  h2Broken?: boolean;
  /** Shift the `Date` header by this much (a server clock off by that). */
  dateOffsetMs?: number;
}

export interface LabTlsServer {
  port: number;
  /** Requests seen: protocol and path. */
  requests: Array<{ protocol: string; path: string }>;
  close(): Promise<void>;
}

/**
 * An HTTPS server on 127.0.0.1, port 0, answering `200 ok` to everything, over HTTP/2 or
 * HTTP/1.1 as negotiated.
 */
export async function startTlsServer(o: TlsServerOptions): Promise<LabTlsServer> {
  const requests: LabTlsServer['requests'] = [];
  const server = http2.createSecureServer({ key: o.key, cert: o.cert, allowHTTP1: true, ALPNProtocols: o.h2 === false ? ['http/1.1'] : ['h2', 'http/1.1'] }, (req, res) => {
    requests.push({ protocol: req.httpVersion === '2.0' ? 'h2' : 'http/1.1', path: req.url });
    res.setHeader('date', new Date(Date.now() + (o.dateOffsetMs ?? 0)).toUTCString());
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('ok\n');
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  if (o.h2Broken) server.on('secureConnection', (s: tls.TLSSocket) => { if (s.alpnProtocol === 'h2') s.destroy(); });
  server.on('sessionError', () => {});
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    requests,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** A TCP server with a fixed behaviour, for paths that fail below TLS or HTTP. */
export async function startRawServer(mode: 'reset' | 'silent' | 'plain-http'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    // Reset on the first bytes (a TLS ClientHello): what SNI-filtering firewalls do.
    if (mode === 'reset') s.once('data', () => s.resetAndDestroy());
    if (mode === 'plain-http') s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
