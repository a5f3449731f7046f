import type { Check, CheckContext } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

/** go's .netrc (go@1.19.8 src/cmd/go/internal/auth/netrc.go: NETRC, else ~/.netrc, _netrc on Windows). */
async function readNetrc(ctx: CheckContext): Promise<{ path: string | null; text: string | null }> {
  const env = ctx.env.os;
  const home = ctx.host.homedir;
  const path = env.NETRC || (home ? `${home}/${ctx.env.platform === 'windows' ? '_netrc' : '.netrc'}` : null);
  if (!path) return { path: null, text: null };
  try {
    return { path, text: (await ctx.host.readFile(path, 1 << 20)).toString('utf8') };
  } catch {
    return { path, text: null };
  }
}

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
    // One finding per module and route (go asks once and caches the repository root).
    const direct = walks.flatMap((w) => w.steps.filter((s) => s.entry === 'direct').filter((s, i, all) => all.findIndex((x) => x.via === s.via) === i).map((s) => ({ w, s })));
    if (direct.length === 0) return { findings };
    const git = await ctx.host.which('git').catch(() => null);
    const netrc = await readNetrc(ctx);
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
      } else {
        const host = w.module.split('/')[0];
        const hasMachine = netrc.text !== null && new RegExp(`(^|\\s)machine\\s+${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`).test(netrc.text);
        findings.push({
          id: 'GPD606', severity: 'info',
          message: `go finds ${w.module} by its go-import meta tags and would clone it with git (not tried here). go runs git with GIT_TERMINAL_PROMPT=0: a private repository needs credentials from a git credential helper or ${netrc.path ?? '~/.netrc'}, or go stops with "terminal prompts disabled".${hasMachine ? ` ${netrc.path} has an entry for ${host}.` : ''}`,
          evidence: [describeStep(s), ...(s.notes ?? []), `git: ${git}`],
          fixes: [],
        });
      }
    }
    return { findings };
  },
};
