import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { healthLine, healthTable, mirrorsOf, surveyOf } from './mirror-survey';

/** Well-known public mirrors, only ever named as suggestions: never probed unless listed. */
export const PUBLIC_MIRRORS = ['https://proxy.golang.org', 'https://goproxy.cn', 'https://goproxy.io', 'https://mirrors.aliyun.com/goproxy'];

export const mirrorStale: Check = {
  id: 'GPD701',
  slug: 'mirror-stale',
  layer: 'integrity',
  title: 'Mirrors agree on which versions exist',
  needs: { network: true },
  timeoutMs: 120_000,
  doc: `Asks each mirror you use — every http(s) GOPROXY entry, plus the mirrors you list with \`--mirror\` (public mirrors are never probed unless you list them) — about the modules in go.mod and go.sum: \`@v/list\`, \`<version>.info\` (GO-FACTS §5.2). Modules matched by GONOPROXY/GOPRIVATE are never sent to a mirror.

It reports:
- a required version one mirror does not have (404/410) while another does: go falls through to the next GOPROXY entry only after a 404/410, so the build depends on the order of GOPROXY and on which mirror a colleague or CI uses (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:138-184);
- version lists that differ: a mirror that lags behind gives another answer to \`go get <module>@latest\` and \`go list -m -versions\`;
- different \`.info\` times for the same version (a re-tagged version, or a mirror that synthesized the time).

The result's data holds a health table per mirror: answers, median and worst response time, and caching evidence (\`Age\`, \`ETag\`, \`Last-Modified\`, \`X-Cache\`, \`Via\`, \`Cache-Control\`).`,
  examples: {
    triggers: { description: 'a second mirror that does not have example.com/hello v1.1.0', lab: 'mirror-missing-version' },
    passes: { description: 'two mirrors serving the same versions', lab: 'mirror-honest' },
  },
  appliesTo: (ctx) => (mirrorsOf(ctx).length === 0 ? 'no http(s) GOPROXY entry and no --mirror to ask' : null),
  async run(ctx, signal) {
    const s = await surveyOf(ctx, signal);
    if (s.modules.length === 0) return { findings: [], status: 'skipped', reason: 'no module versions in go.mod or go.sum to compare' };
    const findings: Finding[] = [];
    const health = healthTable(s);
    const listed = new Set<string>();
    for (const m of s.modules) {
      const rows = s.results.filter((r) => r.module === m.path && r.version === m.version);
      const spec = `${m.path}@${m.version}`;
      const has = rows.filter((r) => r.info?.answer.status === 200);
      const missing = rows.filter((r) => r.info?.answer.status === 404 || r.info?.answer.status === 410);
      if (missing.length && has.length) {
        findings.push({
          id: 'GPD701', severity: 'warning',
          message: `${spec} is missing on ${missing.map((r) => r.mirror).join(', ')} but served by ${has.map((r) => r.mirror).join(', ')}: whether go finds it depends on the GOPROXY order (go goes on after a 404/410 only), and a mirror that lags behind may also answer old @latest versions.`,
          evidence: rows.map((r) => `${r.mirror}: ${r.info?.answer.status === 200 ? `.info ${r.info.version} ${r.info.time ?? ''}`.trim() : r.info?.answer.error ?? 'no answer'}`),
          fixes: [],
        });
      }
      const lists = rows.filter((r) => r.list?.versions);
      // One version list per module path, however many of its versions are in go.sum.
      if (lists.length > 1 && !listed.has(m.path)) {
        listed.add(m.path);
        const union = new Set(lists.flatMap((r) => r.list!.versions!));
        const lacking = lists.map((r) => ({ r, lack: [...union].filter((v) => !r.list!.versions!.includes(v)) })).filter((x) => x.lack.length);
        if (lacking.length) {
          findings.push({
            id: 'GPD701', severity: 'warning',
            message: `The mirrors list different versions of ${m.path}: ${lacking.map((x) => `${x.r.mirror} lacks ${x.lack.join(', ')}`).join('; ')}. \`go get ${m.path}@latest\` can resolve to different versions depending on the mirror.`,
            evidence: lists.map((r) => `${r.list!.answer.url}: ${r.list!.versions!.join(' ') || '(empty)'}`),
            fixes: [],
          });
        }
      }
      const times = new Set(has.map((r) => r.info!.time ?? ''));
      if (times.size > 1) {
        findings.push({
          id: 'GPD701', severity: 'warning',
          message: `The mirrors give different times for ${spec}: the version may have been re-tagged at its origin, or a mirror made its answer up.`,
          evidence: has.map((r) => `${r.mirror}: Time ${r.info!.time}`),
          fixes: [],
        });
      }
    }
    const asked = new Set(s.mirrors.map((m) => m.url));
    const suggestions = PUBLIC_MIRRORS.filter((u) => !asked.has(u));
    findings.push({
      id: 'GPD701', severity: 'info',
      message: `Mirror health for ${s.modules.length} module version${s.modules.length > 1 ? 's' : ''}${s.privateSkipped.length ? ` (${s.privateSkipped.length} private ones not asked)` : ''}${s.limited ? ` (${s.limited} more not asked: limit of the run)` : ''}.`,
      evidence: [
        ...health.map(healthLine),
        ...(s.mirrors.length < 2 && suggestions.length ? [`to compare with public mirrors (not asked unless you list them): ${suggestions.map((u) => `--mirror ${u}`).join(' ')}`] : []),
      ],
      fixes: [],
    });
    return { findings, data: { health, answers: s.results, suggestions } };
  },
};
