/**
 * Go's net/url.Parse, URL.String and URL.Redacted, ported byte for byte so that the
 * errors and echoes in go's GOPROXY/GOSUMDB messages come out identical.
 * Mirrors go@1.19.8 src/net/url/url.go (parse, getScheme, parseAuthority, parseHost,
 * unescape, escape, shouldEscape, String, Redacted, Error.Error), and the stricter host
 * rules of go@1.26.8 and go@1.27.3 (parseHost: a bracketed host must be a valid IPv6 address,
 * checked with net/netip.ParseAddr; an http(s) host may hold one colon only, GODEBUG
 * urlstrictcolons, internal/godebugs/table.go: changed in Go 1.26).
 * Internally every string is a byte string (see go-bytes.ts); the API takes and returns text.
 */
import { parseGoVersion } from '../env/go-version';
import { fromBytes, goQuoteBytes, toBytes } from './go-bytes';

/** Which url.Parse the caller's go has: go1.19's, or go1.26's stricter hosts (the newest when unknown). */
export function strictHostsFor(goVersion: string | null | undefined): boolean {
  const v = parseGoVersion(goVersion ?? null);
  return !v || v.major > 1 || v.minor >= 26;
}

/** The rules of the parse under way (url.Parse is synchronous). */
let strictHosts = true;

export interface GoURL {
  scheme: string;
  opaque: string;
  user: { username: string; password: string; passwordSet: boolean } | null;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

/** A url.Parse failure: `message` is exactly what Go's *url.Error prints. */
export class GoURLError extends Error {
  readonly op: string;
  readonly url: string;
  readonly reason: string;
  constructor(op: string, url: string, reason: string) {
    super(`${op} ${goQuoteBytes(url)}: ${reason}`);
    this.op = op;
    this.url = url;
    this.reason = reason;
  }
}

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const ishex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const unhex = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : c >= 0x41 && c <= 0x46 ? c - 0x41 + 10 : 0);
const ch = (s: string) => s.charCodeAt(0);

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === 'host' || mode === 'zone') {
    if ('!$&\'()*+,;=:[]<>"'.includes(String.fromCharCode(c))) return false;
  }
  const s = String.fromCharCode(c);
  if ('-_.~'.includes(s)) return false;
  if ('$&+,/:;=?@'.includes(s)) {
    switch (mode) {
      case 'path': return s === '?';
      case 'pathSegment': return s === '/' || s === ';' || s === ',' || s === '?';
      case 'userPassword': return s === '@' || s === '/' || s === '?' || s === ':';
      case 'queryComponent': return true;
      case 'fragment': return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(s)) return false;
  return true;
}

class Fail extends Error {}

function escapeErr(s: string): never {
  throw new Fail(`invalid URL escape ${goQuoteBytes(s)}`);
}

/** url.unescape on a byte string. */
function unescape(s: string, mode: Mode): string {
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      n++;
      if (i + 2 >= s.length || !ishex(s.charCodeAt(i + 1)) || !ishex(s.charCodeAt(i + 2))) {
        let t = s.slice(i);
        if (t.length > 3) t = t.slice(0, 3);
        escapeErr(t);
      }
      if (mode === 'host' && unhex(s.charCodeAt(i + 1)) < 8 && s.slice(i, i + 3) !== '%25') escapeErr(s.slice(i, i + 3));
      if (mode === 'zone') {
        const v = (unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2));
        if (s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) escapeErr(s.slice(i, i + 3));
      }
      i += 3;
    } else if (c === 0x2b) {
      hasPlus = mode === 'queryComponent';
      i++;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new Fail(`invalid character ${goQuoteBytes(s[i])} in host name`);
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  let t = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      t += String.fromCharCode((unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2)));
      i += 2;
    } else if (c === 0x2b) t += mode === 'queryComponent' ? ' ' : '+';
    else t += s[i];
  }
  return t;
}

const UPPERHEX = '0123456789ABCDEF';

