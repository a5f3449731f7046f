/**
 * Hostile servers for the reliability tests: raw TCP/UDP servers on 127.0.0.1 (port 0) that
 * answer HTTP, TLS, CONNECT and DNS the way broken or malicious networks do — bodies and
 * headers that never end, drips, floods, bombs, loops, garbage. Each server tracks its
 * sockets and timers and `close()` tears everything down.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import { once } from 'node:events';

export type HttpBehaviour =
  | 'endless-body' | 'slow-drip' | 'endless-headers' | 'many-headers' | 'redirect-loop' | 'redirect-chain'
  | 'redirect-file' | 'redirect-scheme' | 'gzip-bomb' | 'garbage' | 'bad-status' | 'huge-status-line';

export interface HostileServer {
  port: number;
  url: string;
  /** Requests (first line) received. */
  requests: string[];
  close(): Promise<void>;
}

/** Tracks sockets and timers so that close() leaves nothing running. */
class Janitor {
  readonly sockets = new Set<net.Socket>();
  readonly timers = new Set<NodeJS.Timeout>();
  every(ms: number, f: () => void): NodeJS.Timeout {
    const t = setInterval(f, ms);
    this.timers.add(t);
    return t;
  }
  stop(t: NodeJS.Timeout): void {
    clearInterval(t);
    this.timers.delete(t);
  }
  track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
  }
  clear(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
  }
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

function closer(server: net.Server, j: Janitor): () => Promise<void> {
  return () => new Promise<void>((r) => { j.clear(); server.close(() => r()); });
}

let bomb: Buffer | undefined;
/** gzip of 128 MiB of zeros (about 128 kB), made once and streamed, so no 128 MiB buffer ever exists here. */
export async function gzipBomb(): Promise<Buffer> {
  if (bomb) return bomb;
  const gz = zlib.createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(gz, 'end');
  const zero = Buffer.alloc(1 << 20);
  for (let i = 0; i < 128; i++) if (!gz.write(zero)) await once(gz, 'drain');
  gz.end();
  await ended;
  bomb = Buffer.concat(chunks);
  return bomb;
}

/** An HTTP/1.1 server (raw TCP, so it can break every rule) with one behaviour. */
export async function startHostileHttp(behaviour: HttpBehaviour): Promise<HostileServer> {
  const j = new Janitor();
  const requests: string[] = [];
  const bombBytes = behaviour === 'gzip-bomb' ? await gzipBomb() : Buffer.alloc(0);
  const server = net.createServer((sock) => {
    j.track(sock);
    // Keep-alive: every request on the connection gets the same behaviour.
    let buf = '';
    sock.on('data', (b) => {
      buf += b.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const line = buf.slice(0, end).split('\r\n')[0];
        buf = buf.slice(end + 4);
        requests.push(line);
        answer(sock, line.split(' ')[1] ?? '/');
      }
    });
  });
  const answer = (sock: net.Socket, path: string) => {
    switch (behaviour) {
      case 'endless-body': {
        sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n');
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
        const pump = () => {
          while (!sock.destroyed && sock.write(frame));
        };
        sock.on('drain', pump);
        pump();
        return;
      }
      case 'slow-drip': {
        sock.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000000\r\n\r\n');
        const t = j.every(50, () => (sock.destroyed ? j.stop(t) : void sock.write('x')));
        return;
      }
      case 'endless-headers': {
        // As fast as the client reads: its header limit must stop it.
        sock.write('HTTP/1.1 200 OK\r\n');
        const lines = Buffer.from(`x-more: ${'v'.repeat(1000)}\r\n`.repeat(64));
        const pump = () => {
          while (!sock.destroyed && sock.write(lines));
        };
        sock.on('drain', pump);
        pump();
        return;
      }
      case 'many-headers': {
        const hs: string[] = [];
        for (let i = 0; i < 10000; i++) hs.push(`x-h${i}: ${i}`);
        sock.end(`HTTP/1.1 200 OK\r\n${hs.join('\r\n')}\r\ncontent-length: 3\r\n\r\nok\n`);
        return;
      }
      case 'redirect-loop':
        sock.write(`HTTP/1.1 302 Found\r\nlocation: ${path}\r\ncontent-length: 0\r\n\r\n`);
        return;
      case 'redirect-chain': {
        const n = Number(/\/hop\/(\d+)/.exec(path)?.[1] ?? 0);
        if (n >= 100) sock.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n');
        else sock.write(`HTTP/1.1 302 Found\r\nlocation: /hop/${n + 1}\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      case 'redirect-file':
        sock.end('HTTP/1.1 302 Found\r\nlocation: file:///etc/passwd\r\ncontent-length: 0\r\n\r\n');
        return;
      case 'redirect-scheme':
        sock.end('HTTP/1.1 301 Moved Permanently\r\nlocation: gopher://127.0.0.1:1/x\r\ncontent-length: 0\r\n\r\n');
        return;
      case 'gzip-bomb': {
        const b = bombBytes;
        sock.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: ${b.length}\r\n\r\n`), b]));
        return;
      }
      case 'garbage':
        sock.end(Buffer.concat([Buffer.from('\u0000\u00ffSSH-2.0-not-http\r\n'), Buffer.alloc(256, 0xfe), Buffer.from('\r\n\r\n')]));
        return;
      case 'bad-status':
        sock.end('HTTP/1.1 abc Whatever\r\ncontent-length: 2\r\n\r\nok');
        return;
      case 'huge-status-line':
        sock.write(`HTTP/1.1 200 ${'O'.repeat(2 * 1024 * 1024)}`);
        return;
    }
  };
  const port = await listen(server);
  const url = behaviour === 'redirect-chain' ? `http://127.0.0.1:${port}/hop/0` : `http://127.0.0.1:${port}/example.com/hello/@v/v1.0.0.info`;
  return { port, url, requests, close: closer(server, j) };
}

