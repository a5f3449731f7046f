/**
 * Which HTTP proxy Go uses for a URL: a port of golang.org/x/net/http/httpproxy
 * (`net@0ca694d http/httpproxy/proxy.go`, vendored by go@1.19.8 as
 * `src/vendor/golang.org/x/net/http/httpproxy/proxy.go`), which net/http's
 * ProxyFromEnvironment — and so the go command — uses.
 *
 * Two generations differ in small ways, selected by `variant`:
 * - `go1.19` (x/net before Sept 2023, what go ≤ 1.21 vendors): a proxy value whose scheme is
 *   not http/https/socks5 is re-read as `http://<value>`.
 * - `current` (x/net after 8c07e20f and cde1dda9): any scheme is kept, `http://` is only
 *   prepended when scheme or host is empty; an IP-literal host never matches a domain entry.
 */

export type ProxyEnvVariant = 'go1.19' | 'current';

export interface ProxyChoice {
  /** The proxy go sends this request through, or null for a direct connection. */
  proxy: URL | null;
  /** Plain words: why this proxy (or none) was chosen. */
  reason: string;
  /** Set when go refuses the request (CGI rule); go prints it as `Get "<url>": <error>`. */
  error?: string;
  /** The variable the proxy came from (`HTTPS_PROXY`, `https_proxy`, ...). */
  variable?: string;
  /** The NO_PROXY entry that excluded the host. */
  noProxyEntry?: string;
  /** The proxy value could not be parsed; go silently goes direct. */
  invalidProxy?: string;
}

export interface ProxyConfig {
  httpProxy: string;
  httpProxyVar?: string;
  httpsProxy: string;
  httpsProxyVar?: string;
  noProxy: string;
  noProxyVar?: string;
  cgi: boolean;
}

type Env = Record<string, string | undefined>;

/** `getEnvAny`: the first name with a non-empty value wins (proxy.go:99-106). */
function getEnvAny(env: Env, ...names: string[]): { value: string; name?: string } {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return { value: v, name: n };
  }
  return { value: '' };
}

/** `FromEnvironment` (proxy.go:90-97). */
export function proxyConfigFromEnv(env: Env): ProxyConfig {
  const http = getEnvAny(env, 'HTTP_PROXY', 'http_proxy');
  const https = getEnvAny(env, 'HTTPS_PROXY', 'https_proxy');
  const no = getEnvAny(env, 'NO_PROXY', 'no_proxy');
  return {
    httpProxy: http.value,
    httpProxyVar: http.name,
    httpsProxy: https.value,
    httpsProxyVar: https.name,
    noProxy: no.value,
    noProxyVar: no.name,
    cgi: (env.REQUEST_METHOD ?? '') !== '',
  };
}

// ---------------------------------------------------------------------------------------
// A subset of Go's net/url.Parse, enough to decide what parseProxy accepts.

export interface GoURL {
  scheme: string;
  userinfo?: string;
  host: string;
  rest: string;
}

const HOST_OK = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%]*$/;

/** Go's url.Parse, reduced to scheme/userinfo/host validation. Returns an error string like Go's. */
export function parseGoURL(raw: string): GoURL | { error: string } {
  const quoted = JSON.stringify(raw);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return { error: `parse ${quoted}: net/url: invalid control character in URL` };
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  // getScheme (url.go:441-465)
  let scheme = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: `parse ${quoted}: missing protocol scheme` };
      scheme = rest.slice(0, i).toLowerCase();
      rest = rest.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/') && scheme !== '') {
    // Opaque URL (e.g. "host:1234" read as scheme "host"): valid, no host.
    return { scheme, host: '', rest };
  }
  if (scheme === '' && !rest.startsWith('/')) {
    const seg = rest.split('/')[0];
    if (seg.includes(':')) return { error: `parse ${quoted}: first path segment in URL cannot contain colon` };
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    let path = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      path = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
    const host = at >= 0 ? authority.slice(at + 1) : authority;
    const hostErr = checkGoHost(host);
    if (hostErr) return { error: `parse ${quoted}: ${hostErr}` };
    return { scheme, userinfo, host, rest: path };
  }
  return { scheme, host: '', rest };
}