/** url.escape on a byte string. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 && mode === 'queryComponent') out += '+';
    else if (shouldEscape(c, mode)) out += '%' + UPPERHEX[c >> 4] + UPPERHEX[c & 15];
    else out += s[i];
  }
  return out;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === ch('+') || c === ch('-') || c === ch('.')) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ch(':')) {
      if (i === 0) throw new Fail('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  for (const c of port.slice(1)) if (c < '0' || c > '9') return false;
  return true;
}

/** netip.ParseAddr (go@1.26.8 src/net/netip/netip.go:114-330): null, or go's error text; v4 = an IPv4 address. */
function parseAddrError(s: string): { error: string } | { v4: boolean } {
  const fail = (msg: string, at = '') => ({ error: `ParseAddr(${goQuoteBytes(s)}): ${msg}${at !== '' ? ` (at ${goQuoteBytes(at)})` : ''}` });
  const v4Fields = (t: string): { error: string } | null => {
    let val = 0, pos = 0, dig = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c >= '0' && c <= '9') {
        if (dig === 1 && val === 0) return fail('IPv4 field has octet with leading zero');
        val = val * 10 + (c.charCodeAt(0) - 48);
        dig++;
        if (val > 255) return fail('IPv4 field has value >255');
      } else if (c === '.') {
        if (i === 0 || i === t.length - 1 || t[i - 1] === '.') return fail('IPv4 field must have at least one digit', t.slice(i));
        if (pos === 3) return fail('IPv4 address too long');
        pos++;
        val = 0;
        dig = 0;
      } else return fail('unexpected character', t.slice(i));
    }
    if (pos < 3) return fail('IPv4 address too short');
    return null;
  };
  for (const c of s) {
    if (c === '.') return v4Fields(s) ?? { v4: true };
    if (c === ':') break;
    if (c === '%') return fail('missing IPv6 address');
  }
  if (!s.includes(':')) return fail('unable to parse IP');
  let t = s;
  let zoneLen = 0;
  const pct = t.indexOf('%');
  if (pct >= 0) {
    if (pct === t.length - 1) return fail('zone must be a non-empty string');
    zoneLen = t.length - pct;
    t = t.slice(0, pct);
  }
  let ellipsis = -1;
  if (t.length >= 2 && t[0] === ':' && t[1] === ':') {
    ellipsis = 0;
    t = t.slice(2);
    if (t.length === 0) return { v4: false };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < t.length; off++) {
      const c = t[off];
      if (/[0-9a-fA-F]/.test(c)) acc = acc * 16 + parseInt(c, 16);
      else break;
      if (off > 3) return fail('each group must have 4 or less digits', t);
      if (acc > 0xffff) return fail('IPv6 field has value >=2^16', t);
    }
    if (off === 0) return fail('each colon-separated field must have at least one digit', t);
    if (off < t.length && t[off] === '.') {
      if (ellipsis < 0 && i !== 12) return fail('embedded IPv4 address must replace the final 2 fields of the address', t);
      if (i + 4 > 16) return fail('too many hex fields to fit an embedded IPv4 at the end of the address', t);
      const end = s.length - zoneLen;
      const e = v4Fields(s.slice(end - t.length, end));
      if (e) return e;
      t = '';
      i += 4;
      break;
    }
    i += 2;
    t = t.slice(off);
    if (t.length === 0) break;
    if (t[0] !== ':') return fail('unexpected character, want colon', t);
    if (t.length === 1) return fail('colon must be followed by more characters', t);
    t = t.slice(1);
    if (t[0] === ':') {
      if (ellipsis >= 0) return fail('multiple :: in address', t);
      ellipsis = i;
      t = t.slice(1);
      if (t.length === 0) break;
    }
  }
  if (t.length !== 0) return fail('trailing garbage after address', t);
  if (i < 16) {
    if (ellipsis < 0) return fail('address string too short');
  } else if (ellipsis >= 0) return fail('the :: must expand to at least one field of zeros');
  return { v4: false };
}

/** parseHost of go1.26 and go1.27 (go@1.26.8 src/net/url/url.go parseHost). */
function parseHostStrict(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new Fail('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Fail("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new Fail(`invalid port ${goQuoteBytes(colonPort)} after host`);
    const port = unescape(colonPort, 'host');
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const name = zone >= 0 ? unescape(hostname.slice(0, zone), 'host') + unescape(hostname.slice(zone), 'zone') : unescape(hostname, 'host');
    const a = parseAddrError(name);
    if ('error' in a) throw new Fail(`invalid host: ${a.error}`);
    if (a.v4) throw new Fail('invalid IP-literal');
    return `[${name}]${port}`;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    // Only http and https hosts are held to one colon (urlstrictcolons=1, the default).
    if (scheme !== 'http' && scheme !== 'https') i = host.lastIndexOf(':');
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new Fail(`invalid port ${goQuoteBytes(colonPort)} after host`);
  }
  return unescape(host, 'host');
}

