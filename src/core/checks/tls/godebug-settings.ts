import type { GoVersion } from '../../env/go-version';

/**
 * The GODEBUG settings that change what go's own downloads accept (TLS, x509, HTTP, DNS), per
 * release. Read from each release: go@1.19.8 has no table (settings are read ad hoc:
 * crypto/x509/x509.go:838 x509sha1, net/http/transport.go:363 http2client, net/conf.go:322
 * netdns); go@1.26.8 and go@1.27.3 src/internal/godebugs/table.go (All, Removed) and
 * doc/godebug.md for the release that added each one. The go command is built as its own
 * release's main module, so its defaults are that release's new behaviour; GODEBUG in the
 * environment overrides them (the last `name=value` wins from Go 1.21, internal/godebug
 * parse; the first in go1.19.8, internal/godebug.get). go.mod `godebug` lines and
 * `//go:debug` change programs go builds, never the go command itself.
 */
export interface GodebugSetting {
  name: string;
  area: 'x509' | 'tls' | 'http' | 'dns' | 'fips';
  /** First releases that read it, as [minor, patch] minima per line (a backport lists several). */
  since: Array<[number, number]>;
  /** Minor release that removed it (internal/godebugs Removed). */
  removed?: number;
  /** The go command's value when GODEBUG does not set it. */
  defaultValue(minor: number): string;
  /** What `value` does to go's downloads when it is not the default, in words; null = no change. */
  effect(value: string, minor: number): string | null;
  /** The value accepts what the release refuses by default (weaker verification, old ciphers). */
  weakens(value: string): boolean;
  /** What go does once the setting is gone (removed) or before it existed, in words. */
  without: { removed?: string; before?: string };
}

const one = (v: string) => v === '1';
const zero = (v: string) => v === '0';

