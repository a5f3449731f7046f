import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** Plain http to remote proxies, credentials in URLs. Mirrors go@1.19.8 src/cmd/go/internal/web/http.go:165-180. */
export const goproxyPlainHttp: Check = {
  id: 'GPD106',
  slug: 'goproxy-plain-http',
  layer: 'environment',
  title: 'GOPROXY and GOSUMDB URLs are private and protected',
  needs: {},
  timeoutMs: 2000,
  doc: `Reports URLs in GOPROXY (and GOSUMDB) that expose downloads or secrets:

- \`http://\` to a host that is not loopback: module contents travel unprotected. go.sum and the
  checksum database catch altered public modules, but nothing protects modules excluded by
  GONOSUMDB/GOPRIVATE or with \`GOSUMDB=off\`.
- credentials in the URL (\`https://user:token@host\`): go sends them, but \`go env\`, CI logs and
  error messages print them. go reads credentials for https proxies from \`~/.netrc\` (or
  \`$NETRC\`) itself.
- credentials with \`http://\`: go refuses to send them and **every request fails** with
  \`refusing to pass credentials to insecure URL: http://user:xxxxx@host/...\`
  (\`go@1.19.8 src/cmd/go/internal/web/http.go:165-180\`).

No fix is preferred: switching to https or moving credentials needs the server's cooperation.`,
  examples: {
    triggers: { description: 'A plain-http company proxy', env: { GOPROXY: 'http://goproxy.corp.example,direct' } },
    passes: { description: 'https, and plain http only on loopback', env: { GOPROXY: 'https://goproxy.corp.example,http://127.0.0.1:3000,direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD106', ['GOPROXY', 'GOSUMDB']) };
  },
};
