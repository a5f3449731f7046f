import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GOINSECURE where it has no effect. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/repo.go:272-294 and web/http.go:31-42. */
export const goinsecureMisuse: Check = {
  id: 'GPD124',
  slug: 'goinsecure-misuse',
  layer: 'environment',
  title: 'GOINSECURE is used for what it does',
  needs: {},
  timeoutMs: 2000,
  doc: `GOINSECURE lets go fetch matching module paths *directly* (go-get discovery and VCS) over
plain http and without certificate checks (\`go@1.19.8 src/cmd/go/internal/modfetch/repo.go:272-294\`,
\`web/http.go:31-42\`). It never applies to GOPROXY requests, to redirects from a proxy, or to
the checksum database. This check reports:

- GOINSECURE patterns that match a GOPROXY host: go still verifies the proxy's certificate
  (\`x509: certificate signed by unknown authority\`); a proxy with a private CA needs
  \`SSL_CERT_FILE\`/\`SSL_CERT_DIR\` (Linux/BSD) or the OS trust store;
- GOINSECURE set while go never fetches directly (no \`direct\` in GOPROXY and no
  GONOPROXY/GOPRIVATE).

\`GOINSECURE=*\` itself is reported by pattern-syntax.`,
  examples: {
    triggers: { description: 'GOINSECURE naming the proxy host', env: { GOPROXY: 'https://goproxy.corp.example,direct', GOINSECURE: 'goproxy.corp.example' } },
    passes: { description: 'GOINSECURE for a private git host fetched directly', env: { GOPROXY: 'https://proxy.golang.org,direct', GOPRIVATE: 'git.corp.example', GOINSECURE: 'git.corp.example' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD124', ['GOINSECURE']) };
  },
};