export type TlsBehaviour = 'garbage' | 'half-closed' | 'stall' | 'short-record';

/** A TCP server that speaks something other than TLS after the ClientHello. */
export async function startHostileTls(behaviour: TlsBehaviour): Promise<HostileServer> {
  const j = new Janitor();
  const requests: string[] = [];
  const server = net.createServer((sock) => {
    j.track(sock);
    sock.once('data', (hello) => {
      requests.push(`client hello ${hello.length} bytes`);
      switch (behaviour) {
        case 'garbage': {
          const junk = Buffer.alloc(16 * 1024);
          for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) & 0xff;
          sock.write(junk);
          return;
        }
        case 'half-closed':
          sock.end(); // FIN after the hello: the client reads EOF mid-handshake
          return;
        case 'stall':
          return;
        case 'short-record': {
          // A TLS record header promising 16 kB of handshake, then nothing.
          sock.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00, 0x3f, 0xfc]));
          return;
        }
      }
    });
  });
  const port = await listen(server);
  return { port, url: `https://127.0.0.1:${port}/`, requests, close: closer(server, j) };
}

export type ConnectBehaviour = 'stall' | 'nonsense' | 'endless-headers' | 'binary' | 'half-answer';

/** An HTTP proxy that accepts CONNECT and then misbehaves. */
export async function startHostileConnect(behaviour: ConnectBehaviour): Promise<HostileServer> {
  const j = new Janitor();
  const requests: string[] = [];
  const server = net.createServer((sock) => {
    j.track(sock);
    let head = '';
    sock.on('data', (b) => {
      if (head.includes('\r\n\r\n')) return;
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      requests.push(head.split('\r\n')[0]);
      switch (behaviour) {
        case 'stall':
          return;
        case 'nonsense':
          sock.write('SSH-2.0-OpenSSH_9.0\r\nProtocol mismatch.\r\n\r\n');
          return;
        case 'endless-headers': {
          // As fast as the client reads: the client's header cap must stop it.
          sock.write('HTTP/1.1 200 Connection established\r\n');
          const lines = Buffer.from(`x-pad: ${'p'.repeat(200)}\r\n`.repeat(64));
          const pump = () => {
            while (!sock.destroyed && sock.write(lines));
          };
          sock.on('drain', pump);
          pump();
          return;
        }
        case 'binary':
          sock.end(Buffer.alloc(4096, 0xff));
          return;
        case 'half-answer':
          sock.end('HTTP/1.1 20');
          return;
      }
    });
  });
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, requests, close: closer(server, j) };
}

export type DnsBehaviour = 'thousand-records' | 'truncated' | 'tc-bit' | 'garbage' | 'wrong-id';

