/**
 * Facts about hosts used by several 1xx rules: which GOPROXY hosts are public mirrors, which
 * hosts are loopback, and which module-path hosts look private.
 */

/** Public module mirrors (anyone can reach them; private paths sent there leak). */
export const PUBLIC_PROXY_HOSTS = [
  'proxy.golang.org', 'goproxy.cn', 'goproxy.io', 'proxy.golang.com.cn', 'mirrors.aliyun.com', 'goproxy.baidu.com',
  'mirrors.tencent.com', 'mirrors.cloud.tencent.com', 'repo.huaweicloud.com', 'goproxy.bj.bcebos.com', 'gocenter.io',
];

/** Top-level names that only exist inside an organisation (RFC 6762, 8375 and common practice). */
export const PRIVATE_TLDS = ['local', 'internal', 'corp', 'lan', 'intranet', 'home', 'localdomain', 'private', 'test', 'example', 'invalid'];

export function isPublicProxyHost(host: string): boolean {
  const h = host.toLowerCase();
  return PUBLIC_PROXY_HOSTS.some((p) => h === p || h.endsWith('.' + p));
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** An IPv4 address in a private, loopback, link-local or CGNAT range, or a ULA/link-local IPv6. */
export function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^(fc|fd|fe80:)/i.test(h) || h === '::1';
}

/**
 * Why a module-path host (first path element) looks private, or null: no dot, a
 * private top-level name, an IP literal or a loopback name.
 */
export function privateHostReason(host: string): string | null {
  const h = host.toLowerCase();
  if (!h.includes('.')) return `"${host}" has no dot, so it is not a public domain`;
  if (/^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(h)) return `"${host}" is an IP address`;
  if (isLoopbackHost(h)) return `"${host}" is a loopback name`;
  const tld = h.split(':')[0].split('.').pop()!;
  if (PRIVATE_TLDS.includes(tld)) return `".${tld}" is not a public top-level domain`;
  return null;
}

/** Host (with port) of a URL string, or '' when it has none. */
export function hostOf(url: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/.exec(url);
  return m ? m[1] : '';
}

/** Hostname without port or brackets. */
export function hostnameOf(url: string): string {
  const h = hostOf(url);
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') >= 0 ? h.indexOf(']') : h.length);
  const c = h.lastIndexOf(':');
  return c >= 0 && /^\d*$/.test(h.slice(c + 1)) ? h.slice(0, c) : h;
}

export function userinfoOf(url: string): string | null {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^@/?#]*)@/.exec(url);
  return m ? m[1] : null;
}

export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^@/?#]*@/, '$1');
}

export function isPrivateProxyURL(url: string): boolean {
  const h = hostnameOf(url);
  if (!h || isPublicProxyHost(h)) return false;
  return privateHostReason(h) !== null || isPrivateAddress(h) || !h.includes('.');
}
