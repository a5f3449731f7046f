import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { issuerName } from '../../net/tls-interception';
import { chainEvidence, goTlsText, missingIntermediate, nothingReached, tlsReports } from './tls-common';

export const tlsIncompleteChain: Check = {
  id: 'GPD504',
  slug: 'tls-incomplete-chain',
  layer: 'tls',
  title: 'The server sends its intermediate certificates',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Detects a server that presents its certificate without the intermediate CA certificate(s) that link it to a root. Browsers hide this mistake (they cache intermediates and fetch them from the AIA URL); go does not — crypto/x509 builds chains only from what the server sent plus the trusted roots (go@1.19.8 src/crypto/x509/verify.go:893-951) — and fails with \`x509: certificate signed by unknown authority\`. The fix belongs on the server (serve the full chain, e.g. nginx \`ssl_certificate\` with fullchain.pem); adding the intermediate to go's trust store works around it.`,
  examples: {
    triggers: { description: 'the GOPROXY server sends its leaf without the intermediate', lab: 'tls-missing-intermediate' },
    passes: { description: 'the server sends leaf and intermediate', lab: 'tls-valid' },
  },
  async run(ctx, signal) {
    const reports = await tlsReports(ctx, signal);
    const unreached = nothingReached(reports);
    if (unreached) return { findings: [], status: 'skipped', reason: unreached };
    const findings: Finding[] = [];
    for (const r of reports) {
      const top = missingIntermediate(r);
      if (!top) continue;
      findings.push({
        id: 'GPD504',
        severity: 'error',
        message: `${r.host.label} sends ${r.probe.presented.length} certificate${r.probe.presented.length === 1 ? '' : 's'} and stops at one issued by "${issuerName(top)}", which it does not send and which is not among go's roots (nor Mozilla's). Either the server omits its intermediate certificate — go does not fetch missing intermediates, browsers do, which hides the mistake — or "${issuerName(top)}" is a private CA go does not trust. go fails: ${goTlsText(r, r.go!.error!, ctx.env.go.version)}.`,
        evidence: [...chainEvidence(r), `missing: the certificate for ${top.issuer.replace(/\n/g, ', ')}`],
        fixes: [{ title: 'Or add the missing intermediate to a bundle go reads (SSL_CERT_FILE in the environment go runs in)', preferred: false, kind: 'set-variable', variable: 'SSL_CERT_FILE', value: '/path/to/bundle-with-intermediate.pem' }],
      });
    }
    return { findings };
  },
};
