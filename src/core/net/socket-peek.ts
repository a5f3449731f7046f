/**
 * The first bytes a server sent on a connection, kept so that a failure can be named the
 * way go names it: go reads those bytes itself (crypto/tls record header, net/http status
 * line), where Node's TLS stack and undici's parser only give their own words.
 */
import { Duplex } from 'node:stream';
import type * as net from 'node:net';

/** Enough for go's bufio.Reader (4 KiB) plus a margin. */
const KEEP_BYTES = 8 * 1024;

export class FirstBytes {
  bytes = Buffer.alloc(0);
  /** The server closed its side. */
  ended = false;
  add(chunk: Buffer): void {
    if (this.bytes.length < KEEP_BYTES) this.bytes = Buffer.concat([this.bytes, chunk.subarray(0, KEEP_BYTES - this.bytes.length)]);
  }
}

/**
 * Records what `sock` receives without touching how it is read: every chunk a stream hands
 * out, in flowing or paused mode, passes through `emit('data')`.
 */
export function watchFirstBytes(sock: net.Socket, seen: FirstBytes): void {
  const emit = sock.emit.bind(sock);
  sock.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'data' && Buffer.isBuffer(args[0])) seen.add(args[0]);
    else if (event === 'end') seen.ended = true;
    return emit(event, ...args);
  }) as typeof sock.emit;
}

/**
 * A stream over `raw` for `tls.connect({ socket })` that records the bytes before TLS
 * (Node's TLS reads a plain net.Socket natively, where nothing can observe them).
 */
export function tapSocket(raw: net.Socket, seen: FirstBytes): Duplex {
  const tap = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      raw.write(chunk, cb);
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.on('data', (c: Buffer) => {
    seen.add(c);
    if (!tap.push(c)) raw.pause();
  });
  raw.on('end', () => {
    seen.ended = true;
    tap.push(null);
  });
  raw.on('error', (e) => tap.destroy(e));
  raw.on('close', () => tap.destroy());
  return tap;
}

/**
 * go's error for a first TLS record that is not one (go@1.19.8 src/crypto/tls/conn.go
 * readRecordOrCCS:630-660, and net/http client.go:255-263 for the `HTTP/` case), or null
 * when the header looks like TLS (the handshake error is then about something else).
 */
export function goFirstRecordError(first: Buffer): string | null {
  if (first.length < 5) return null;
  if (first.subarray(0, 5).toString('latin1') === 'HTTP/') return 'http: server gave HTTP response to HTTPS client';
  const typ = first[0];
  if (typ === 0x80) return 'tls: unsupported SSLv2 handshake received';
  const vers = (first[1] << 8) | first[2];
  const n = (first[3] << 8) | first[4];
  // recordTypeAlert 21, recordTypeHandshake 22.
  if ((typ !== 21 && typ !== 22) || vers >= 0x1000) return 'tls: first record does not look like a TLS handshake';
  if (n > 16384 + 2048) return `tls: oversized record received with length ${n}`;
  return null;
}

/** Go's %q of a byte string (strconv.Quote: invalid UTF-8 bytes as \xHH). */
export function goQuote(bytes: Buffer | string): string {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const [r, size] = decodeRune(b, i);
    const raw = b.subarray(i, i + size);
    i += size;
    if (r === -1) {
      out += `\\x${raw[0].toString(16).padStart(2, '0')}`;
      continue;
    }
    const ch = String.fromCodePoint(r);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (r === 0x20 || (r > 0x20 && /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch))) out += ch;
    else if (r === 7) out += '\\a';
    else if (r === 8) out += '\\b';
    else if (r === 12) out += '\\f';
    else if (r === 10) out += '\\n';
    else if (r === 13) out += '\\r';
    else if (r === 9) out += '\\t';
    else if (r === 11) out += '\\v';
    else if (r < 0x20 || r === 0x7f) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** One UTF-8 rune at `i`: [code point, bytes used], or [-1, 1] for an invalid byte (Go's utf8.DecodeRune). */
function decodeRune(b: Buffer, i: number): [number, number] {
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) return [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
  if (c0 >= 0xe0 && c0 <= 0xef && cont(1) && cont(2)) {
    const r = ((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
    if (r >= 0x800 && (r < 0xd800 || r > 0xdfff)) return [r, 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    const r = ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
    if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
  }
  return [-1, 1];
}

/**
 * What go's http.ReadResponse says about the first line of an answer (go@1.19.8
 * src/net/http/response.go:157-181 with textproto/bufio ReadLine): a line cut by EOF before
 * bufio's 4 KiB buffer fills is still parsed; a longer one meeting EOF is `unexpected EOF`.
 * Returns null when the status line is valid (or not complete yet).
 */
export function goStatusLineError(first: Buffer, ended: boolean): string | null {
  const nl = first.indexOf(0x0a);
  let line: Buffer;
  if (nl >= 0) line = first.subarray(0, nl > 0 && first[nl - 1] === 0x0d ? nl - 1 : nl);
  else if (!ended) return null;
  else if (first.length === 0) return 'EOF';
  else if (first.length >= 4096) return 'unexpected EOF';
  else line = first;
  const text = line.toString('latin1');
  const sp = text.indexOf(' ');
  if (sp < 0) return `malformed HTTP response ${goQuote(line)}`;
  const proto = text.slice(0, sp);
  const status = text.slice(sp + 1).replace(/^ +/, '');
  const codeText = status.split(' ')[0];
  if (!/^\d{3}$/.test(codeText)) return `malformed HTTP status code ${goQuote(codeText)}`;
  if (!/^HTTP\/\d\.\d$/.test(proto)) return `malformed HTTP version ${goQuote(proto)}`;
  return null;
}
