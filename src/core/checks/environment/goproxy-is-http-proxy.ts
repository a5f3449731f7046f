import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** An HTTP forward proxy put in GOPROXY (static heuristic). */
export const goproxyIsHttpProxy: Check = {
  id: 'GPD105',
  slug: 'goproxy-is-http-proxy',
  layer: 'environment',
  title: 'GOPROXY names a module proxy, not an HTTP proxy',
  needs: {},
  timeoutMs: 2000,
  doc: `Detects an HTTP forward proxy (squid, a corporate gateway) written into GOPROXY, a common
mix-up: GOPROXY must name a *module* proxy, which serves \`<module>/@v/list\`, \`.info\`, \`.mod\`
and \`.zip\`. go sends \`GET <entry>/<module>/@v/<version>.info\` straight to the entry
(\`go@1.19.8 src/cmd/go/internal/modfetch/proxy.go\`), and a forward proxy answers with an error
(400, 403, 404 or 407), so downloads fail with \`reading <url>: 4xx ...\`.

This is a **heuristic** on the value alone: the entry equals HTTPS_PROXY/HTTP_PROXY, or it has no
path and squid's port 3128, or no path, a forward-proxy port (8080, 8888, ...) *and* credentials
or a proxy-like host name (module proxies such as Athens also listen on 8080). A
network check of the protocol layer confirms it by the server's answers. A forward proxy belongs
in HTTPS_PROXY (go uses it for https requests, x/net/http/httpproxy); the preferred fix removes
the entry from GOPROXY.`,
  examples: {
    triggers: { description: 'A squid proxy with credentials in GOPROXY', env: { GOPROXY: 'http://user:pass@squid.corp.example:3128', HTTPS_PROXY: 'http://user:pass@squid.corp.example:3128' } },
    passes: { description: 'The proxy in HTTPS_PROXY, a module proxy in GOPROXY', env: { GOPROXY: 'https://proxy.golang.org,direct', HTTPS_PROXY: 'http://squid.corp.example:3128' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD105', ['GOPROXY']) };
  },
};
