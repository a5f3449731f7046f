import type { Check, CheckContext } from '../../model/check';
import type { Finding } from '../../model/result';
import { parseGoproxy } from '../../parse/goproxy-list';
import { chainInputs } from '../../net/chain-inputs';
import { probeProtocol, type ProtocolProbe } from '../../net/goproxy-probe';
import { stalledOriginsOf } from '../../net/stalled-origins';
import { NOT_A_GO_MOD } from '../../net/chain-walk';
import { chainWalks, describeStep, modulesToWalk, NO_MODULES } from './protocol-common';

const VIOLATION = /invalid response from proxy|proxy returned info for version|^zip: |has unexpected file/;
/** Modules whose list/@latest are probed per entry (the walk covers every module). */
const LIST_PROBES = 3;

export const proxyProtocol: Check = {
  id: 'GPD601',
  slug: 'proxy-protocol',
  layer: 'protocol',
  title: 'GOPROXY answers follow the module proxy protocol',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Checks each GOPROXY entry's answers against what go accepts (go@1.19.8 \`src/cmd/go/internal/modfetch/proxy.go:288-441\`, \`fetch.go\` downloadZip, \`modload/query.go\`):
- \`.info\` must be JSON naming the requested version (\`invalid response from proxy "<url>": unexpected end of JSON input\`, \`proxy returned info for version X instead of requested version\`);
- the \`.zip\` must be a real zip whose files all sit under \`<module>@<version>/\` (\`zip: not a valid zip file\`, \`zip for M@V has unexpected file F\`), redirects followed;
- \`@v/list\` lists one version per line (first field valid semver); an empty 200 list makes \`go get M@latest\` fail with \`no matching versions for query "latest"\` and go does **not** fall through after it (NoMatchingVersionError is not "not found", query.go:912-930);
- \`@latest\` answers like \`.info\`;
- a \`.mod\` must be a go.mod file: \`go mod download\` stores whatever it gets (an HTML login page included) and the failure only shows in a later build;
- module paths are case-encoded (\`!\` before a lower-cased capital, sent as \`%21\`).
A 200 that breaks these rules is a hard error: go never falls through after it.`,
  examples: {
    triggers: { description: 'GOPROXY=$P/empty,$P: an empty 200 .info', lab: 'chain-empty-200' },
    passes: { description: 'GOPROXY=$P', lab: 'chain-ok' },
  },
  async run(ctx, signal) {
    // The list/@latest probes do not depend on the walks: both start at once.
    const [walks, probes] = await Promise.all([chainWalks(ctx, signal), listProbes(ctx, signal)]);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    for (const w of walks) {
      const bad = w.steps.find((s) => s.error && VIOLATION.test(s.error));
      const zipErr = !w.verdict.served && w.verdict.error && VIOLATION.test(w.verdict.error) ? w.verdict.error : null;
      if (!bad && !zipErr) continue;
      findings.push({
        id: 'GPD601',
        severity: 'error',
        message: `A proxy answered 200 for ${w.module}@${w.version} with something go rejects: ${bad?.error ?? zipErr}`,
        evidence: bad ? [describeStep(bad), ...(bad.notes ?? [])] : w.steps.map(describeStep),
        fixes: [],
      });
    }
    for (const w of walks) {
      const mod = w.steps.find((st) => st.file === 'mod' && st.outcome === 'ok' && st.notes?.some((n) => n.startsWith(NOT_A_GO_MOD)));
      if (!mod) continue;
      findings.push({
        id: 'GPD601',
        severity: 'warning',
        message: `${mod.entry} serves a .mod for ${w.module}@${w.resolvedVersion ?? w.version} that is not a go.mod file. \`go mod download\` stores it without complaint; builds that load it fail later with a go.mod parse error.`,
        evidence: [describeStep(mod), ...(mod.notes ?? [])],
        fixes: [],
      });
    }
    for (const p of probes) {
      const { list, latest } = p;
      if (list.status === 200 && list.versions.length === 0) {
        findings.push({
          id: 'GPD601', severity: 'warning',
          message: `${p.base} answers @v/list for ${p.module} with no versions: \`go get ${p.module}@latest\` fails with "no matching versions for query \\"latest\\"" and go does not try the next entry.`,
          evidence: [`GET ${list.url}: 200, ${list.ignored.length} unusable line(s)`, ...list.ignored.slice(0, 3).map((l) => `ignored line: ${JSON.stringify(l)}`)],
          fixes: [],
        });
      } else if (list.ignored.length > 0) {
        findings.push({
          id: 'GPD601', severity: 'warning',
          message: `${p.base} lists ${list.ignored.length} line(s) for ${p.module} that are not versions; go ignores them.`,
          evidence: list.ignored.slice(0, 5).map((l) => `ignored line: ${JSON.stringify(l)}`),
          fixes: [],
        });
      } else if (list.status !== undefined && list.status !== 200 && list.status !== 404 && list.status !== 410) {
        findings.push({
          id: 'GPD601', severity: 'warning',
          message: `${p.base} fails @v/list for ${p.module}: version queries (\`@latest\`, \`@v1\`, \`go list -m -versions\`) fail with:\n${list.goError}`,
          evidence: [`GET ${list.url}: ${list.status}`], fixes: [],
        });
      }
      if (latest.status === 200 && latest.invalid) {
        findings.push({
          id: 'GPD601', severity: 'warning',
          message: `${p.base} answers @latest for ${p.module} with something that is not JSON (${latest.invalid}).`,
          evidence: [`GET ${latest.url}: 200`], fixes: [],
        });
      }
    }
    return { findings, data: probes };
  },
};

/**
 * @v/list and @latest of each URL entry, for the first modules. An entry that already stalled
 * in this run is not asked again (go would hang at it); a probe that stalls marks its entry.
 */
async function listProbes(ctx: CheckContext, signal: AbortSignal): Promise<ProtocolProbe[]> {
  const inputs = chainInputs(ctx.env);
  const entries = parseGoproxy(inputs.goproxy, inputs.gonoproxy, ctx.env.platform, ctx.env.go.version).entries.filter((e) => e.kind === 'url' && /^https?:/i.test(e.url!));
  const mods = (await modulesToWalk(ctx)).slice(0, LIST_PROBES);
  const stalls = await stalledOriginsOf(ctx);
  const probes = await Promise.all(entries.flatMap((e) => mods.map((m) => ctx.memo(`protocol-probe:${e.url}:${m.module}`, async () => {
    if (stalls.stalled(e.url!)) return null;
    const p = await probeProtocol(e.url!, m.module, { env: ctx.env.os, timeoutMs: ctx.options.timeoutMs, signal, variant: inputs.proxyVariant, goVersion: inputs.goVersion });
    if (p.list.timeout) stalls.mark(e.url!, p.list.url, ctx.options.timeoutMs);
    else if (p.latest.timeout) stalls.mark(e.url!, p.latest.url, ctx.options.timeoutMs);
    return p;
  }))));
  return probes.filter((p): p is ProtocolProbe => p !== null);
}
