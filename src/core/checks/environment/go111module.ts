import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GO111MODULE. Mirrors go@1.19.8 src/cmd/go/internal/modload/init.go:325-343. */
export const go111module: Check = {
  id: 'GPD131',
  slug: 'go111module',
  layer: 'environment',
  title: 'GO111MODULE allows module mode',
  needs: {},
  timeoutMs: 2000,
  doc: `GO111MODULE accepts exactly \`on\`, \`off\`, \`auto\` or nothing (= \`on\` since Go 1.16)
(\`go@1.19.8 src/cmd/go/internal/modload/init.go:325-343\`):

- any other value (\`yes\`, \`true\`, \`ON\`) stops every module-aware command with
  \`go: unknown environment setting GO111MODULE=yes\` (and \`go env -w\` refuses it with
  \`go: invalid GO111MODULE value "yes"\`);
- \`off\` selects GOPATH mode: \`go get\` ignores GOPROXY, GONOPROXY and GOSUMDB and clones into
  \`$GOPATH/src\` (removed in Go 1.22), and module commands fail with
  \`go: modules disabled by GO111MODULE=off; see 'go help modules'\`.

The preferred fix maps an invalid value to the one it obviously meant (\`yes\` → \`on\`).`,
  examples: {
    triggers: { description: 'A value go does not know', env: { GO111MODULE: 'yes' } },
    passes: { description: 'Module mode', env: { GO111MODULE: 'on' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD131', ['GO111MODULE']) };
  },
};
