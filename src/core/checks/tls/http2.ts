import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { nothingReached, tlsReports } from './tls-common';

export const http2: Check = {
  id: 'GPD506',
  slug: 'http2',
  layer: 'tls',
  title: 'The TLS handshake and HTTP/2 work',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Reports the protocol each https host negotiates by ALPN (go offers \`h2\` and \`http/1.1\`: net/http enables HTTP/2 for https by default), and failures of the handshake itself in go's words (\`net/http: TLS handshake timeout\` after 10 s, \`EOF\`, \`read: connection reset by peer\`, \`http: server gave HTTP response to HTTPS client\`).

When the server (or a middlebox in front of it) agrees to HTTP/2 and then breaks — resets, GOAWAY, garbage frames — while HTTP/1.1 works, go keeps failing; \`GODEBUG=http2client=0\` makes go's client use HTTP/1.1 (go@1.19.8 src/net/http/transport.go:363). GODEBUG is read from the environment only (\`go env -w\` cannot set it).`,
  examples: {
    triggers: { description: 'the GOPROXY server negotiates h2 and then closes the connection, while HTTP/1.1 works', lab: 'tls-h2-broken' },
    passes: { description: 'HTTP/2 works', lab: 'tls-valid' },
  },
  async run(ctx, signal) {
    const reports = await tlsReports(ctx, signal);
    const unreached = nothingReached(reports);
    if (unreached) return { findings: [], status: 'skipped', reason: unreached };
    const godebug = ctx.env.os.GODEBUG ?? '';
    const h2off = /(^|,)http2client=0(,|$)/.test(godebug);
    const findings: Finding[] = [];
    for (const r of reports) {
      const p = r.probe;
      if (p.handshake === 'failed') {
        if (p.failedAt !== 'handshake') continue; // the path failed before TLS: DNS, TCP or proxy checks report it
        findings.push({
          id: 'GPD506', severity: 'error',
          message: `The TLS handshake with ${r.host.label} fails: go prints \`Get "${r.host.url.href.replace(/\/$/, '')}/…": ${p.goError}\`.${p.goError === 'http: server gave HTTP response to HTTPS client' ? ' The server speaks plain HTTP: write the GOPROXY entry with http:// (a bare host:port means https://).' : ''}${p.code === 'ECONNRESET' ? ` The connection is reset as soon as the ClientHello (which names ${p.sni ?? p.hostname} in SNI) is sent: typical of a firewall filtering by server name.` : ''}`,
          evidence: [`${p.hostname}: SNI ${p.sni ?? '(none)'}; ${p.code ?? ''} after ${p.ms} ms`],
          fixes: [],
        });
        continue;
      }
      if (p.alpn === 'h2' && p.http?.error && p.http1 && !p.http1.error && !h2off) {
        findings.push({
          id: 'GPD506', severity: 'error',
          message: `${r.host.label} negotiates HTTP/2 but the request then fails (${p.http.error}); over HTTP/1.1 it answers ${p.http1.status}. go uses HTTP/2 here and fails; GODEBUG=http2client=0 makes it use HTTP/1.1.`,
          evidence: [`ALPN: h2`, `HTTP/2 GET ${r.host.url.pathname}: ${p.http.error}`, `HTTP/1.1 GET ${r.host.url.pathname}: ${p.http1.status}`],
          fixes: [{ title: 'Turn off HTTP/2 in go\'s client: set GODEBUG in the environment go runs in (go env -w cannot set it)', preferred: true, kind: 'set-variable', variable: 'GODEBUG', value: godebug ? `${godebug},http2client=0` : 'http2client=0' }],
        });
      } else if (p.http?.error && (!p.http1 || p.http1.error)) {
        findings.push({
          id: 'GPD506', severity: 'warning',
          message: `${r.host.label} completes the TLS handshake (ALPN ${p.alpn ?? 'none'}) but gives no HTTP answer: ${p.http.error}${p.http1?.error ? `; over HTTP/1.1: ${p.http1.error}` : ''}.`,
          evidence: [`ALPN: ${p.alpn ?? 'none'}`],
          fixes: [],
        });
      }
    }
    return { findings, data: reports.map((r) => ({ host: r.host.label, alpn: r.probe.alpn, http: r.probe.http, http1: r.probe.http1 })) };
  },
};
