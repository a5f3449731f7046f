import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { SumdbError } from '../../sumdb/client';
import type { SumdbRoute } from '../../sumdb/route';
import type { GoOS } from '../../model/environment';
import { impliedProxyURL, splitGoproxy } from '../../parse/goproxy-list';
import { GOSUMDB_OFF_FIX, envValue, latestOf, routeOf, sumdbSkipReason } from './integrity-common';
import { sumdbFailureText } from '../../sumdb/verify-wording';

function describeStep(s: SumdbRoute['steps'][number]): string {
  switch (s.outcome) {
    case 'supported': return `${s.url} → ${s.status}: this proxy serves the database (go never falls back to direct after this)`;
    case 'not-found-next': return `${s.url} → ${s.status}: not found, go tries the next entry`;
    case 'error-next': return `${s.url} → ${s.error}: an error, but the entry is followed by "|", go tries the next entry`;
    case 'error-stop': return `${s.url} → ${s.error}: an error after ",", go stops here and lookups fail`;
    case 'passed-over': return 'noproxy (GONOPROXY/GOPRIVATE set): passed over for the checksum database';
    case 'stop-direct': return `${s.entry}: go stops walking the list and connects to the database directly`;
  }
}

/** The GOPROXY value with the separator after `entryUrl` turned into `|` (a minimal edit). */
function pipeAfter(goproxy: string, entryUrl: string, platform: GoOS): string | null {
  for (const p of splitGoproxy(goproxy)) {
    if (impliedProxyURL(p.raw, platform) !== entryUrl || p.sep !== ',') continue;
    const comma = goproxy.indexOf(',', p.end);
    return `${goproxy.slice(0, comma)}|${goproxy.slice(comma + 1)}`;
  }
  return null;
}

export const sumdbRoute: Check = {
  id: 'GPD703',
  slug: 'sumdb-route',
  layer: 'integrity',
  title: 'go can reach the checksum database',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Walks the way go reaches the checksum database (go@1.19.8 src/cmd/go/internal/modfetch/sumdb.go:143-193, proxy.go:138-184), then asks the database for its signed tree head:

1. \`GOSUMDB="<key> <url>"\`: go uses that URL and never the proxies. \`GOSUMDB=sum.golang.google.cn\` is the same database (\`sum.golang.org\`, same key) at \`https://sum.golang.google.cn\`.
2. Otherwise each GOPROXY entry in turn: go GETs \`<proxy>/sumdb/<name>/supported\`. **200** → every lookup goes through that proxy, with no fallback. **404/410** → next entry. **Any other answer or a network error** → next entry only after \`|\`; after \`,\` go stops and every lookup fails with that error. \`direct\` or \`off\` ends the walk.
3. A walk that ends with "not found" connects to \`https://<name>\` directly.

Only modules missing from go.sum need the database, so a broken route shows up on the first new dependency as \`<module>@<version>: verifying go.mod: <module>@<version>/go.mod: <error>\` (go checks the go.mod first; \`verifying module: <module>@<version>: <error>\` when go.sum already has the go.mod line; go@1.26.8 src/cmd/go/internal/modfetch/fetch.go checkSumDB). The fixes never prefer \`GOSUMDB=off\`.`,
  examples: {
    triggers: { description: 'GOPROXY=<lab>/s503,direct: the proxy answers 503 to /sumdb/<name>/supported', lab: 'sumdb-route-503' },
    passes: { description: 'the first GOPROXY entry proxies the checksum database', lab: 'sumdb-honest' },
  },
  appliesTo: (ctx) => sumdbSkipReason(ctx),
  async run(ctx, signal) {
    const route = await routeOf(ctx, signal);
    const evidence = [
      `GOSUMDB=${envValue(ctx, 'GOSUMDB') || 'sum.golang.org'} → database ${route.name}, key ${route.key}`,
      ...(route.via === 'explicit-url' ? [`explicit URL ${route.base}: go asks no proxy`] : [`GOPROXY=${envValue(ctx, 'GOPROXY')}`]),
      ...route.steps.map(describeStep),
    ];
    const findings: Finding[] = [];
    if (route.via === 'unreachable') {
      const failing = route.steps.find((s) => s.outcome === 'error-stop');
      const fixes: Fix[] = [];
      const piped = failing ? pipeAfter(envValue(ctx, 'GOPROXY'), failing.entry, ctx.env.platform) : null;
      if (piped) fixes.push({ title: `Let go try the next entry when ${failing!.entry} fails ("|" instead of ",")`, preferred: true, kind: 'set-variable', variable: 'GOPROXY', value: piped });
      fixes.push(GOSUMDB_OFF_FIX);
      findings.push({
        id: 'GPD703', severity: 'error',
        message: `go cannot reach the checksum database ${route.name}: every module that is not yet in go.sum fails with \`${sumdbFailureText('<module>@<version>', route.error ?? 'unknown error', { mod: false, zip: false })}\` (\`verifying module: …\` when go.sum has only its go.mod line).`,
        variable: 'GOPROXY', evidence, fixes,
      });
      return { findings, data: { route } };
    }
    try {
      const latest = await latestOf(ctx, route, signal);
      findings.push({
        id: 'GPD703', severity: 'info',
        message: `go reaches the checksum database ${route.name} ${route.via === 'proxy' ? `through ${route.proxy}` : route.via === 'explicit-url' ? `at ${route.base} (from GOSUMDB)` : `directly at ${route.base}`}; it answers a tree of ${latest.tree.N} records.`,
        evidence, fixes: [],
      });
    } catch (e) {
      if (signal.aborted) throw e;
      const err = e as SumdbError;
      if (err.code === 'note' || err.code === 'tree') {
        // Reached, but the answer does not verify: GPD704 reports that.
        findings.push({ id: 'GPD703', severity: 'info', message: `go reaches the checksum database ${route.name} at ${route.base}.`, evidence, fixes: [] });
      } else {
        findings.push({
          id: 'GPD703', severity: 'error',
          message: `go reaches the checksum database ${route.name} at ${route.base}, and that fails: modules not yet in go.sum fail with \`${sumdbFailureText('<module>@<version>', err.message.replace(/\/latest\b/, '/lookup/<module>@<version>'), { mod: false, zip: false })}\`.`,
          evidence: [...evidence, `GET ${route.base}/latest → ${err.message}`],
          fixes: [GOSUMDB_OFF_FIX],
        });
      }
    }
    return { findings, data: { route } };
  },
};
