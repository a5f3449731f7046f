/**
 * A forward HTTP proxy for the lab (CONNECT and absolute-URI GET) that knows a few host
 * names and maps them to loopback ports. It never resolves a name: unknown hosts get 502.
 * Go never proxies loopback targets, so tests reach the lab through such names.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HostMapProxy {
  url: string;
  port: number;
  /** `CONNECT host:port` and `GET http://host/...` lines, in arrival order. */
  log: string[];
  close(): Promise<void>;
}

/** `map`: "host:port" → loopback port. `requireAuth`: "user:pass" for Proxy-Authorization. */
export async function startHostMapProxy(map: Record<string, number>, options: { requireAuth?: string } = {}): Promise<HostMapProxy> {
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const authOk = (h: string | undefined) =>
    !options.requireAuth || h === `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    if (!authOk(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="lab"', 'content-type': 'text/plain' });
      return void res.end('proxy authentication required\n');
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400);
      return void res.end();
    }
    const port = map[`${target.hostname}:${target.port || 80}`];
    if (!port) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      return void res.end('lab proxy: unknown host\n');
    }
    const up = http.request({ host: '127.0.0.1', port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.statusMessage, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    log.push(`CONNECT ${req.url}`);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!authOk(req.headers['proxy-authorization'])) {
      return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="lab"\r\nContent-Length: 0\r\n\r\n');
    }
    const port = map[req.url ?? ''];
    if (!port) return void client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    const up = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
