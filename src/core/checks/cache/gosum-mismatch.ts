import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';
import { NO_MODCACHE, deleteLineEdit, modcacheOf, verifyWorkspace, workspaceModules } from './cache-common';

export const gosumMismatch: Check = {
  id: 'GPD804',
  slug: 'gosum-mismatch',
  layer: 'cache',
  title: 'go.sum agrees with the module cache',
  needs: {},
  timeoutMs: 180_000,
  doc: `Compares each go.sum line with what the module cache holds for that version (go@1.19.8 src/cmd/go/internal/modfetch/fetch.go checkModSum, 655-682): the \`h1:\` of the module with the cache's \`.ziphash\` (or the zip recomputed), and the \`/go.mod\` line with the h1: of the cached \`.mod\`.

When they differ, go stops with
\`\`\`
verifying <module>@<version>: checksum mismatch
	downloaded: h1:…
	go.sum:     h1:…

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
\`\`\`
even though nothing is being downloaded: the "downloaded" hash is the cache's. The doctor shows both hashes side by side so you can tell whether go.sum was edited (or merged badly) or the cache holds other bits than the ones recorded; GPD704 adds the checksum database's answer and GPD702 each mirror's.

The fix removes the go.sum line so that \`go mod download\` records it again — verified by the checksum database unless the module is excluded (GONOSUMDB/GOPRIVATE) or GOSUMDB=off, in which case it is not preferred.`,
  examples: {
    triggers: {
      description: 'go.sum holds h1:AAAA… for a version whose cached .ziphash is different',
      files: { 'go.sum': 'example.com/hello v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', 'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.ziphash': 'h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n' },
    },
    passes: {
      description: 'go.sum lines equal the cached hashes',
      files: { 'go.sum': 'example.com/hello v1.0.0 h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n', 'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.ziphash': 'h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n' },
    },
  },
  async run(ctx, signal) {
    const dir = modcacheOf(ctx);
    if (!dir) return { findings: [], status: 'skipped', reason: NO_MODCACHE };
    const mods = await workspaceModules(ctx);
    if (!mods.some((m) => m.zip.length || m.mod.length)) return { findings: [], status: 'skipped', reason: 'no go.sum lines' };
    const verdicts = new Map((await verifyWorkspace(ctx, signal)).map((v) => [`${v.path}@${v.version}`, v]));
    const gosumdb = ctx.env.vars.GOSUMDB?.value ?? '';
    const nosumdb = ctx.env.vars.GONOSUMDB?.value ?? '';
    const findings: Finding[] = [];
    const compared: Array<Record<string, string>> = [];
    for (const m of mods) {
      const v = verdicts.get(`${m.path}@${m.version}`);
      if (!v) continue;
      const verified = gosumdb !== 'off' && !matchPrefixPatterns(nosumdb, m.path);
      const cacheZip = v.ziphash ?? v.zipHash;
      const rows: Array<{ line: typeof m.zip[number]; cache: string | undefined; what: string; goLabel: string }> = [
        ...m.zip.map((line) => ({ line, cache: cacheZip, what: v.ziphash ? `.ziphash ${v.zipPath}hash` : `zip ${v.zipPath}`, goLabel: `${m.path}@${m.version}` })),
        ...m.mod.map((line) => ({ line, cache: v.modHash, what: `go.mod ${v.zipPath.replace(/\.zip$/, '.mod')}`, goLabel: `${m.path}@${m.version}/go.mod` })),
      ];
      for (const r of rows) {
        if (!r.cache) continue;
        compared.push({ line: `${r.line.file}:${r.line.location.startLine}`, goSum: r.line.hash, cache: r.cache });
        if (r.cache === r.line.hash) continue;
        const fixes: Fix[] = [{
          title: `Remove the disagreeing go.sum line; \`go mod download ${m.path}@${m.version}\` records it again${verified ? ' after checking it with the checksum database' : ' (NOT checked by a checksum database for this module)'}`,
          preferred: verified,
          kind: 'edit',
          edits: [deleteLineEdit(r.line.location)],
        }];
        findings.push({
          id: 'GPD804', severity: 'error',
          message: `go.sum and the module cache disagree on ${r.goLabel}: go fails with \`verifying ${r.goLabel}: checksum mismatch\` (SECURITY ERROR). Either go.sum was edited or merged wrongly, or the cache holds other bits than the ones recorded.`,
          location: r.line.location,
          evidence: [`go.sum:     ${r.line.hash}  (${r.line.file}:${r.line.location.startLine})`, `downloaded: ${r.cache}  (${r.what})`],
          fixes,
        });
      }
    }
    return { findings, data: { compared } };
  },
};