/** A UDP DNS server with one hostile behaviour (A and AAAA queries alike). */
export async function startHostileDns(behaviour: DnsBehaviour): Promise<{ port: number; server: string; queries: number; close(): Promise<void> }> {
  const sock = dgram.createSocket('udp4');
  const state = { port: 0, server: '', queries: 0, close: () => new Promise<void>((r) => sock.close(() => r())) };
  sock.on('message', (q, rinfo) => {
    state.queries++;
    if (q.length < 12) return;
    const id = q.readUInt16BE(0);
    // Question section: from byte 12 to the end of QNAME + 4.
    let i = 12;
    while (i < q.length && q[i] !== 0) i += q[i] + 1;
    const question = q.subarray(12, i + 5);
    const qtype = q.readUInt16BE(i + 1);
    const header = (flags: number, an: number) => {
      const h = Buffer.alloc(12);
      h.writeUInt16BE(behaviour === 'wrong-id' ? (id ^ 0xffff) : id, 0);
      h.writeUInt16BE(flags, 2);
      h.writeUInt16BE(1, 4);
      h.writeUInt16BE(an, 6);
      return h;
    };
    let reply: Buffer;
    switch (behaviour) {
      case 'thousand-records': {
        const answers: Buffer[] = [];
        for (let k = 0; k < 1000; k++) {
          const rr = Buffer.alloc(qtype === 28 ? 28 : 16);
          rr.writeUInt16BE(0xc00c, 0);
          rr.writeUInt16BE(qtype === 28 ? 28 : 1, 2);
          rr.writeUInt16BE(1, 4);
          rr.writeUInt32BE(60, 6);
          rr.writeUInt16BE(qtype === 28 ? 16 : 4, 10);
          if (qtype === 28) { rr.writeUInt16BE(0xfd00, 12); rr.writeUInt16BE(k, 26); } else { rr[12] = 10; rr[13] = (k >> 8) & 0xff; rr[14] = k & 0xff; rr[15] = 1; }
          answers.push(rr);
        }
        reply = Buffer.concat([header(0x8180, 1000), question, ...answers]);
        break;
      }
      case 'truncated': {
        const full = Buffer.concat([header(0x8180, 3), question, Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1])]);
        reply = full.subarray(0, full.length - 9); // cut in the middle of the first answer
        break;
      }
      case 'tc-bit':
        // Truncated flag set: resolvers retry over TCP, where nothing listens.
        reply = Buffer.concat([header(0x8380, 0), question]);
        break;
      case 'garbage':
        reply = Buffer.concat([q.subarray(0, 2), Buffer.alloc(600, 0xff)]);
        break;
      case 'wrong-id':
        reply = Buffer.concat([header(0x8180, 0), question]);
        break;
    }
    sock.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  state.port = sock.address().port;
  state.server = `127.0.0.1:${state.port}`;
  return state;
}

/** Growth of the JS heap one scenario may cause (the caps are 1 MiB bodies; 64 MB is far above). */
export const MEMORY_BOUND_BYTES = 64 * 1024 * 1024;

export interface Measured<T> {
  value: T;
  ms: number;
  /** Heap and RSS growth: the peak seen while the scenario ran, minus the start. */
  heapGrowth: number;
  rssGrowth: number;
}

/** Runs `f`, sampling memory every 20 ms so that a spike freed before the end still counts. */
export async function measured<T>(f: () => Promise<T>): Promise<Measured<T>> {
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  try {
    const value = await f();
    sample();
    return { value, ms: Math.round(performance.now() - t0), heapGrowth: peakHeap - start.heapUsed, rssGrowth: peakRss - start.rss };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A redirector: `/h/<n>/<rest>` answers 302 to `/h/<n-1>/<rest>`, and `/h/0/<rest>` answers
 * 302 to `<target>/<rest>` — so a GOPROXY of `<url>/h/<n>` costs every request n+1 redirects.
 */
export async function startRedirector(target: string): Promise<HostileServer> {
  const j = new Janitor();
  const requests: string[] = [];
  const server = net.createServer((sock) => {
    j.track(sock);
    let buf = '';
    sock.on('data', (b) => {
      buf += b.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const line = buf.slice(0, end).split('\r\n')[0];
        buf = buf.slice(end + 4);
        requests.push(line);
        const m = /^\S+ \/h\/(\d+)\/(\S*)/.exec(line);
        if (!m) {
          sock.write('HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 10\r\n\r\nnot found\n');
          continue;
        }
        const n = Number(m[1]);
        const location = n > 0 ? `/h/${n - 1}/${m[2]}` : `${target}/${m[2]}`;
        sock.write(`HTTP/1.1 302 Found\r\nlocation: ${location}\r\ncontent-length: 0\r\n\r\n`);
      }
    });
  });
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, requests, close: closer(server, j) };
}
