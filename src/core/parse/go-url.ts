/**
 * Go's net/url.Parse, URL.String and URL.Redacted, ported byte for byte so that the
 * errors and echoes in go's GOPROXY/GOSUMDB messages come out identical.
 * Mirrors go@1.19.8 src/net/url/url.go (parse, getScheme, parseAuthority, parseHost,
 * unescape, escape, shouldEscape, String, Redacted, Error.Error).
 * Internally every string is a byte string (see go-bytes.ts); the API takes and returns text.
 */
import { fromBytes, goQuoteBytes, toBytes } from './go-bytes';

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

function parseHost(host: string): string {
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

function parseAuthority(authority: string): { user: GoURL['user']; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
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
    const a = parseAuthority(authority);
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
export function parseGoURL(text: string): GoURL {
  return parseBytes(toBytes(text));
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
export function goURLStructString(u: GoURL): string {
  const user = u.user ? `&{username:${fromBytes(u.user.username)} password:${fromBytes(u.user.password)} passwordSet:${u.user.passwordSet}}` : '<nil>';
  return `{Scheme:${fromBytes(u.scheme)} Opaque:${fromBytes(u.opaque)} User:${user} Host:${fromBytes(u.host)} Path:${fromBytes(u.path)} RawPath:${fromBytes(u.rawPath)} OmitHost:${u.omitHost} ForceQuery:${u.forceQuery} RawQuery:${fromBytes(u.rawQuery)} Fragment:${fromBytes(u.fragment)} RawFragment:${fromBytes(u.rawFragment)}}`;
}