/** parseHost (url.go:575-630): brackets, port digits, allowed characters. */
function checkGoHost(host: string): string | null {
  let port = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    port = host.slice(close + 1);
    if (port !== '' && !/^:[0-9]*$/.test(port)) return `invalid port ${JSON.stringify(port)} after host`;
    return null;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    port = host.slice(colon);
    if (!/^:[0-9]*$/.test(port)) return `invalid port ${JSON.stringify(port)} after host`;
  }
  for (const ch of host) {
    if (ch.charCodeAt(0) < 0x80 && !HOST_OK.test(ch)) return `invalid character ${JSON.stringify(ch)} in host name`;
  }
  return null;
}

function toWhatwg(u: GoURL): URL | null {
  const auth = u.userinfo !== undefined ? `${u.userinfo}@` : '';
  try {
    return new URL(`${u.scheme}://${auth}${u.host}${u.rest}`);
  } catch {
    return null;
  }
}

/** `parseProxy` (proxy.go:147-167; go1.19 vendored copy :147-167). */
export function parseProxyValue(value: string, variant: ProxyEnvVariant = 'current'): { url: URL | null; error?: string } {
  if (value === '') return { url: null };
  const first = parseGoURL(value);
  const bogus =
    'error' in first ||
    (variant === 'go1.19'
      ? first.scheme !== 'http' && first.scheme !== 'https' && first.scheme !== 'socks5'
      : first.scheme === '' || first.host === '');
  if (bogus) {
    const second = parseGoURL(`http://${value}`);
    if (!('error' in second)) {
      const url = toWhatwg(second);
      return url ? { url } : { url: null, error: `invalid proxy address ${JSON.stringify(value)}` };
    }
  }
  if ('error' in first) return { url: null, error: `invalid proxy address ${JSON.stringify(value)}: ${first.error}` };
  const url = toWhatwg(first);
  return url ? { url } : { url: null, error: `invalid proxy address ${JSON.stringify(value)}` };
}

// ---------------------------------------------------------------------------------------
// IP addresses as Go's net.IP: 16 bytes, IPv4 stored v4-mapped.

type IP = { bytes: number[]; v4: boolean };

