import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** GOSUMDB=off. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:35-37 (useSumDB). */
export const gosumdbOff: Check = {
  id: 'GPD112',
  slug: 'gosumdb-off',
  layer: 'environment',
  title: 'Checksum verification is on',
  needs: {},
  timeoutMs: 2000,
  doc: `Reports \`GOSUMDB=off\`: go then never consults the checksum database
(\`go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:35-37\`), so a module that is not yet in
go.sum is trusted as whatever the proxy or repository serves; go.sum still protects what it
lists. Since Go 1.21 toolchain downloads need the database and fail with
\`checksum database disabled by GOSUMDB=off\`.

People usually set it to make private modules work; GOPRIVATE (or GONOSUMDB) skips the database
only for those paths. \`GOSUMDB=off\` is never offered as a preferred fix anywhere.`,
  examples: {
    triggers: { description: 'Verification switched off', env: { GOSUMDB: 'off' } },
    passes: { description: 'Private modules exempted, verification on', env: { GOPRIVATE: 'git.corp.example' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD112', ['GOSUMDB']) };
  },
};
