import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

/** Entries go never reads. Mirrors go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:84-95. */
export const goproxyDeadEntries: Check = {
  id: 'GPD102',
  slug: 'goproxy-dead-entries',
  layer: 'environment',
  title: 'GOPROXY has no entries go ignores',
  needs: {},
  timeoutMs: 2000,
  doc: `Finds GOPROXY entries that go never uses:

- anything after \`direct\` or \`off\`: go stops reading the list there ("for now, direct is the
  end of the line", \`go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:84-95\`) — such entries are
  not even validated, so \`direct,ftp://x\` is accepted and the mirror after \`direct\` is silently
  never tried;
- the same proxy listed twice: go asks it again after it failed, which repeats the answer and
  doubles the wait.

The preferred fix is the list without the dead entries.`,
  examples: {
    triggers: { description: 'A mirror after direct is never used', env: { GOPROXY: 'https://proxy.golang.org,direct,https://goproxy.io' } },
    passes: { description: 'direct last', env: { GOPROXY: 'https://goproxy.io,https://proxy.golang.org,direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    return { findings: envFindings(ctx, 'GPD102', ['GOPROXY']) };
  },
};