/** net.ParseIP: dotted IPv4 (no leading zeros) or IPv6 (no zone). */
export function parseIP(s: string): IP | null {
  const v4 = parseIPv4(s);
  if (v4) return { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4], v4: true };
  const v6 = parseIPv6(s);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { bytes: v6, v4: mapped };
}

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | null {
  if (s.includes('%')) return null;
  let head = s;
  let tail4: number[] | null = null;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (!tail4) return null;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.split('::');
  if (dbl.length > 2) return null;
  const groups = (x: string): number[] | null => {
    if (x === '') return [];
    const out: number[] = [];
    for (const g of x.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const a = groups(dbl[0]);
  const b = dbl.length === 2 ? groups(dbl[1]) : [];
  if (!a || !b) return null;
  let words: number[];
  if (dbl.length === 2) {
    const fill = 8 - a.length - b.length;
    if (fill < 1) return null;
    words = [...a, ...new Array<number>(fill).fill(0), ...b];
  } else {
    if (a.length !== 8) return null;
    words = a;
  }
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  if (tail4) bytes.splice(12, 4, ...tail4);
  return bytes;
}

function isLoopback(ip: IP): boolean {
  if (ip.v4) return ip.bytes[12] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

function ipEqual(a: IP, b: IP): boolean {
  return a.bytes.every((x, i) => x === b.bytes[i]);
}

interface Cidr { ip: IP; bits: number; v4: boolean }

/** net.ParseCIDR. */
function parseCIDR(s: string): Cidr | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const v4 = parseIPv4(addr) !== null;
  const ip = parseIP(addr);
  if (!ip || !/^[0-9]+$/.test(mask)) return null;
  const bits = Number(mask);
  if (bits > (v4 ? 32 : 128)) return null;
  return { ip, bits, v4 };
}

/** IPNet.Contains: an IPv4 host only matches an IPv4 network, and vice versa. */
function cidrContains(n: Cidr, ip: IP): boolean {
  if (n.v4 !== ip.v4) return false;
  const offset = n.v4 ? 12 : 0;
  for (let bit = 0; bit < n.bits; bit++) {
    const i = offset + (bit >> 3);
    const m = 0x80 >> (bit & 7);
    if ((n.ip.bytes[i] & m) !== (ip.bytes[i] & m)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// NO_PROXY (proxy.go:205-274, 338-373)

type Matcher =
  | { kind: 'all'; entry: string }
  | { kind: 'cidr'; entry: string; cidr: Cidr }
  | { kind: 'ip'; entry: string; ip: IP; port: string }
  | { kind: 'domain'; entry: string; host: string; port: string; matchHost: boolean };

export interface NoProxyRules { ip: Matcher[]; domain: Matcher[] }

/** net.SplitHostPort, enough for NO_PROXY entries. */
function splitHostPort(s: string): { host: string; port: string } | null {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0 || s[close + 1] !== ':') return null;
    if (s.indexOf('[', 1) >= 0 || s.indexOf(']', close + 1) >= 0) return null;
    return { host: s.slice(1, close), port: s.slice(close + 2) };
  }
  const colon = s.lastIndexOf(':');
  if (colon < 0) return null;
  const host = s.slice(0, colon);
  if (host.includes(':')) return null; // too many colons
  return { host, port: s.slice(colon + 1) };
}

export function parseNoProxy(noProxy: string): NoProxyRules {
  const ip: Matcher[] = [];
  const domain: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const p = raw.trim().toLowerCase();
    if (p.length === 0) continue;
    if (p === '*') return { ip: [{ kind: 'all', entry: p }], domain: [{ kind: 'all', entry: p }] };
    const cidr = parseCIDR(p);
    if (cidr) {
      ip.push({ kind: 'cidr', entry: raw.trim(), cidr });
      continue;
    }
    let phost: string;
    let pport = '';
    const hp = splitHostPort(p);
    if (hp) {
      if (hp.host.length === 0) continue;
      phost = hp.host;
      pport = hp.port;
      if (phost.startsWith('[') && phost.endsWith(']')) phost = phost.slice(1, -1);
    } else {
      phost = p;
    }
    const pip = parseIP(phost);
    if (pip) {
      ip.push({ kind: 'ip', entry: raw.trim(), ip: pip, port: pport });
      continue;
    }
    if (phost.length === 0) continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    let matchHost = false;
    if (phost[0] !== '.') {
      matchHost = true;
      phost = '.' + phost;
    }
    domain.push({ kind: 'domain', entry: raw.trim(), host: idnaASCII(phost), port: pport, matchHost });
  }
  return { ip, domain };
}

/** Host names become ASCII (punycode) as Go's idna.Lookup.ToASCII; WHATWG URL does it for us. */
function idnaASCII(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(v)) return v;
  try {
    const lead = v.startsWith('.') ? '.' : '';
    return lead + new URL(`http://${v.slice(lead.length)}/`).hostname;
  } catch {
    return v;
  }
}

function matches(m: Matcher, host: string, port: string, ip: IP | null): boolean {
  switch (m.kind) {
    case 'all':
      return true;
    case 'cidr':
      return ip !== null && cidrContains(m.cidr, ip);
    case 'ip':
      return ip !== null && ipEqual(m.ip, ip) && (m.port === '' || m.port === port);
    case 'domain':
      if (host.endsWith(m.host) || (m.matchHost && host === m.host.slice(1))) return m.port === '' || m.port === port;
      return false;
  }
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443', socks5: '1080' };

/** The host and port go compares (canonicalAddr, proxy.go:276-293), brackets removed. */
export function canonicalHostPort(url: URL): { host: string; port: string } {
  let host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const scheme = url.protocol.replace(/:$/, '');
  return { host: idnaASCII(host), port: url.port || DEFAULT_PORT[scheme] || '' };
}

/**
 * `useProxy` (proxy.go:170-203): false when the host is localhost / loopback or NO_PROXY
 * excludes it. Returns the matching reason.
 */
export function noProxyExcludes(
  rules: NoProxyRules,
  url: URL,
  variant: ProxyEnvVariant = 'current',
): { excluded: boolean; loopback?: boolean; entry?: string } {
  const { host: rawHost, port } = canonicalHostPort(url);
  if (rawHost === 'localhost') return { excluded: true, loopback: true };
  const ip = parseIP(rawHost);
  if (ip && isLoopback(ip)) return { excluded: true, loopback: true };
  const host = rawHost.trim().toLowerCase();
  if (ip) {
    for (const m of rules.ip) if (matches(m, host, port, ip)) return { excluded: true, entry: m.entry };
    // CVE-2025-22870 fix (x/net cde1dda9): an IP literal never matches a domain entry.
    if (variant === 'current' && !rules.domain.some((m) => m.kind === 'all')) return { excluded: false };
  }
  for (const m of rules.domain) if (matches(m, host, port, ip)) return { excluded: true, entry: m.entry };
  return { excluded: false };
}

/**
 * The proxy go uses for `url` given the process environment `env` (`proxyForURL`,
 * proxy.go:127-145). `HTTPS_PROXY` only for https, `HTTP_PROXY` only for http, nothing for
 * other schemes.
 */
export function proxyForURL(url: URL, env: Env, variant: ProxyEnvVariant = 'current'): ProxyChoice {
  const cfg = proxyConfigFromEnv(env);
  return proxyForURLWithConfig(url, cfg, variant);
}

export function proxyForURLWithConfig(url: URL, cfg: ProxyConfig, variant: ProxyEnvVariant = 'current'): ProxyChoice {
  const scheme = url.protocol.replace(/:$/, '');
  let value = '';
  let variable: string | undefined;
  if (scheme === 'https') {
    value = cfg.httpsProxy;
    variable = cfg.httpsProxyVar;
  } else if (scheme === 'http') {
    value = cfg.httpProxy;
    variable = cfg.httpProxyVar;
  } else {
    return { proxy: null, reason: `go uses no HTTP proxy for ${scheme}: URLs` };
  }
  const parsed = parseProxyValue(value, variant);
  if (!parsed.url) {
    if (parsed.error) {
      return {
        proxy: null,
        variable,
        invalidProxy: value,
        reason: `${variable}=${value} cannot be parsed (${parsed.error}); go ignores it and connects directly`,
      };
    }
    const other = scheme === 'https' ? cfg.httpProxyVar : cfg.httpsProxyVar;
    const hint = other ? ` (${other} is set but only applies to ${scheme === 'https' ? 'http' : 'https'}: URLs)` : '';
    return { proxy: null, reason: `no ${scheme === 'https' ? 'HTTPS_PROXY' : 'HTTP_PROXY'} is set${hint}; go connects directly` };
  }
  if (scheme === 'http' && cfg.cgi) {
    return {
      proxy: null,
      variable,
      reason: `REQUEST_METHOD is set, so go treats the process as a CGI handler and refuses ${variable}`,
      error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy',
    };
  }
  const rules = parseNoProxy(cfg.noProxy);
  const ex = noProxyExcludes(rules, url, variant);
  if (ex.excluded) {
    if (ex.loopback) {
      return { proxy: null, variable, reason: `${url.hostname} is localhost or a loopback address, which go never sends through a proxy` };
    }
    return {
      proxy: null,
      variable,
      noProxyEntry: ex.entry,
      reason: `${cfg.noProxyVar ?? 'NO_PROXY'} entry "${ex.entry}" matches ${url.host}; go connects directly`,
    };
  }
  return { proxy: parsed.url, variable, reason: `${variable} applies to ${scheme}: URLs and no NO_PROXY entry matches ${url.host}` };
}