export const GODEBUG_SETTINGS: GodebugSetting[] = [
  {
    name: 'x509sha1', area: 'x509', since: [[18, 0]], removed: 24,
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'accepts certificates signed with SHA-1 (go refuses them otherwise: `x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)`)' : null),
    weakens: one,
    without: { removed: 'go refuses certificates signed with SHA-1, whatever GODEBUG says' },
  },
  {
    name: 'x509negativeserial', area: 'x509', since: [[23, 0]],
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'accepts certificates with a negative serial number (refused since Go 1.23)' : null),
    weakens: one,
    without: { before: 'this go accepts negative serial numbers anyway' },
  },
  {
    name: 'rsa1024min', area: 'x509', since: [[24, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'accepts RSA keys smaller than 1024 bits (refused since Go 1.24)' : null),
    weakens: zero,
    without: { before: 'this go accepts RSA keys smaller than 1024 bits anyway' },
  },
  {
    name: 'x509usefallbackroots', area: 'x509', since: [[20, 0]],
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'would prefer fallback roots, but only in programs that call x509.SetFallbackRoots: the go command does not, so nothing changes for its downloads' : null),
    weakens: () => false,
    without: {},
  },
  {
    name: 'x509sslcertoverrideplatform', area: 'x509', since: [[27, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'on macOS and Windows, SSL_CERT_FILE/SSL_CERT_DIR no longer replace the system verifier (Go 1.27 made them replace it); no change on Linux' : null),
    weakens: () => false,
    without: { before: 'on macOS and Windows this go ignores SSL_CERT_FILE/SSL_CERT_DIR for verification anyway' },
  },
  {
    name: 'tlsmaxrsasize', area: 'tls', since: [[19, 13], [20, 8], [21, 1], [22, 0]],
    defaultValue: () => '8192',
    effect: (v) => (v !== '8192' && /^\d+$/.test(v) ? `changes the largest RSA key go accepts in a TLS handshake from 8192 to ${v} bits` : null),
    weakens: (v) => /^\d+$/.test(v) && Number(v) > 8192,
    without: { before: 'this go has no limit on RSA key sizes in handshakes' },
  },
  {
    name: 'tlsrsakex', area: 'tls', since: [[22, 0]], removed: 27,
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'offers the RSA key exchange cipher suites again (dropped from the defaults in Go 1.22): servers that support nothing else work' : null),
    weakens: one,
    without: { removed: 'go offers no RSA key exchange cipher suite: a server that supports nothing else fails the handshake', before: 'this go offers the RSA key exchange cipher suites anyway' },
  },
  {
    name: 'tls3des', area: 'tls', since: [[23, 0]], removed: 27,
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'offers the 3DES cipher suites again (dropped from the defaults in Go 1.23)' : null),
    weakens: one,
    without: { removed: 'go offers no 3DES cipher suite: a server that supports nothing else fails the handshake', before: 'this go offers the 3DES cipher suites anyway' },
  },
  {
    name: 'tls10server', area: 'tls', since: [[22, 0]], removed: 27,
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'lets go *servers* accept TLS 1.0 and 1.1; go as a client (its downloads) still requires TLS 1.2 (crypto/tls common.go supportedVersions), so nothing changes here' : null),
    weakens: () => false,
    without: { removed: 'go servers refuse TLS 1.0 and 1.1; go as a client never offered them' },
  },
  {
    name: 'tlssha1', area: 'tls', since: [[25, 0]],
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'accepts SHA-1 signatures in TLS 1.2 handshakes again (refused since Go 1.25, RFC 9155)' : null),
    weakens: one,
    without: { before: 'this go accepts SHA-1 signatures in TLS 1.2 handshakes anyway' },
  },
  {
    name: 'tlskyber', area: 'tls', since: [[23, 0]], removed: 24,
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'does not offer the X25519Kyber768Draft00 key exchange (helps servers and middleboxes that break on a large ClientHello)' : null),
    weakens: () => false,
    without: { removed: 'go offers X25519MLKEM768 instead (GODEBUG tlsmlkem=0 turns that off)' },
  },
  {
    name: 'tlsmlkem', area: 'tls', since: [[24, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'does not offer the X25519MLKEM768 key exchange (helps servers and middleboxes that break on a large ClientHello)' : null),
    weakens: () => false,
    without: { before: 'this go does not offer X25519MLKEM768' },
  },
  {
    name: 'tlssecpmlkem', area: 'tls', since: [[26, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'does not offer the SecP256r1MLKEM768 and SecP384r1MLKEM1024 key exchanges' : null),
    weakens: () => false,
    without: { before: 'this go does not offer these key exchanges' },
  },
  {
    name: 'fips140', area: 'fips', since: [[24, 0]],
    defaultValue: () => 'off',
    effect: (v) => (v === 'only' ? 'allows only FIPS 140-3 approved algorithms: TLS with anything else fails' : v === 'on' ? 'runs the FIPS 140-3 module (approved algorithms preferred)' : null),
    weakens: () => false,
    without: { before: 'this go has no FIPS 140-3 mode' },
  },
  {
    name: 'http2client', area: 'http', since: [[6, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? 'makes go talk HTTP/1.1 to https servers (no HTTP/2)' : null),
    weakens: () => false,
    without: {},
  },
  {
    name: 'httplaxcontentlength', area: 'http', since: [[22, 0]],
    defaultValue: () => '0',
    effect: (v) => (one(v) ? 'accepts answers with an empty Content-Length header (refused since Go 1.22)' : null),
    weakens: one,
    without: { before: 'this go accepts an empty Content-Length anyway' },
  },
  {
    name: 'netdns', area: 'dns', since: [[5, 0]],
    defaultValue: () => '',
    effect: (v) => (/(^|\+)cgo($|\+)/.test(v) ? "resolves names with the C library (getaddrinfo) instead of go's own resolver: DNS errors read differently" : /(^|\+)go($|\+)/.test(v) ? "forces go's own resolver (reads /etc/resolv.conf and /etc/hosts itself)" : null),
    weakens: () => false,
    without: {},
  },
  {
    name: 'netedns0', area: 'dns', since: [[21, 12], [22, 5], [23, 0]],
    defaultValue: () => '1',
    effect: (v) => (zero(v) ? "stops sending EDNS0 in go's own DNS queries (some home routers break on it)" : null),
    weakens: () => false,
    without: { before: 'this go cannot turn EDNS0 off' },
  },
];

/** Does this release read the setting (ignoring removal)? */
export function releaseKnows(s: GodebugSetting, v: GoVersion): boolean {
  if (v.major !== 1) return v.major > 1;
  // A backport list: the line of this minor, or any line below it (then every later minor has it).
  const line = s.since.find(([m]) => m === v.minor);
  if (line) return v.patch >= line[1];
  return s.since.some(([m]) => m < v.minor) && s.since[0][0] < v.minor;
}

/** GODEBUG as the release reads it: comma-separated name=value; Go 1.21+ keeps the last, go1.19.8 the first. */
export function parseGodebug(value: string, lastWins: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const parts = value.split(',');
  for (const p of lastWins ? parts.reverse() : parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const name = p.slice(0, eq);
    if (!out.has(name)) out.set(name, p.slice(eq + 1));
  }
  return out;
}

/**
 * Settings removed from Go, with the "old" values that make go1.27.3 and later stop at startup
 * (go@1.27.3 src/internal/godebugs/table.go Removed; src/runtime/runtime1.go parsegodebug,
 * src/runtime/proc.go main; golang/go#76163). go1.26.8 and older ignore them silently.
 */
export const REMOVED_GODEBUGS: Array<{ name: string; removed: number; old(value: string): boolean }> = [
  { name: 'x509sha1', removed: 24, old: one },
  { name: 'tlskyber', removed: 24, old: zero },
  { name: 'gotypesalias', removed: 27, old: zero },
  { name: 'tlsunsafeekm', removed: 27, old: one },
  { name: 'tlsrsakex', removed: 27, old: one },
  { name: 'tls3des', removed: 27, old: one },
  { name: 'tls10server', removed: 27, old: one },
  { name: 'x509keypairleaf', removed: 27, old: zero },
  { name: 'asynctimerchan', removed: 27, old: (v) => v === '1' || v === '2' },
];

/** First release whose runtime refuses a removed setting at its old value. */
export const FATAL_REMOVED_SINCE = 27;

/**
 * go's startup failure for GODEBUG, or null: fields are read left to right and the first
 * removed setting at an old value stops go, even if a later field sets it again.
 */
export function godebugFatal(godebug: string, v: GoVersion): { name: string; value: string; text: string } | null {
  if (v.major === 1 && v.minor < FATAL_REMOVED_SINCE) return null;
  for (const field of godebug.split(',')) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    const r = REMOVED_GODEBUGS.find((x) => x.name === name);
    if (r && r.old(value)) {
      return { name, value, text: `fatal error: removed GODEBUG "${name}" set to old value "${value}" in environment (https://go.dev/doc/godebug#go-1${r.removed})` };
    }
  }
  return null;
}
