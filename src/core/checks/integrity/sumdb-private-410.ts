import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { GOSUMDB_OFF_FIX, envValue, lookupsOf, noSumdbPatterns, patternFor, routeOf, sumdbSkipReason, withPatterns } from './integrity-common';
import { sumdbFailureText } from '../../sumdb/verify-wording';

export const sumdbPrivate410: Check = {
  id: 'GPD705',
  slug: 'sumdb-private-410',
  layer: 'integrity',
  title: 'The checksum database knows every module go asks it about',
  needs: { network: true },
  timeoutMs: 120_000,
  doc: `A public checksum database only knows modules it can fetch itself. For a private module (a company host, a private repository) it answers **404 Not Found** or **410 Gone**, and go fails the download with
\`verifying module: <module>@<version>: reading https://sum.golang.org/lookup/<module>@<version>: 410 Gone\\n\\tserver response: not found: …\` (go@1.19.8 src/cmd/go/internal/modfetch/fetch.go checkSumDB; mod_sumdb_proxy.txt). The lookup also tells the public database your private module path.

go only asks the database about modules that are missing from go.sum and not matched by GONOSUMDB (GOPRIVATE when GONOSUMDB is empty). The fix adds a pattern for the module to **GONOSUMDB** (keeping what is there; it leaves the proxy route unchanged) or to **GOPRIVATE** (also fetches the module directly, never through a proxy). \`GOSUMDB=off\` would drop verification for every module and is never preferred.`,
  examples: {
    triggers: { description: 'a go.mod requirement on corp.example/secret, which the checksum database answers 410 for', lab: 'sumdb-private-410' },
    passes: { description: 'GONOSUMDB=corp.example covers it: go never asks', env: { GONOSUMDB: 'corp.example' } },
  },
  appliesTo: (ctx) => sumdbSkipReason(ctx),
  async run(ctx, signal) {
    const route = await routeOf(ctx, signal);
    if (!route.base) return { findings: [], status: 'skipped', reason: 'the checksum database is unreachable (GPD703)' };
    const { outcomes } = await lookupsOf(ctx, signal);
    const missing = outcomes.filter((o) => o.error?.code === 'not-found');
    const findings: Finding[] = [];
    const patterns = [...new Set(missing.map((o) => patternFor(o.module.path)))];
    for (const o of missing) {
      const m = o.module;
      const spec = `${m.path}@${m.version}`;
      const inSum = m.zip.length > 0 && m.mod.length > 0;
      const pattern = patternFor(m.path);
      const nosum = noSumdbPatterns(ctx);
      const fixes: Fix[] = [
        { title: `Skip the checksum database for ${pattern} (GONOSUMDB)`, preferred: true, kind: 'set-variable', variable: 'GONOSUMDB', value: withPatterns(nosum, patterns) },
        { title: `Treat ${pattern} as private (GOPRIVATE: no checksum database, and no proxy either)`, preferred: false, kind: 'set-variable', variable: 'GOPRIVATE', value: withPatterns(envValue(ctx, 'GOPRIVATE'), patterns) },
        GOSUMDB_OFF_FIX,
      ];
      findings.push({
        id: 'GPD705', severity: inSum ? 'warning' : 'error',
        message: `The checksum database ${route.name} does not know ${spec} (${o.error!.status}): ${inSum ? 'go.sum has its lines today, but any checkout without them (or a version bump) fails' : 'go fails to download it'} with \`${sumdbFailureText(spec, o.error!.message.split('\n')[0], { mod: m.mod.length > 0, zip: m.zip.length > 0 })}\`. A ${o.error!.status === 410 ? '410' : '404'} for a path under ${pattern} usually means the module is private, and each such lookup sends its path to the database.`,
        evidence: [`GET ${o.error!.message.split('\n')[0].replace(/^reading /, '')}`, ...(o.error!.body ? [`server response: ${o.error!.body.trim().split('\n')[0]}`] : []), `GONOSUMDB=${nosum}`],
        fixes,
      });
    }
    return { findings, data: { notFound: missing.map((o) => ({ module: `${o.module.path}@${o.module.version}`, status: o.error!.status })) } };
  },
};
