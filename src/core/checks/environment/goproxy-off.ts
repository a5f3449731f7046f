import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GOPROXY=off. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/repo.go:229-270. */
export const goproxyOff: Check = {
  id: 'GPD103',
  slug: 'goproxy-off',
  layer: 'environment',
  title: 'GOPROXY does not switch downloads off',
  needs: {},
  timeoutMs: 2000,
  doc: `Reports \`off\` in GOPROXY and what it does (\`go@1.19.8 src/cmd/go/internal/modfetch/repo.go:229-270\`):

- \`GOPROXY=off\`: go downloads nothing. Whatever is not in the module cache fails with
  \`module lookup disabled by GOPROXY=off\` — \`go get\`, \`go mod tidy\`, \`go mod download\`,
  builds of a module whose dependencies are not cached yet. Modules matching GONOPROXY/GOPRIVATE
  are still fetched directly from their repositories, even with \`off\`.
- \`...,off\` at the end: after every proxy answered 404/410, go reports
  \`module lookup disabled by GOPROXY=off\` instead of the proxies' answers, and never tries the
  module's repository.

\`off\` is legitimate for offline or vendored builds, so this is a warning (info at the end of a
list), and the fix is never preferred.`,
  examples: {
    triggers: { description: 'Downloads switched off', env: { GOPROXY: 'off' } },
    passes: { description: 'The default list', env: { GOPROXY: 'https://proxy.golang.org,direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD103', ['GOPROXY']) };
  },
};
