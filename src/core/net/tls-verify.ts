import { X509Certificate } from 'node:crypto';
import * as net from 'node:net';

/** A set of trusted certificates, indexed by subject as Go's CertPool is (cert_pool.go). */
export class CertPool {
  private readonly bySubject = new Map<string, X509Certificate[]>();
  private readonly fingerprints = new Set<string>();

  add(cert: X509Certificate): void {
    if (this.fingerprints.has(cert.fingerprint256)) return;
    this.fingerprints.add(cert.fingerprint256);
    const list = this.bySubject.get(cert.subject) ?? [];
    list.push(cert);
    this.bySubject.set(cert.subject, list);
  }

  get size(): number {
    return this.fingerprints.size;
  }

  contains(cert: X509Certificate): boolean {
    return this.fingerprints.has(cert.fingerprint256);
  }

  /** Candidates whose subject is `cert`'s issuer (findPotentialParents). */
  potentialParents(cert: X509Certificate): X509Certificate[] {
    return this.bySubject.get(cert.issuer) ?? [];
  }

  static of(certs: Iterable<X509Certificate>): CertPool {
    const p = new CertPool();
    for (const c of certs) p.add(c);
    return p;
  }
}

/**
 * Every CERTIFICATE block of a PEM text, parsed; what does not parse is skipped, as
 * Go's CertPool.AppendCertsFromPEM does (cert_pool.go:208-233).
 */
export function certsFromPem(text: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  const re = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
  for (const m of text.matchAll(re)) {
    try {
      out.push(new X509Certificate(m[0]));
    } catch {
      // Go skips certificates it cannot parse.
    }
  }
  return out;
}

/** Go's RFC 3339 rendering of a time (UTC here; go prints the local zone). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type VerifyErrorKind = 'expired' | 'not-yet-valid' | 'hostname' | 'unknown-authority' | 'system-roots' | 'signature-limit' | 'ok';

export interface GoVerifyResult {
  ok: boolean;
  kind: VerifyErrorKind;
  /** go 1.19's text (`x509: ...`); go 1.20+ prefixes `tls: failed to verify certificate: `. */
  error?: string;
  /** The certificate the error is about. */
  cert?: X509Certificate;
  /** The verified chain, leaf first, ending at a trusted certificate. */
  chain?: X509Certificate[];
}

/** The names a certificate is valid for (DNS and IP SANs). */
export function sanOf(cert: X509Certificate): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const part of (cert.subjectAltName ?? '').split(/, (?=[A-Za-z ]+:)/)) {
    const m = /^([A-Za-z ]+):(.*)$/.exec(part.trim());
    if (!m) continue;
    let v = m[2];
    if (v.startsWith('"')) {
      try { v = JSON.parse(v) as string; } catch { /* keep as is */ }
    }
    if (m[1] === 'DNS') dns.push(v);
    else if (m[1] === 'IP Address') ip.push(v);
  }
  return { dns, ip };
}

function ipEqual(a: string, b: string): boolean {
  const fa = net.isIP(a);
  const fb = net.isIP(b);
  if (!fa || !fb) return a === b;
  const list = new net.BlockList();
  list.addAddress(b, fb === 6 ? 'ipv6' : 'ipv4');
  return list.check(a, fa === 6 ? 'ipv6' : 'ipv4');
}

function validHostname(host: string, isPattern: boolean): boolean {
  if (!isPattern) host = host.replace(/\.$/, '');
  if (!host) return false;
  const parts = host.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) return false;
    if (isPattern && i === 0 && part === '*') continue;
    for (let j = 0; j < part.length; j++) {
      const c = part[j];
      if (/[a-zA-Z0-9]/.test(c)) continue;
      if (c === '-' && j !== 0) continue;
      if (c === '_') continue;
      return false;
    }
  }
  return true;
}

function matchHostnames(pattern: string, host: string): boolean {
  pattern = toLowerASCII(pattern);
  host = toLowerASCII(host.replace(/\.$/, ''));
  if (!pattern || !host) return false;
  const pp = pattern.split('.');
  const hp = host.split('.');
  if (pp.length !== hp.length) return false;
  return pp.every((p, i) => (i === 0 && p === '*') || p === hp[i]);
}

function matchExactly(a: string, b: string): boolean {
  if (!a || a === '.' || !b || b === '.') return false;
  return toLowerASCII(a) === toLowerASCII(b);
}

/** What VerifyHostname looks at in a certificate. */
export interface CertNames {
  dns: string[];
  ip: string[];
  /** Subject CN (only used to word the legacy-CN error). */
  cn?: string;
  hasSAN: boolean;
}

export function namesOf(cert: X509Certificate): CertNames {
  const san = sanOf(cert);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return { ...san, ...(cn !== undefined ? { cn } : {}), hasSAN: Boolean(cert.subjectAltName) };
}

/**
 * Go's Certificate.VerifyHostname with its error texts (go@1.19.8 src/crypto/x509/verify.go:
 * 1078-1110, HostnameError.Error at 96-128). The Common Name is never used for matching.
 */
