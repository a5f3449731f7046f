import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings, workspaceFacts } from './env-findings';

/** GO111MODULE. Mirrors src/cmd/go/internal/modload/init.go (go@1.19.8 :325-343, go@1.26.8 :482-496). */
export const go111module: Check = {
  id: 'GPD131',
  slug: 'go111module',
  layer: 'environment',
  title: 'GO111MODULE allows module mode',
  needs: {},
  timeoutMs: 2000,
  doc: `GO111MODULE accepts exactly \`on\`, \`off\`, \`auto\` or nothing (= \`on\` since Go 1.16)
(\`src/cmd/go/internal/modload/init.go\`, the same in go1.19.8, go1.26.8 and go1.27.3):

- any other value (\`yes\`, \`true\`, \`ON\`) stops every module-aware command with
  \`go: unknown environment setting GO111MODULE=yes\` (and \`go env -w\` refuses it with
  \`go: invalid GO111MODULE value "yes"\`);
- \`off\` selects GOPATH mode: module commands fail with
  \`go: modules disabled by GO111MODULE=off; see 'go help modules'\`; since Go 1.22 so does
  \`go get\` (go1.19 refuses \`go get <module>@<version>\` with \`go: can only use path@version
  syntax with 'go get' and 'go install' in module-aware mode\` and clones plain \`go get\` paths
  into \`$GOPATH/src\`, ignoring GOPROXY, GONOPROXY and GOSUMDB). Inside a module (a go.mod is
  found) this is an **error**: go ignores go.mod, and builds fail for every import of a required
  module with \`cannot find package "<path>" in any of: ...\`. Elsewhere it is a warning.

The preferred fix maps an invalid value to the one it obviously meant (\`yes\` → \`on\`).`,
  examples: {
    triggers: { description: 'A value go does not know', env: { GO111MODULE: 'yes' } },
    passes: { description: 'Module mode', env: { GO111MODULE: 'on' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD131', ['GO111MODULE'], await workspaceFacts(ctx)) };
  },
};
