import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';
import { PATTERN_VARIABLES } from './judge-patterns';

/** GONOPROXY=*, GONOPROXY=none, one of GONOPROXY/GONOSUMDB without the other. Mirrors go@1.19.8 src/cmd/go/internal/cfg/cfg.go:317-319 and modfetch/repo.go:229-253. */
export const patternOverbroad: Check = {
  id: 'GPD123',
  slug: 'pattern-overbroad',
  layer: 'environment',
  title: 'GONOPROXY and GONOSUMDB cover what they should',
  needs: {},
  timeoutMs: 2000,
  doc: `GONOPROXY and GONOSUMDB default to GOPRIVATE only when they are empty
(\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:317-319\`). This check explains combinations that do
something else than people expect:

- \`GONOPROXY=*\`: every module is fetched directly from its repository; GOPROXY is never used.
- \`GONOPROXY=none\` with GOPRIVATE: the documented way to fetch private modules *through* the
  proxy while still skipping the checksum database (\`go help private\`); with a public proxy in
  GOPROXY that proxy learns the private paths.
- GONOSUMDB without GONOPROXY/GOPRIVATE: the modules still go to GOPROXY first.
- GONOPROXY without GONOSUMDB/GOPRIVATE: the modules are fetched directly but still looked up in
  sum.golang.org, which leaks their paths and fails for private ones
  (\`verifying module: ... 404 Not Found\` / \`410 Gone\`).

The preferred fix, where there is one, is GOPRIVATE, which sets both.`,
  examples: {
    triggers: { description: 'Direct fetch without the checksum exemption', env: { GONOPROXY: 'git.corp.example' } },
    passes: { description: 'GOPRIVATE covers both', env: { GOPRIVATE: 'git.corp.example' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD123', PATTERN_VARIABLES) };
  },
};
