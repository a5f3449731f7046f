import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GOPROXY entries go rejects or cannot use. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:61-127, 196-222. */
export const goproxySyntax: Check = {
  id: 'GPD101',
  slug: 'goproxy-syntax',
  layer: 'environment',
  title: 'GOPROXY parses as go parses it',
  needs: {},
  timeoutMs: 2000,
  doc: `Parses GOPROXY exactly as go does (\`go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:61-127\`):
the value is split at the first \`,\` or \`|\`, each element is trimmed (spaces around commas are
fine), empty elements are skipped, and the keywords \`direct\` and \`off\` are exact and
lower-case. Any other element containing \`.\`, \`:\` or \`/\` (and no \`:/\`, and not an absolute
path) gets an implicit \`https://\`; every URL is then checked with Go's \`net/url.Parse\` and must
have the scheme http, https or file (\`newProxyRepo\`, proxy.go:196-222).

The **first** invalid element makes go reject the whole list, before any request, so every
download fails with go's message, for example:

- \`Direct\`, \`OFF\`, \`proxy\`, \`noproxy\` → \`invalid proxy URL missing scheme: Direct\`
- \`ftp://x.example\` → \`invalid proxy URL scheme (must be https, http, file): ftp://x.example\`
- \`/srv/goproxy\` → \`invalid proxy URL missing scheme: /srv/goproxy\` (write \`file:///srv/goproxy\`)
- \`file://host/dir\` → \`invalid file:// proxy URL with non-path elements: file://host/dir\`
- \`http://127.0.0.1:3000 direct\` (a space instead of a comma) → \`parse "http://127.0.0.1:3000 direct": invalid port ":3000 direct" after host\`
- a value with quotes kept in it → \`parse "\\"https://...\\"": first path segment in URL cannot contain colon\`
- \`,\` or \`" "\` (not empty, but no entries) → \`GOPROXY list is not the empty string, but contains no entries\`

It also reports elements go accepts but that cannot work: \`https://proxy.golang.org;direct\` (one
host named \`proxy.golang.org;direct\`: DNS fails), \`direct/\` (becomes \`https://direct/\`),
\`https://\` (\`http: no Host in request URL\`), and, as info, host names without a scheme, which
go reaches over https (\`http: server gave HTTP response to HTTPS client\` from a plain-HTTP server).
The preferred fix is the corrected list when the repair is unambiguous.`,
  examples: {
    triggers: { description: 'A keyword in the wrong case', env: { GOPROXY: 'https://proxy.golang.org,Direct' } },
    passes: { description: 'Spaces around the separators are trimmed by go', env: { GOPROXY: 'https://proxy.golang.org , direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD101', ['GOPROXY']) };
  },
};