function parseHost(scheme: string, host: string): string {
  if (strictHosts) return parseHostStrict(scheme, host);
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Fail("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Fail(`invalid port ${goQuoteBytes(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new Fail(`invalid port ${goQuoteBytes(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

function validUserinfo(s: string): boolean {
  // Go ranges over runes; any non-ASCII rune is rejected, as is any non-ASCII byte here.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) continue;
    if ("-._:~!$&'()*+,;=%@".includes(s[i])) continue;
    return false;
  }
  return true;
}

function parseAuthority(scheme: string, authority: string): { user: GoURL['user']; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(scheme, i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return { user: null, host };
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new Fail('net/url: invalid userinfo');
  if (!userinfo.includes(':')) return { user: { username: unescape(userinfo, 'userPassword'), password: '', passwordSet: false }, host };
  const c = userinfo.indexOf(':');
  return { user: { username: unescape(userinfo.slice(0, c), 'userPassword'), password: unescape(userinfo.slice(c + 1), 'userPassword'), passwordSet: true }, host };
}

function emptyURL(): GoURL {
  return { scheme: '', opaque: '', user: null, host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' };
}

function parseNoFrag(raw: string): GoURL {
  for (let i = 0; i < raw.length; i++) {
    const b = raw.charCodeAt(i);
    if (b < 0x20 || b === 0x7f) throw new Fail('net/url: invalid control character in URL');
  }
  const u = emptyURL();
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest: string;
  [u.scheme, rest] = getScheme(raw);
  u.scheme = u.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length - 1 === 1) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    const seg = rest.split('/')[0];
    if (seg.includes(':')) throw new Fail('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const a = parseAuthority(u.scheme, authority);
    u.user = a.user;
    u.host = a.host;
  } else if (u.scheme !== '' && rest.startsWith('/')) {
    u.omitHost = true;
  }
  const p = unescape(rest, 'path');
  u.path = p;
  u.rawPath = escape(p, 'path') === rest ? '' : rest;
  return u;
}

function parseBytes(raw: string): GoURL {
  const h = raw.indexOf('#');
  const base = h >= 0 ? raw.slice(0, h) : raw;
  const frag = h >= 0 ? raw.slice(h + 1) : '';
  let u: GoURL;
  try {
    u = parseNoFrag(base);
  } catch (e) {
    if (e instanceof Fail) throw new GoURLError('parse', base, e.message);
    throw e;
  }
  if (frag === '') return u;
  try {
    const f = unescape(frag, 'fragment');
    u.fragment = f;
    u.rawFragment = escape(f, 'fragment') === frag ? '' : frag;
  } catch (e) {
    if (e instanceof Fail) throw new GoURLError('parse', raw, e.message);
    throw e;
  }
  return u;
}

/**
 * url.Parse. Throws GoURLError with Go's exact text (e.g. `parse "http://[::1": missing ']' in host`).
 * The fields of the result are byte strings; use `goURLString`/`goURLRedacted` for text.
 */
export function parseGoURL(text: string, goVersion?: string | null): GoURL {
  const before = strictHosts;
  strictHosts = strictHostsFor(goVersion);
  try {
    return parseBytes(toBytes(text));
  } finally {
    strictHosts = before;
  }
}

function validEncoded(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ("!$&'()*+,;=:@[]%".includes(c)) continue;
    if (shouldEscape(s.charCodeAt(i), mode)) return false;
  }
  return true;
}

function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to computing the escaping
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function escapedFragment(u: GoURL): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch {
      // fall through
    }
  }
  return escape(u.fragment, 'fragment');
}

function userString(user: NonNullable<GoURL['user']>): string {
  let s = escape(user.username, 'userPassword');
  if (user.passwordSet) s += ':' + escape(user.password, 'userPassword');
  return s;
}

function stringBytes(u: GoURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) buf += '//';
        if (u.user) buf += userString(u.user) + '@';
        if (u.host !== '') buf += escape(u.host, 'host');
      }
    }
    const p = escapedPath(u);
    if (p !== '' && p[0] !== '/' && u.host !== '') buf += '/';
    if (buf.length === 0) {
      const seg = p.split('/')[0];
      if (seg.includes(':')) buf += './';
    }
    buf += p;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escapedFragment(u);
  return buf;
}

/** URL.String. */
export function goURLString(u: GoURL): string {
  return fromBytes(stringBytes(u));
}

/** URL.Redacted: the password (if any) becomes `xxxxx`. */
export function goURLRedacted(u: GoURL): string {
  if (u.user?.passwordSet) return fromBytes(stringBytes({ ...u, user: { ...u.user, password: 'xxxxx' } }));
  return goURLString(u);
}

/** Text of a byte-string field (host, path, ...). */
export const urlText = fromBytes;

/** fmt's `%+v` of a url.URL value, as go prints it in `invalid sumdb name` errors. */
export function goURLStructString(u: GoURL, goVersion?: string | null): string {
  // *Userinfo has a String method, which %+v calls (and which prints "" for nil).
  const user = u.user ? fromBytes(userString(u.user)) : '';
  const head = `{Scheme:${fromBytes(u.scheme)} Opaque:${fromBytes(u.opaque)} User:${user} Host:${fromBytes(u.host)} Path:${fromBytes(u.path)}`;
  // go1.26 reordered the fields of url.URL (go@1.26.8 src/net/url/url.go type URL), and %+v follows.
  if (strictHostsFor(goVersion)) return `${head} Fragment:${fromBytes(u.fragment)} RawQuery:${fromBytes(u.rawQuery)} RawPath:${fromBytes(u.rawPath)} RawFragment:${fromBytes(u.rawFragment)} ForceQuery:${u.forceQuery} OmitHost:${u.omitHost}}`;
  return `${head} RawPath:${fromBytes(u.rawPath)} OmitHost:${u.omitHost} ForceQuery:${u.forceQuery} RawQuery:${fromBytes(u.rawQuery)} Fragment:${fromBytes(u.fragment)} RawFragment:${fromBytes(u.rawFragment)}}`;
}
