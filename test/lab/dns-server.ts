import * as dgram from 'node:dgram';
import * as dns from 'node:dns';
import * as net from 'node:net';

/** How the lab DNS server answers one name. */
export interface DnsRecord {
  a?: string[];
  aaaa?: string[];
  /** Answer with this error instead of records. */
  rcode?: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer. */
  silent?: boolean;
  /** Over UDP, answer with the TC bit and no records (the client must retry over TCP). */
  truncate?: boolean;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const TYPE_A = 1;
const TYPE_AAAA = 28;

interface Question { id: number; flags: number; name: string; qtype: number; qclass: number; questionEnd: number }

function parseQuery(msg: Buffer): Question | null {
  if (msg.length < 12) return null;
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (msg.readUInt16BE(4) < 1) return null;
  let off = 12;
  const labels: string[] = [];
  while (off < msg.length) {
    const len = msg[off];
    if (len === 0) { off++; break; }
    if (len > 63 || off + 1 + len > msg.length) return null;
    labels.push(msg.subarray(off + 1, off + 1 + len).toString('latin1'));
    off += 1 + len;
  }
  if (off + 4 > msg.length) return null;
  return { id, flags, name: labels.join('.').toLowerCase(), qtype: msg.readUInt16BE(off), qclass: msg.readUInt16BE(off + 2), questionEnd: off + 4 };
}

function ipv6Bytes(a: string): Buffer {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return b;
}

/** Builds the answer; `maxBytes` (UDP: 512) turns an oversized answer into a truncated one. */
function buildAnswer(q: Question, query: Buffer, rec: DnsRecord | undefined, maxBytes: number, forceTruncate: boolean): Buffer {
  const question = query.subarray(12, q.questionEnd);
  let rcode: number = RCODE.NOERROR;
  let addrs: string[] = [];
  if (!rec) rcode = RCODE.NXDOMAIN;
  else if (rec.rcode) rcode = RCODE[rec.rcode];
  else if (q.qtype === TYPE_A) addrs = rec.a ?? [];
  else if (q.qtype === TYPE_AAAA) addrs = rec.aaaa ?? [];
  const rrs = addrs.map((ad) => {
    const data = q.qtype === TYPE_A ? Buffer.from(ad.split('.').map(Number)) : ipv6Bytes(ad);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(q.qtype, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(data.length, 10);
    return Buffer.concat([rr, data]);
  });
  const header = Buffer.alloc(12);
  const build = (answers: Buffer[], tc: boolean) => {
    header.writeUInt16BE(q.id, 0);
    header.writeUInt16BE(0x8000 | 0x0400 | (q.flags & 0x0100) | 0x0080 | (tc ? 0x0200 : 0) | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    header.writeUInt16BE(0, 8);
    header.writeUInt16BE(0, 10);
    return Buffer.concat([header, question, ...answers]);
  };
  const full = build(rrs, false);
  if (forceTruncate || full.length > maxBytes) return build([], true);
  return full;
}

/**
 * A real DNS server (UDP and TCP on the same loopback port) with answers set per name.
 * Unknown names get NXDOMAIN. `queries` logs what was asked, for assertions.
 */
export class LabDnsServer {
  readonly records = new Map<string, DnsRecord>();
  readonly queries: Array<{ name: string; type: number; transport: 'udp' | 'tcp' }> = [];
  port = 0;
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(records: Record<string, DnsRecord> = {}) {
    for (const [k, v] of Object.entries(records)) this.records.set(k.toLowerCase(), v);
  }

  set(name: string, rec: DnsRecord): void {
    this.records.set(name.toLowerCase(), rec);
  }

  /** `127.0.0.1:<port>`, as dns.Resolver.setServers and --resolver take it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private later(ms: number, f: () => void): void {
    if (!ms) return f();
    const t = setTimeout(() => { this.timers.delete(t); f(); }, ms);
    this.timers.add(t);
  }

  async start(): Promise<this> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const udp = dgram.createSocket('udp4');
      await new Promise<void>((res, rej) => { udp.once('error', rej); udp.bind(0, '127.0.0.1', () => res()); });
      const port = udp.address().port;
      const tcp = net.createServer((s) => this.onTcp(s));
      const ok = await new Promise<boolean>((res) => { tcp.once('error', () => res(false)); tcp.listen(port, '127.0.0.1', () => res(true)); });
      if (!ok) { udp.close(); continue; }
      udp.on('message', (msg, rinfo) => this.onUdp(udp, msg, rinfo));
      this.udp = udp;
      this.tcp = tcp;
      this.port = port;
      return this;
    }
    throw new Error('no free port for the lab DNS server');
  }

  private onUdp(udp: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const q = parseQuery(msg);
    if (!q) return;
    this.queries.push({ name: q.name, type: q.qtype, transport: 'udp' });
    const rec = this.records.get(q.name);
    if (rec?.silent) return;
    this.later(rec?.delayMs ?? 0, () => {
      try { udp.send(buildAnswer(q, msg, rec, 512, Boolean(rec?.truncate)), rinfo.port, rinfo.address); } catch { /* closed */ }
    });
  }

  private onTcp(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    s.on('data', (b) => {
      buf = Buffer.concat([buf, b]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        const q = parseQuery(msg);
        if (!q) { s.destroy(); return; }
        this.queries.push({ name: q.name, type: q.qtype, transport: 'tcp' });
        const rec = this.records.get(q.name);
        if (rec?.silent) continue;
        this.later(rec?.delayMs ?? 0, () => {
          const ans = buildAnswer(q, msg, rec, 65535, false);
          const len = Buffer.alloc(2);
          len.writeUInt16BE(ans.length);
          if (!s.destroyed) s.write(Buffer.concat([len, ans]));
        });
      }
    });
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await Promise.all([
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
    ]);
  }
}

/**
 * A system-resolver stand-in for `Host.lookup` that asks a loopback DNS server (A and AAAA)
 * and fails like getaddrinfo (ENOTFOUND for NXDOMAIN, EAI_AGAIN for SERVFAIL and silence).
 */
export function lookupVia(server: string, timeoutMs = 3000) {
  return async (hostname: string): Promise<Array<{ address: string; family: 4 | 6 }>> => {
    const r = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
    r.setServers([server]);
    const [a, aaaa] = await Promise.allSettled([r.resolve4(hostname), r.resolve6(hostname)]);
    const out: Array<{ address: string; family: 4 | 6 }> = [];
    if (a.status === 'fulfilled') for (const x of a.value) out.push({ address: x, family: 4 });
    if (aaaa.status === 'fulfilled') for (const x of aaaa.value) out.push({ address: x, family: 6 });
    if (out.length) return out;
    const err = [a, aaaa].map((x) => (x.status === 'rejected' ? (x.reason as NodeJS.ErrnoException) : null)).find((e) => e && e.code !== 'ENODATA');
    const code = !err ? 'ENOTFOUND' : err.code === 'ENOTFOUND' ? 'ENOTFOUND' : 'EAI_AGAIN';
    throw Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname });
  };
}
