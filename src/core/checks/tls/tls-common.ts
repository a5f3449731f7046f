import type { X509Certificate } from 'node:crypto';
import type { CheckContext } from '../../model/check';
import { tlsHostsOf, tlsOf, untilAborted, type TlsReport } from '../../net/hosts-probes';
import { bundledRoots } from '../../net/tls-trust';
import { go120Form, type CertPool } from '../../net/tls-verify';
import { certificateErrorText } from '../../net/go-release-rules';
import { interceptionVendor, issuerName } from '../../net/tls-interception';

/** Every https host go talks to, handshaken once per run. */
export async function tlsReports(ctx: CheckContext, signal: AbortSignal): Promise<TlsReport[]> {
  const hosts = await untilAborted(tlsHostsOf(ctx), signal);
  return untilAborted(Promise.all(hosts.map((h) => tlsOf(ctx, h))), signal);
}

export const NO_TLS_HOSTS = 'the current setup names no https host (GOPROXY entry, checksum database or https proxy)';

/**
 * Why nothing could be verified when no host got as far as a TLS handshake (the path failed
 * before: DNS, TCP or the proxy, which their own checks report); null when one did.
 */
export function nothingReached(reports: TlsReport[]): string | null {
  if (reports.length === 0) return NO_TLS_HOSTS;
  if (reports.some((r) => r.probe.failedAt !== 'open')) return null;
  return `no TLS handshake was possible: ${reports.map((r) => `${r.host.label}: ${r.probe.goError ?? 'unreachable'}`).join('; ')}`;
}

/**
 * How go prints a verification failure for this host: as the release the user runs prints it
 * (Go 1.20+ adds `tls: failed to verify certificate: `), both generations when it is unknown.
 */
export function goTlsText(r: TlsReport, x509: string, goVersion: string | null): string {
  const url = `${r.host.url.href.replace(/\/$/, '')}/…`;
  if (goVersion) return `${goVersion} prints \`Get "${url}": ${certificateErrorText(x509, goVersion)}\``;
  return `go 1.19 prints \`Get "${url}": ${x509}\`; go 1.20+ prints \`… ${go120Form(x509)}\``;
}

export function certLine(c: X509Certificate, i: number): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ', ');
  return `#${i} ${cn} — issued by ${issuerName(c)}; valid ${c.validFrom} → ${c.validTo}${c.subjectAltName ? `; ${c.subjectAltName}` : ''}`;
}

export function chainEvidence(r: TlsReport): string[] {
  return [
    `${r.host.label}: SNI ${r.probe.sni ?? '(none: IP address)'}, ALPN ${r.probe.alpn ?? '(none)'}, ${r.probe.tlsVersion ?? ''}${r.host.proxy ? `, through ${r.host.proxy.protocol}//${r.host.proxy.host}` : ''}`,
    `presented chain (${r.probe.presented.length}):`,
    ...r.probe.presented.slice(0, 12).map(certLine),
    ...(r.probe.presented.length > 12 ? [`… ${r.probe.presented.length - 12} more`] : []),
  ];
}

function selfIssued(c: X509Certificate): boolean {
  return c.subject === c.issuer;
}

/**
 * The presented chain stops at a certificate whose issuer nobody here has: neither go's
 * roots nor Mozilla's, and it is not self-issued. go does not fetch missing intermediates
 * (no AIA chasing in crypto/x509), so the server must send them.
 */
export function missingIntermediate(r: TlsReport): X509Certificate | null {
  const chain = r.probe.presented;
  if (chain.length === 0 || !r.go || r.go.ok || r.go.kind !== 'unknown-authority') return null;
  const pools: CertPool[] = [bundledRoots(), ...(r.trust.pool ? [r.trust.pool] : [])];
  // The top of what links together from the leaf.
  let top = chain[0];
  for (;;) {
    const next = chain.find((c) => c !== top && c.subject === top.issuer);
    if (!next || next === chain[0]) break;
    top = next;
    if (selfIssued(top)) break;
  }
  if (selfIssued(top)) return null;
  if (pools.some((p) => p.potentialParents(top).length > 0)) return null;
  // A chain that reaches a CA certificate is complete as far as anyone can tell: its root is
  // simply not trusted (GPD501). One that stops at the leaf lacks what issued it.
  if (top.ca) return null;
  if (interceptionVendor(chain)) return null;
  return top;
}
