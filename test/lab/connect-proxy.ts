import * as net from 'node:net';

export type ConnectProxyMode = 'ok' | 'auth' | 'refuse' | 'stall' | 'nonsense' | 'no-reason';

export interface ConnectProxyOptions {
  mode: ConnectProxyMode;
  /** `user:password` the proxy accepts in auth mode. */
  credentials?: string;
  /** Lab host names the proxy resolves itself (go and Node never resolve them). */
  hosts: Record<string, string>;
  /** Ports it opens tunnels to (others: 403), like squid's SSL_ports ACL. */
  allowPorts?: number[];
}

export interface LabConnectProxy {
  port: number;
  url: string;
  /** Every CONNECT seen: target and the answer given. */
  log: Array<{ target: string; status: number | null; auth?: string }>;
  close(): Promise<void>;
}

/**
 * An HTTP CONNECT proxy on 127.0.0.1, port 0. It resolves lab names from `hosts` itself
 * (a name it does not know gets 502), and misbehaves on request: 407 without the right
 * credentials, 403, a stall after the CONNECT, a non-HTTP answer, a status line without reason.
 */
export async function startConnectProxy(o: ConnectProxyOptions): Promise<LabConnectProxy> {
  const log: LabConnectProxy['log'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
    c.on('error', () => {});
    let buf = Buffer.alloc(0);
    const onData = (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { if (buf.length > 16384) c.destroy(); return; }
      c.off('data', onData);
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const rest = buf.subarray(end + 4);
      const [method, target] = head[0].split(' ');
      const auth = head.find((l) => /^proxy-authorization:/i.test(l))?.slice(20).trim();
      const answer = (status: number, text: string, extra = '') => {
        log.push({ target, status, ...(auth ? { auth } : {}) });
        c.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      };
      if (method !== 'CONNECT') return answer(405, 'Method Not Allowed');
      switch (o.mode) {
        case 'stall': log.push({ target, status: null }); return;
        case 'nonsense': log.push({ target, status: null }); c.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'); return;
        case 'no-reason': log.push({ target, status: 403 }); c.end('HTTP/1.1 403\r\n\r\n'); return;
        case 'refuse': return answer(403, 'Forbidden');
        case 'auth': {
          const want = `Basic ${Buffer.from(o.credentials ?? 'user:pass').toString('base64')}`;
          if (auth !== want) return answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="lab"\r\n');
          break;
        }
        default: break;
      }
      const i = target.lastIndexOf(':');
      const host = target.slice(0, i).replace(/^\[|\]$/g, '');
      const port = Number(target.slice(i + 1));
      const ip = o.hosts[host.toLowerCase()] ?? (net.isIP(host) ? host : undefined);
      if (!ip) return answer(502, 'Bad Gateway');
      if (o.allowPorts && !o.allowPorts.includes(port)) return answer(403, 'Forbidden');
      const up = net.connect(port, ip);
      sockets.add(up);
      up.on('close', () => sockets.delete(up));
      up.once('connect', () => {
        log.push({ target, status: 200, ...(auth ? { auth } : {}) });
        c.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (rest.length) up.write(rest);
        c.pipe(up).pipe(c);
      });
      up.on('error', () => { if (!c.destroyed) answer(502, 'Bad Gateway'); });
    };
    c.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port, url: `http://127.0.0.1:${port}`, log,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
