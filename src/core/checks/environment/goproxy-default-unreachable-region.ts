import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { parseGoproxy } from '../../parse/goproxy-list';
import { goGet, type GoGetResult } from '../../net/http-client';
import { untilAborted } from '../../net/hosts-probes';
import { effectiveGonoproxy } from './judge-goproxy';
import { scopeOf } from './env-findings';
import { setFix } from './judgement';

/** The URL probed for reachability: tiny, read-only, answered by any working proxy.golang.org. */
export const DEFAULT_PROXY_PROBE = 'https://proxy.golang.org/sumdb/sum.golang.org/supported';

function defaultProxyEntry(ctx: CheckContext): string | null {
  const v = ctx.env.vars.GOPROXY?.value ?? '';
  const p = parseGoproxy(v || 'https://proxy.golang.org,direct', effectiveGonoproxy(scopeOf(ctx)), ctx.env.platform, ctx.env.go.version);
  if (p.error) return null;
  const first = p.entries.find((e) => e.kind !== 'noproxy');
  return first?.kind === 'url' && first.url && /^https:\/\/proxy\.golang\.org\/?$/i.test(first.url) ? first.url : null;
}

/**
 * proxy.golang.org in effect where it cannot be reached. Only a probe decides (never the
 * locale): the GET goes the way go's would (same HTTP(S)_PROXY/NO_PROXY route), memoized as
 * `reach:<url>` so other checks share it.
 */
export const goproxyDefaultUnreachableRegion: Check = {
  id: 'GPD107',
  slug: 'goproxy-default-unreachable-region',
  layer: 'environment',
  title: 'The default proxy.golang.org is reachable',
  needs: { network: true },
  timeoutMs: 20000,
  doc: `When GOPROXY starts with \`https://proxy.golang.org\` (go's default,
\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:315\`), probes it once the way go would reach it
(same HTTPS_PROXY/NO_PROXY route) and reports a failure to connect: DNS failure, reset, refused
or timeout. Where proxy.golang.org is blocked (e.g. mainland China) this is what every download
meets, and the \`,direct\` of the default list does **not** help: go falls through only after a
404/410, never after a connection error (\`proxy.go:138-184\`), so every download fails with
\`Get "https://proxy.golang.org/...": dial tcp: ...\`.

The verdict comes from the probe only, never from the locale or time zone. Fixes (none
preferred — choosing a mirror is a trust decision): a reachable mirror such as
\`https://goproxy.cn,direct\`, or an HTTPS_PROXY that can reach proxy.golang.org.`,
  examples: {
    triggers: { description: 'proxy.golang.org answers nothing (lab: the default proxy unreachable)', lab: 'default-proxy-unreachable' },
    passes: { description: 'proxy.golang.org answers (lab: the default proxy reachable)', lab: 'default-proxy-reachable' },
  },
  appliesTo(ctx: CheckContext): string | null {
    return defaultProxyEntry(ctx) ? null : 'proxy.golang.org is not the first GOPROXY entry';
  },
  async run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput> {
    const entry = defaultProxyEntry(ctx);
    if (!entry) return { findings: [], status: 'skipped', reason: 'proxy.golang.org is not the first GOPROXY entry' };
    const probe = ctx.memo<GoGetResult>(`reach:${DEFAULT_PROXY_PROBE}`, () => goGet(DEFAULT_PROXY_PROBE, { env: ctx.env.os, timeoutMs: Math.max(ctx.options.timeoutMs, 1000), maxBodyBytes: 4096 }));
    const r = await untilAborted(probe, signal);
    const findings: Finding[] = [];
    const blocked = r.error && ['dns', 'timeout', 'reset', 'refused', 'proxy', 'tls'].includes(r.error.kind);
    if (blocked) {
      const value = ctx.env.vars.GOPROXY?.value || 'https://proxy.golang.org,direct';
      findings.push({
        id: 'GPD107', severity: 'error', variable: 'GOPROXY',
        message: `go downloads modules from ${entry} here (GOPROXY=${value}), but it cannot be reached from this machine: ${r.goError ?? r.error!.message}. go does not fall back to "direct" after a connection error (only after 404/410), so every download fails with "go: <module>@<version>: Get \\"https://proxy.golang.org/<module>/@v/<version>.info\\": ...". This is what happens where proxy.golang.org is blocked; use a mirror you trust that is reachable, or an HTTPS_PROXY that reaches it.`,
        evidence: [`GET ${DEFAULT_PROXY_PROBE}: ${r.goError ?? r.error!.message}`, `route: ${r.proxy ? `through ${r.proxy}` : 'direct'}${r.proxyReason ? ` (${r.proxyReason})` : ''}`, `after ${Math.round(r.totalMs)} ms`],
        fixes: [
          setFix('GOPROXY', 'https://goproxy.cn,direct', 'Use the goproxy.cn mirror: GOPROXY=https://goproxy.cn,direct', false),
          setFix('GOPROXY', 'https://goproxy.io,direct', 'Use the goproxy.io mirror: GOPROXY=https://goproxy.io,direct', false),
        ],
      });
    }
    return { findings, data: { url: DEFAULT_PROXY_PROBE, status: r.status, error: r.error?.kind } };
  },
};
