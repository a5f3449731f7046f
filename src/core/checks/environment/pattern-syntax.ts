import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings, workspaceFacts } from './env-findings';
import { PATTERN_VARIABLES } from './judge-patterns';

/** Patterns that never match. Mirrors module.MatchPrefixPatterns (go@1.19.8 src/cmd/vendor/golang.org/x/mod/module/module.go:802-841). */
export const patternSyntax: Check = {
  id: 'GPD121',
  slug: 'pattern-syntax',
  layer: 'environment',
  title: 'GOPRIVATE-style patterns can match',
  needs: {},
  timeoutMs: 2000,
  doc: `GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE are comma-separated \`path.Match\` globs matched
against the leading elements of module paths (\`module.MatchPrefixPatterns\`,
\`go@1.19.8 src/cmd/vendor/golang.org/x/mod/module/module.go:802-841\`). go does **not** trim
them, matches case-sensitively, drops one trailing \`/\`, and silently ignores malformed globs.
This check reports patterns that can never match a module path:

- spaces around a pattern (\`a.example, b.example\`: the second is \`" b.example"\`)
- quotes kept in the value (\`"git.corp.example"\`)
- a scheme or user (\`https://github.com/org\`, \`git@github.com\`)
- upper case in the host (\`GitHub.com/org\`)
- a malformed glob (\`[\`), an empty element left after the trailing slash (\`corp.example//\`)
- \`*\` alone in GOPRIVATE/GONOSUMDB/GOINSECURE, which matches every module.

The modules such a pattern was meant to cover are treated as public: their paths go to the
proxy and the checksum database, and private ones fail with 404/410. A warning, except for a
GOPRIVATE pattern with a scheme (\`https://git.corp.example.com\`) when go.mod requires a module
that the pattern matches without its scheme: that module will fail, so it is an error. The
preferred fix is the cleaned list.`,
  examples: {
    triggers: { description: 'A space after the comma', env: { GOPRIVATE: 'git.corp.example, github.com/acme' } },
    passes: { description: 'Plain comma-separated patterns', env: { GOPRIVATE: 'git.corp.example,github.com/acme' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD121', PATTERN_VARIABLES, await workspaceFacts(ctx)) };
  },
};
