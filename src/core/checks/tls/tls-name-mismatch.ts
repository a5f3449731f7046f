import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { verifyHostname, sanOf } from '../../net/tls-verify';
import { classifyAddress } from '../../net/dns-classify';
import { dnsOf, untilAborted } from '../../net/hosts-probes';
import { interceptionVendor } from '../../net/tls-interception';
import { chainEvidence, goTlsText, nothingReached, tlsReports } from './tls-common';

export const tlsNameMismatch: Check = {
  id: 'GPD502',
  slug: 'tls-name-mismatch',
  layer: 'tls',
  title: 'The certificate names the host',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Checks the server certificate's subject alternative names against the host go asked for, with go's rules (go@1.19.8 src/crypto/x509/verify.go:1010-1110): DNS SANs only for names (the Common Name is ignored since Go 1.15), IP SANs only for IP addresses, a wildcard only as the whole left-most label. go fails with \`x509: certificate is valid for a.example, b.example, not proxy.example\`, \`x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs\` or \`x509: certificate relies on legacy Common Name field, use SANs instead\`.

A mismatch usually means the name resolves to the wrong machine — a DNS sinkhole, a captive portal, a hosts-file entry — or a GOPROXY URL written with an IP or an internal alias the certificate does not carry.`,
  examples: {
    triggers: { description: 'the GOPROXY server presents a certificate for another name', lab: 'tls-wrong-name' },
    passes: { description: 'the certificate names the GOPROXY host', lab: 'tls-valid' },
  },
  async run(ctx, signal) {
    const reports = await tlsReports(ctx, signal);
    const unreached = nothingReached(reports);
    if (unreached) return { findings: [], status: 'skipped', reason: unreached };
    const findings: Finding[] = [];
    for (const r of reports) {
      const leaf = r.probe.presented[0];
      if (!leaf) continue;
      const err = verifyHostname(leaf, r.probe.hostname);
      if (!err) continue;
      const evidence = chainEvidence(r);
      let why = '';
      if (!r.host.proxy) {
        const d = await untilAborted(dnsOf(ctx, r.probe.hostname), signal);
        const odd = d.system.addresses.filter((a) => classifyAddress(a.address).cls !== 'public');
        if (odd.length && !r.probe.hostname.endsWith('.test')) why = ` ${r.probe.hostname} resolves to ${odd.map((a) => a.address).join(', ')}, so go probably reached a different machine (a DNS sinkhole or hosts-file entry).`;
        evidence.push(`${r.probe.hostname} → ${d.system.addresses.map((a) => a.address).join(', ') || d.system.failure}`);
      }
      const vendor = interceptionVendor(r.probe.presented);
      if (vendor) why += ` The certificate comes from ${vendor.vendor}, which intercepts the connection.`;
      const san = sanOf(leaf);
      findings.push({
        id: 'GPD502',
        severity: 'error',
        message: `The certificate of ${r.host.label} does not name ${r.probe.hostname} (it names ${[...san.dns, ...san.ip].join(', ') || 'nothing'}).${why} ${goTlsText(r, err, ctx.env.go.version)}.`,
        evidence,
        fixes: [],
      });
    }
    return { findings };
  },
};
