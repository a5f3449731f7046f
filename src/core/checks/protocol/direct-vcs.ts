import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

export const directVcs: Check = {
  id: 'GPD606',
  slug: 'direct-vcs',
  layer: 'protocol',
  title: 'Modules fetched direct can be found and cloned',
  needs: { network: true, exec: true },
  timeoutMs: 60_000,
  doc: `For modules go fetches \`direct\` (GOPROXY entry \`direct\`, or GONOPROXY/GOPRIVATE), go first asks \`https://<module>?go-get=1\` for \`<meta name="go-import">\` tags (go@1.19.8 \`src/cmd/go/internal/vcs/vcs.go\` repoRootForImportDynamic), then runs the VCS tool (git) with terminal prompts disabled. The doctor performs the meta lookup on go's route, and checks that git is on PATH; it does not clone. A failed lookup reads \`unrecognized import path "M": https fetch: ...\`.`,
  examples: {
    triggers: { description: 'GOPROXY=direct for a host that cannot be reached', lab: 'chain-direct' },
    passes: { description: 'GOPROXY=$P (no direct fetch)', lab: 'chain-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    const direct = walks.flatMap((w) => w.steps.filter((s) => s.entry === 'direct').map((s) => ({ w, s })));
    if (direct.length === 0) return { findings };
    const git = await ctx.host.which('git').catch(() => null);
    for (const { w, s } of direct) {
      if (s.outcome !== 'ok') {
        findings.push({
          id: 'GPD606', severity: w.verdict.served ? 'warning' : 'error',
          message: `go looks ${w.module} up directly and fails: ${s.error ?? s.outcome}${s.via ? ` (direct because ${s.via})` : ''}`,
          evidence: [describeStep(s)], fixes: [],
        });
      } else if (!git) {
        findings.push({
          id: 'GPD606', severity: 'error',
          message: `go would clone ${w.module} with git, but git is not on PATH.`,
          evidence: [describeStep(s), ...(s.notes ?? [])], fixes: [],
        });
      }
    }
    return { findings };
  },
};
