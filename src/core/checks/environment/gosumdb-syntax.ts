import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GOSUMDB go rejects. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:59-110 and x/mod sumdb/note/note.go:242-274. */
export const gosumdbSyntax: Check = {
  id: 'GPD111',
  slug: 'gosumdb-syntax',
  layer: 'environment',
  title: 'GOSUMDB parses as go parses it',
  needs: {},
  timeoutMs: 2000,
  doc: `Parses GOSUMDB as go does (\`go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:59-110\`): it is
\`off\`, a known name (only \`sum.golang.org\`; \`sum.golang.google.cn\` is rewritten to
\`sum.golang.org https://sum.golang.google.cn\`), or a verifier key \`<name>+<8 hex>+<base64>\`
(\`x/mod sumdb/note\`: the hash must be the first 4 bytes of SHA-256 of name, newline and key),
optionally followed by whitespace and the database URL.

go checks it only when it must verify a module, and then fails that download with
\`verifying module: <error>\`:

- \`OFF\`, \`on\`, \`sum.golang.org+insecure\`, an unknown name such as \`sum.goproxy.cn\` →
  \`invalid GOSUMDB: malformed verifier id\` (there is no "insecure" modifier; mirrors of the
  checksum database are reached through GOPROXY, not by name)
- a key whose hash does not match → \`invalid GOSUMDB: invalid verifier hash\`
- three or more fields → \`invalid GOSUMDB: too many fields\`
- a bad URL → \`invalid GOSUMDB URL: parse "::bad": missing protocol scheme\`

The preferred fix is \`sum.golang.org\` when that is clearly what was meant; \`off\` is only ever
offered as a weakening, non-preferred fix.`,
  examples: {
    triggers: { description: 'A modifier that does not exist', env: { GOSUMDB: 'sum.golang.org+insecure' } },
    passes: { description: 'The alias reachable in mainland China', env: { GOSUMDB: 'sum.golang.google.cn' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD111', ['GOSUMDB']) };
  },
};
