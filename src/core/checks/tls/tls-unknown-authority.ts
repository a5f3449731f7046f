import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { interceptionVendor, issuerName } from '../../net/tls-interception';
import { chainEvidence, goTlsText, missingIntermediate, nothingReached, tlsReports } from './tls-common';

export const tlsUnknownAuthority: Check = {
  id: 'GPD501',
  slug: 'tls-unknown-authority',
  layer: 'tls',
  title: 'go trusts the certificate chain',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Handshakes with every https host go talks to (through the HTTP proxy when go would use one), takes the chain the server presents, and verifies it the way go does on this OS: on Linux and the BSDs against the roots go loads itself (SSL_CERT_FILE or the first readable system bundle, plus SSL_CERT_DIR or the default directories — go@1.19.8 src/crypto/x509/root_linux.go, root_unix.go), never fetching missing intermediates.

When go would fail with \`x509: certificate signed by unknown authority\` (go 1.20+: \`tls: failed to verify certificate: x509: certificate signed by unknown authority\`), the chain is also verified against Mozilla's roots (bundled with Node) to tell the cases apart:
- it verifies there → a **public CA missing from the system bundle** (outdated ca-certificates, or SSL_CERT_FILE replacing the bundle);
- its issuer is a known **TLS interception product** (Zscaler, Netskope, Palo Alto, Fortinet, Blue Coat/Symantec, Cisco Umbrella, Sophos, Kaspersky, Avast/AVG, ESET, Forcepoint, …) → the product is named and its CA must be added to go's trust;
- otherwise a private or self-signed CA.

GOINSECURE does not help: it never applies to GOPROXY or checksum-database traffic (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go, web/http.go).`,
  examples: {
    triggers: { description: 'GOPROXY is served with a certificate from a CA go does not trust', lab: 'tls-untrusted' },
    passes: { description: 'SSL_CERT_FILE holds the CA that issued the GOPROXY certificate', lab: 'tls-valid' },
  },
  async run(ctx, signal) {
    const reports = await tlsReports(ctx, signal);
    const unreached = nothingReached(reports);
    if (unreached) return { findings: [], status: 'skipped', reason: unreached };
    const findings: Finding[] = [];
    for (const r of reports) {
      if (!r.go || r.go.ok || r.go.kind !== 'unknown-authority') continue;
      if (missingIntermediate(r)) continue; // GPD504
      const chain = r.probe.presented;
      const vendor = interceptionVendor(chain);
      const top = chain[chain.length - 1];
      const fixes: Fix[] = [];
      let what: string;
      if (r.mozilla?.ok) {
        what = `The chain is issued by a public CA (${issuerName(r.mozilla.chain![r.mozilla.chain!.length - 1])}) that go's trust store on this machine lacks${r.trust.certFileEnv ? `: SSL_CERT_FILE=${r.trust.certFileEnv} replaces the system bundle` : ': the system bundle is outdated or trimmed'}.`;
        if (r.trust.certFileEnv) fixes.push({ title: 'Let go read the system bundle again (append your own CA to a copy of it instead)', preferred: true, kind: 'command', command: `cat /etc/ssl/certs/ca-certificates.crt ${r.trust.certFileEnv} > ~/.config/go-ca-bundle.pem && export SSL_CERT_FILE=~/.config/go-ca-bundle.pem` });
        else fixes.push({ title: 'Update the system CA bundle', preferred: true, kind: 'command', command: 'sudo apt-get install --reinstall ca-certificates && sudo update-ca-certificates' });
      } else if (vendor) {
        what = `The connection is intercepted by ${vendor.vendor}: the certificate go sees for ${r.probe.hostname} was issued by "${vendor.matched}", not by the server's own CA. go verifies end to end and does not trust that CA.`;
      } else {
        what = `The chain ends at "${issuerName(top)}", a private or self-signed CA that go does not trust${r.host.proxy ? ` (the connection goes through ${r.host.proxy.host}, which may re-sign it)` : ''}.`;
      }
      if (!r.mozilla?.ok && ctx.env.platform === 'linux') {
        fixes.push({ title: `Add the CA that issued "${issuerName(top)}" to the system trust store`, preferred: true, kind: 'command', command: 'sudo cp corporate-ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates' });
        fixes.push({ title: 'Or point go at a bundle that contains it (SSL_CERT_FILE in the environment go runs in; go env -w cannot set it)', preferred: false, kind: 'set-variable', variable: 'SSL_CERT_FILE', value: '/path/to/ca-bundle.pem' });
      }
      findings.push({
        id: 'GPD501',
        // Where go asks the OS verifier, the OS store (unseen here) may still trust the CA.
        severity: r.trust.filesUsed ? 'error' : 'warning',
        message: `go does not trust the certificate of ${r.host.label}. ${what} ${goTlsText(r, r.go.error!, ctx.env.go.version)}. GOINSECURE does not change this.`,
        evidence: [...chainEvidence(r), `go's roots: ${r.trust.bundleFile ?? '(no bundle file)'}${r.trust.dirs.length ? ` + ${r.trust.dirs.map((d) => `${d.path} (${d.certs})`).join(', ')}` : ''}`, `Mozilla roots: ${r.mozilla?.ok ? 'verifies' : `does not verify (${r.mozilla?.error ?? 'no chain'})`}`, ...(r.trust.filesUsed ? [] : [`go on ${ctx.env.platform} asks the operating system's verifier; Mozilla's roots stand in for it here, so a CA installed in the OS store can make go succeed`])],
        fixes,
      });
    }
    return { findings, data: reports.map((r) => ({ host: r.host.label, handshake: r.probe.handshake, alpn: r.probe.alpn, go: r.go?.error ?? (r.go?.ok ? 'ok' : undefined), mozilla: r.mozilla?.ok ?? null, chain: r.probe.presented.map((c) => c.subject.replace(/\n/g, ', ')) })) };
  },
};
