import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

const MEANING: Record<number, string> = {
  401: 'the proxy wants credentials (go sends them only over https, from ~/.netrc or the URL)',
  403: 'the proxy refuses this client or this module (access rules, region, licence)',
  407: 'the HTTP proxy between you and the module proxy wants credentials',
  429: 'the proxy is rate-limiting this client',
};

export const proxyGatekeeper: Check = {
  id: 'GPD603',
  slug: 'proxy-gatekeeper',
  layer: 'protocol',
  title: 'No GOPROXY entry refuses access',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Reports 401, 403, 407 and 429 answers met while walking the GOPROXY chain, with the body go shows. For go these are errors, not "not found": after \`,\` go stops there (go@1.19.8 \`src/cmd/go/internal/modfetch/proxy.go:138-184\`, \`web/api.go:68-70\`). go shows a \`text/plain\` body as \`server response:\` (web/api.go:126-164).`,
  examples: {
    triggers: { description: 'GOPROXY=$P/s403,$P', lab: 'chain-403' },
    passes: { description: 'GOPROXY=$P', lab: 'chain-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const w of walks) {
      for (const s of w.steps) {
        if (s.status === undefined || !(s.status in MEANING) || seen.has(`${s.entry} ${s.status}`)) continue;
        seen.add(`${s.entry} ${s.status}`);
        findings.push({
          id: 'GPD603',
          severity: s.fallsThrough ? 'warning' : 'error',
          message: `${s.entry} answered ${s.status}: ${MEANING[s.status]}. ${s.fallsThrough ? 'go moves on to the next entry (|).' : 'go stops here.'}`,
          evidence: [describeStep(s)],
          fixes: [],
        });
      }
    }
    return { findings };
  },
};