export function hostnameError(c: CertNames, h: string): string | null {
  const candidateIP = h.length >= 3 && h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  const legacy = !c.hasSAN && c.cn !== undefined && matchHostnames(c.cn, candidateIP) ? 'x509: certificate relies on legacy Common Name field, use SANs instead' : null;
  if (net.isIP(candidateIP)) {
    if (c.ip.some((x) => ipEqual(candidateIP, x))) return null;
    if (legacy) return legacy;
    if (c.ip.length === 0) return `x509: cannot validate certificate for ${candidateIP} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${c.ip.join(', ')}, not ${candidateIP}`;
  }
  const name = toLowerASCII(h);
  const validName = validHostname(name, false);
  for (const m of c.dns) {
    if (validName && validHostname(m, true) ? matchHostnames(m, name) : matchExactly(m, name)) return null;
  }
  if (legacy) return legacy;
  if (c.dns.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${h}`;
  return `x509: certificate is valid for ${c.dns.join(', ')}, not ${h}`;
}

export function verifyHostname(cert: X509Certificate, h: string): string | null {
  return hostnameError(namesOf(cert), h);
}

function toLowerASCII(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Go's isValid time check (verify.go:570-588). */
export function validityError(cert: X509Certificate, now: Date): { kind: 'expired' | 'not-yet-valid'; error: string } | null {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now < from) return { kind: 'not-yet-valid', error: `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(from)}` };
  if (now > to) return { kind: 'expired', error: `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(to)}` };
  return null;
}

const MAX_SIGNATURE_CHECKS = 100; // verify.go:891

function commonName(c: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? /(?:^|\n)O=([^\n]*)/.exec(c.subject)?.[1] ?? `serial:${c.serialNumber}`;
}

/** The error CheckSignatureFrom returns for a bad signature, by key type (x509.go checkSignature). */
function signatureErrorText(parent: X509Certificate): string {
  switch (parent.publicKey.asymmetricKeyType) {
    case 'ec': return 'x509: ECDSA verification failure';
    case 'ed25519': return 'x509: Ed25519 verification failure';
    default: return 'crypto/rsa: verification error';
  }
}

function signedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * Verifies a presented chain the way crypto/tls does on Linux/BSD: leaf validity, then host
 * name, then a path through the presented intermediates to a root of `roots`
 * (go@1.19.8 src/crypto/x509/verify.go:749-830, buildChains 893-951). Go never fetches
 * missing intermediates (no AIA), so neither does this.
 */
export function verifyLikeGo(presented: X509Certificate[], hostname: string, roots: CertPool | null, now: Date, rootsError?: string): GoVerifyResult {
  const leaf = presented[0];
  if (!leaf) return { ok: false, kind: 'unknown-authority', error: 'tls: server sent no certificates' };
  if (!roots) {
    return { ok: false, kind: 'system-roots', error: `x509: failed to load system roots and no roots provided${rootsError ? `; ${rootsError}` : ''}` };
  }
  const v = validityError(leaf, now);
  if (v) return { ok: false, kind: v.kind, error: v.error, cert: leaf };
  if (hostname) {
    const h = verifyHostname(leaf, hostname);
    if (h) return { ok: false, kind: 'hostname', error: h, cert: leaf };
  }
  if (roots.contains(leaf)) return { ok: true, kind: 'ok', chain: [leaf] };
  const intermediates = CertPool.of(presented.slice(1));
  const checks = { n: 0 };
  const r = buildChains(leaf, [leaf], roots, intermediates, now, checks);
  if (r.chain) return { ok: true, kind: 'ok', chain: r.chain };
  const kind: VerifyErrorKind = r.error?.startsWith('x509: signature check attempts') ? 'signature-limit' : r.error?.includes('expired or is not yet valid') ? (r.error.includes('is before') ? 'not-yet-valid' : 'expired') : 'unknown-authority';
  return { ok: false, kind, error: r.error, cert: r.cert ?? leaf };
}

function buildChains(c: X509Certificate, current: X509Certificate[], roots: CertPool, inter: CertPool, now: Date, checks: { n: number }): { chain?: X509Certificate[]; error?: string; cert?: X509Certificate } {
  let hint: { err: string; cert: X509Certificate } | undefined;
  let err: string | undefined;
  let errCert: X509Certificate | undefined;
  const consider = (candidate: X509Certificate, isRoot: boolean): X509Certificate[] | undefined => {
    if (current.some((x) => x.fingerprint256 === candidate.fingerprint256)) return undefined;
    checks.n++;
    if (checks.n > MAX_SIGNATURE_CHECKS) {
      err = 'x509: signature check attempts limit reached while verifying certificate chain';
      return undefined;
    }
    if (!signedBy(c, candidate)) {
      hint ??= { err: signatureErrorText(candidate), cert: candidate };
      return undefined;
    }
    const v = validityError(candidate, now);
    if (v) {
      err = v.error;
      errCert = candidate;
      return undefined;
    }
    if (isRoot) return [...current, candidate];
    const sub = buildChains(candidate, [...current, candidate], roots, inter, now, checks);
    if (sub.chain) return sub.chain;
    err = sub.error;
    errCert = sub.cert;
    return undefined;
  };
  for (const r of roots.potentialParents(c)) {
    const ch = consider(r, true);
    if (ch) return { chain: ch };
  }
  for (const i of inter.potentialParents(c)) {
    const ch = consider(i, false);
    if (ch) return { chain: ch };
  }
  if (err) return { error: err, cert: errCert ?? c };
  let s = 'x509: certificate signed by unknown authority';
  if (hint) s += ` (possibly because of ${JSON.stringify(hint.err)} while trying to verify candidate authority certificate ${JSON.stringify(commonName(hint.cert))})`;
  return { error: s, cert: c };
}

/** How go 1.20+ prints the same failure (tls.CertificateVerificationError, golang/go#48152). */
export function go120Form(x509Error: string): string {
  return x509Error.startsWith('x509:') ? `tls: failed to verify certificate: ${x509Error}` : x509Error;
}
