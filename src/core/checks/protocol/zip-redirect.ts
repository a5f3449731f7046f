import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

export const zipRedirect: Check = {
  id: 'GPD604',
  slug: 'zip-redirect',
  layer: 'protocol',
  title: 'Module zips are reachable where the proxy redirects',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Detects a proxy whose \`.info\` and \`.mod\` work while the \`.zip\` is redirected to a host this machine cannot reach (object storage or a CDN blocked by a firewall). go follows up to 10 redirects and refuses an https→http one (go@1.19.8 \`src/cmd/go/internal/web/http.go:46-61\`); a failure there is an error, so after \`,\` go stops.`,
  examples: {
    triggers: { description: 'GOPROXY=$P/zipredirblocked,$P', lab: 'chain-zip-redirect-blocked' },
    passes: { description: 'GOPROXY=$P/zipredir', lab: 'chain-zip-redirect-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    for (const w of walks) {
      for (const s of w.steps) {
        if (s.file !== 'zip' || s.outcome === 'ok' || !s.redirects?.length) continue;
        const infoOk = w.steps.some((x) => x.file === 'info' && x.entry === s.entry && x.outcome === 'ok');
        if (!infoOk) continue;
        findings.push({
          id: 'GPD604',
          severity: s.fallsThrough ? 'warning' : 'error',
          message: `${s.entry} serves ${w.module}@${w.version}.info but redirects the .zip to ${s.redirects[s.redirects.length - 1]}, which fails: ${s.error ?? s.outcome}`,
          evidence: [describeStep(s), ...s.redirects.map((r) => `redirect → ${r}`)],
          fixes: [],
        });
      }
    }
    return { findings };
  },
};
