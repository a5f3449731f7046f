import * as net from 'node:net';

export type TcpOutcome = 'ok' | 'refused' | 'timeout' | 'reset' | 'unreachable' | 'error';

export interface TcpResult {
  address: string;
  family: 4 | 6;
  port: number;
  outcome: TcpOutcome;
  ms: number;
  code?: string;
  /** The text go prints for this failure (`dial tcp 1.2.3.4:443: connect: connection refused`). */
  goError?: string;
}

/** `host:port` as Go's net.JoinHostPort writes it. */
export function joinHostPort(host: string, port: number): string {
  return net.isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Node error code → outcome and go's wording (syscall errno strings, net/fd_unix.go). */
export function tcpFailure(code: string | undefined, target: string): { outcome: TcpOutcome; goError: string } {
  switch (code) {
    case 'ECONNREFUSED': return { outcome: 'refused', goError: `dial tcp ${target}: connect: connection refused` };
    case 'ETIMEDOUT': case 'ETIMEOUT': return { outcome: 'timeout', goError: `dial tcp ${target}: i/o timeout` };
    case 'ECONNRESET': return { outcome: 'reset', goError: `read tcp ${target}: read: connection reset by peer` };
    case 'ENETUNREACH': return { outcome: 'unreachable', goError: `dial tcp ${target}: connect: network is unreachable` };
    case 'EHOSTUNREACH': return { outcome: 'unreachable', goError: `dial tcp ${target}: connect: no route to host` };
    case 'EADDRNOTAVAIL': return { outcome: 'unreachable', goError: `dial tcp ${target}: connect: cannot assign requested address` };
    default: return { outcome: 'error', goError: `dial tcp ${target}: ${code ?? 'error'}` };
  }
}

/**
 * Opens a TCP connection and hands the socket over (the caller owns it). Rejects with an
 * error carrying `code` (ETIMEDOUT on our own timeout).
 */
export function dialTcp(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: address, port, noDelay: true });
    let done = false;
    const finish = (err: (Error & { code?: string }) | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sock.off('error', onError);
      if (err) {
        sock.destroy();
        reject(err);
      } else resolve(sock);
    };
    const onError = (e: Error) => finish(e);
    const onAbort = () => finish(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    const timer = setTimeout(() => finish(Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => finish(null));
    sock.on('error', onError);
  });
}

/**
 * Connects to one address and watches the connection for `watchMs` afterwards, so that a
 * middlebox that accepts and then resets (a common firewall pattern) is told from a
 * working path.
 */
export async function probeTcp(address: string, family: 4 | 6, port: number, timeoutMs: number, signal?: AbortSignal, watchMs = 150): Promise<TcpResult> {
  const t0 = Date.now();
  const target = joinHostPort(address, port);
  let sock: net.Socket;
  try {
    sock = await dialTcp(address, port, timeoutMs, signal);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { address, family, port, outcome: tcpFailure(code, target).outcome, ms: Date.now() - t0, code, goError: tcpFailure(code, target).goError };
  }
  const ms = Date.now() - t0;
  const local = `${sock.localAddress}:${sock.localPort}`;
  const after = await new Promise<string | null>((resolve) => {
    const t = setTimeout(() => resolve(null), watchMs);
    sock.once('error', (e: NodeJS.ErrnoException) => { clearTimeout(t); resolve(e.code ?? 'error'); });
    sock.once('end', () => { clearTimeout(t); resolve('EOF'); });
    sock.on('data', () => {});
  });
  sock.destroy();
  if (after === 'ECONNRESET') {
    return { address, family, port, outcome: 'reset', ms, code: after, goError: `read tcp ${local}->${target}: read: connection reset by peer` };
  }
  return { address, family, port, outcome: 'ok', ms };
}
