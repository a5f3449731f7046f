import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { goTrustOf, untilAborted } from '../../net/hosts-probes';
import { goReadsCertFiles } from '../../net/tls-trust';
import { tlsReports } from './tls-common';

export const tlsCaBundle: Check = {
  id: 'GPD505',
  slug: 'tls-ca-bundle',
  layer: 'tls',
  title: "go's trusted roots can be read",
  needs: {},
  timeoutMs: 60_000,
  appliesTo: (ctx) => (goReadsCertFiles(ctx.env.platform) ? null : `go on ${ctx.env.platform} asks the operating system to verify certificates; SSL_CERT_FILE and SSL_CERT_DIR play no part`),
  doc: `Loads the roots exactly as go does on Linux and the BSDs (go@1.19.8 src/crypto/x509/root_unix.go:30-82, root_linux.go): \`SSL_CERT_FILE\` replaces the list of bundle files (the first readable of /etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/ca-bundle.crt, /etc/ssl/ca-bundle.pem, /etc/pki/tls/cacert.pem, /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem, /etc/ssl/cert.pem), \`SSL_CERT_DIR\` (colon-separated) replaces the directories (/etc/ssl/certs, /etc/pki/tls/certs, /system/etc/security/cacerts). Reports an SSL_CERT_FILE or SSL_CERT_DIR that cannot be read or holds no certificate, and a machine with no roots at all: go then fails every https request with \`x509: failed to load system roots and no roots provided\` or \`x509: certificate signed by unknown authority\`.

With network checks on, it also reports hosts whose chain only fails because SSL_CERT_FILE/SSL_CERT_DIR hide the system bundle (the chain verifies with Mozilla's roots).`,
  examples: {
    triggers: { description: 'SSL_CERT_FILE names a file that does not exist', env: { SSL_CERT_FILE: '/nonexistent/ca.pem', GOPROXY: 'off', GOSUMDB: 'off' } },
    passes: { description: 'SSL_CERT_FILE unset: go reads the system bundle', env: { GOPROXY: 'off', GOSUMDB: 'off' } },
  },
  async run(ctx, signal) {
    const trust = await untilAborted(goTrustOf(ctx), signal);
    const findings: Finding[] = [];
    for (const p of trust.problems) {
      findings.push({
        id: 'GPD505',
        severity: 'error',
        ...(p.variable ? { variable: p.variable } : {}),
        message: `${p.message}.${p.variable === 'SSL_CERT_FILE' ? ` go reads no other bundle file when SSL_CERT_FILE is set; it still reads the certificate directories (${trust.dirs.map((d) => `${d.path}: ${d.certs}`).join(', ') || 'none readable'}), so it trusts ${trust.pool?.size ?? 0} certificates in all.` : ''}`,
        evidence: [`bundle read: ${trust.bundleFile ?? 'none'}`, ...trust.dirs.map((d) => `${d.path}: ${d.certs} certificates`)],
        fixes: p.variable ? [{ title: `Unset ${p.variable} (go falls back to the system bundle)`, preferred: true, kind: 'command', command: `unset ${p.variable}` }] : [{ title: 'Install the system CA bundle', preferred: true, kind: 'command', command: 'sudo apt-get install ca-certificates' }],
      });
    }
    if (!trust.pool) {
      findings.push({
        id: 'GPD505', severity: 'error',
        message: `go cannot load any root certificate: every https request fails with \`x509: failed to load system roots and no roots provided; ${trust.poolError}\`.`,
        evidence: [`SSL_CERT_FILE=${trust.certFileEnv || '(unset)'}`, `SSL_CERT_DIR=${trust.certDirEnv || '(unset)'}`],
        fixes: [{ title: 'Install the system CA bundle', preferred: true, kind: 'command', command: 'sudo apt-get install ca-certificates' }],
      });
    }
    if (!ctx.options.offline && (trust.certFileEnv || trust.certDirEnv)) {
      for (const r of await tlsReports(ctx, signal)) {
        if (r.go && !r.go.ok && r.go.kind === 'unknown-authority' && r.mozilla?.ok) {
          const v = trust.certFileEnv ? 'SSL_CERT_FILE' : 'SSL_CERT_DIR';
          findings.push({
            id: 'GPD505', severity: 'error', variable: v,
            message: `${r.host.label} has a certificate from a public CA, but go does not trust it because ${v}=${trust.certFileEnv || trust.certDirEnv} replaces the system ${v === 'SSL_CERT_FILE' ? 'bundle file' : 'certificate directories'}. Put your own CA in a copy of the system bundle instead.`,
            evidence: [`go roots from: ${trust.bundleFile ?? 'none'}; ${trust.dirs.map((d) => `${d.path} (${d.certs})`).join(', ')}`],
            fixes: [{ title: 'Build a bundle of the system roots plus your CA', preferred: true, kind: 'command', command: `cat /etc/ssl/certs/ca-certificates.crt ${trust.certFileEnv || '<your-ca.pem>'} > ~/.config/go-ca-bundle.pem && export SSL_CERT_FILE=~/.config/go-ca-bundle.pem` }],
          });
        }
      }
    }
    return { findings, data: { bundleFile: trust.bundleFile, dirs: trust.dirs, roots: trust.pool?.size ?? 0 } };
  },
};
