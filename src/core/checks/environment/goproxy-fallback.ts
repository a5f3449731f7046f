import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** What each separator means. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:138-184 and web/api.go:68-70. */
export const goproxyFallback: Check = {
  id: 'GPD104',
  slug: 'goproxy-fallback',
  layer: 'environment',
  title: 'GOPROXY fallback chain',
  needs: {},
  timeoutMs: 2000,
  doc: `Explains, for a GOPROXY with several entries, when go moves on to the next one
(\`go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:138-184\`):

- after \`,\` only when the proxy answered **404 or 410** (\`web/api.go:68-70\`); any other
  error — 401/403/429, 5xx, a TLS, DNS or connection failure — stops the download there, even if
  \`direct\` follows. A 200 with an empty or HTML body is an error too, never a fall-through.
- after \`|\` on **any** error.
- a proxy that accepts the connection and never answers is not an error: go has no overall
  HTTP timeout and waits forever, \`|\` or not.
- when everything fails, go reports the error of \`direct\` if it was reached, else the last
  error that is not a 404/410, else the last 404/410.

It warns when \`|\` follows your own proxy and a public mirror comes next: any failure of your
proxy (an outage, an expired token) sends the paths of private modules to the public mirror.
The fix replaces that \`|\` with \`,\`.`,
  examples: {
    triggers: { description: 'A company proxy followed by "|" and a public mirror', env: { GOPROXY: 'https://goproxy.corp.example|https://proxy.golang.org,direct' } },
    passes: { description: 'A single proxy', env: { GOPROXY: 'https://proxy.golang.org' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD104', ['GOPROXY']) };
  },
};
