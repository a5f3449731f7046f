import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';
import { envValue, lookupsOf, noSumdbPatterns, proxiesOf, sumdbSkipReason } from './integrity-common';
import { mirrorsOf, surveyOf } from './mirror-survey';

export const mirrorDivergence: Check = {
  id: 'GPD702',
  slug: 'mirror-divergence',
  layer: 'integrity',
  title: 'Mirrors serve the same bits as go.sum and the checksum database',
  needs: { network: true },
  timeoutMs: 180_000,
  doc: `For the modules in go.mod and go.sum, downloads \`.mod\` and \`.zip\` from each mirror you use (GOPROXY entries and \`--mirror\`s; never unlisted public mirrors, never GONOPROXY/GOPRIVATE modules) and computes their h1: hashes exactly as go.sum records them (golang.org/x/mod/sumdb/dirhash Hash1: the zip read entry by entry, \`go.mod\` as a one-file tree).

Each hash is compared with the other mirrors', with the go.sum lines, and with the checksum database's record (when go would consult it). Any difference is where \`verifying <module>@<version>: checksum mismatch\` comes from: go prints \`downloaded:\` (the mirror's bits) against \`go.sum:\` or against the database's name (go@1.19.8 src/cmd/go/internal/modfetch/fetch.go:655-722). The evidence lists every party's hash side by side, so the one that disagrees is plain to see.

Zips larger than 32 MiB are compared by \`.mod\` only (a download is held in memory while it is hashed).`,
  examples: {
    triggers: { description: 'a second mirror serving a different zip for example.com/hello v1.0.0', lab: 'mirror-different-zip' },
    passes: { description: 'two mirrors serving identical modules', lab: 'mirror-honest' },
  },
  appliesTo: (ctx) => (mirrorsOf(ctx).length === 0 ? 'no http(s) GOPROXY entry and no --mirror to ask' : null),
  async run(ctx, signal) {
    const s = await surveyOf(ctx, signal);
    if (s.modules.length === 0) return { findings: [], status: 'skipped', reason: 'no module versions in go.mod or go.sum to compare' };
    const useDb = sumdbSkipReason(ctx) === null;
    const nosum = noSumdbPatterns(ctx);
    const db = useDb && s.modules.some((m) => !matchPrefixPatterns(nosum, m.path)) ? await lookupsOf(ctx, signal).catch(() => null) : null;
    const findings: Finding[] = [];
    const table: Array<Record<string, unknown>> = [];
    for (const m of s.modules) {
      const spec = `${m.path}@${m.version}`;
      const rows = s.results.filter((r) => r.module === m.path && r.version === m.version);
      const rec = db?.outcomes.find((o) => o.module.path === m.path && o.module.version === m.version)?.result;
      const dbLine = (suffix: string) => rec?.lines.find((l) => l.split(' ')[1] === `${m.version}${suffix}`)?.split(' ')[2];
      for (const kind of ['zip', 'mod'] as const) {
        const label = kind === 'zip' ? spec : `${spec}/go.mod`;
        const parties: Array<{ who: string; h1: string; mirror?: string }> = [];
        for (const r of rows) {
          const h = kind === 'zip' ? r.zip?.h1 : r.mod?.h1;
          if (h) parties.push({ who: `mirror ${r.mirror}`, h1: h, mirror: r.mirror });
        }
        for (const l of kind === 'zip' ? m.zip : m.mod) parties.push({ who: `go.sum ${l.file}:${l.location.startLine}`, h1: l.hash });
        const dbh = dbLine(kind === 'zip' ? '' : '/go.mod');
        if (dbh && db) parties.push({ who: `checksum database ${db.route.name}`, h1: dbh });
        table.push({ module: label, hashes: Object.fromEntries(parties.map((p) => [p.who, p.h1])) });
        const distinct = new Set(parties.map((p) => p.h1));
        if (parties.filter((p) => p.mirror).length === 0 || distinct.size <= 1) continue;
        // Each party has one vote; a hash held by a strict majority is the reference. On a
        // tie (one mirror against the database) no side is named: hashes alone cannot tell.
        const votes = new Map<string, number>();
        for (const p of parties) votes.set(p.h1, (votes.get(p.h1) ?? 0) + 1);
        const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
        const majority = ranked[0][1] > ranked[1][1] ? ranked[0][0] : null;
        const group = new Map(ranked.map(([h], i) => [h, String.fromCharCode(65 + i)]));
        const odd = majority ? parties.filter((p) => p.h1 !== majority) : parties;
        const oddMirrors = majority ? odd.filter((p) => p.mirror).map((p) => p.mirror!) : [];
        const fixes: Fix[] = [];
        const goproxy = envValue(ctx, 'GOPROXY');
        const inGoproxy = proxiesOf(ctx).entries.filter((e) => e.kind === 'url').map((e) => e.url!.replace(/\/+$/, ''));
        for (const om of oddMirrors.filter((x) => inGoproxy.includes(x))) {
          const kept = proxiesOf(ctx).entries.filter((e) => e.kind !== 'noproxy' && !(e.kind === 'url' && e.url!.replace(/\/+$/, '') === om));
          if (kept.length === 0) continue;
          const value = kept.map((e, i) => `${e.kind === 'url' ? e.raw : e.kind}${i < kept.length - 1 ? (e.fallBackOnError ? '|' : ',') : ''}`).join('');
          if (value !== goproxy) fixes.push({ title: `Stop using ${om}, which serves other bits than the rest`, preferred: true, kind: 'set-variable', variable: 'GOPROXY', value });
        }
        findings.push({
          id: 'GPD702', severity: 'error',
          message: majority
            ? `The parties disagree on ${label}: ${odd.map((p) => p.who).join(', ')} ${odd.length > 1 ? 'have' : 'has'} other bits than ${parties.filter((p) => p.h1 === majority).map((p) => p.who).join(', ')}. go fails with \`verifying ${label}: checksum mismatch\` (SECURITY ERROR) whenever those hashes meet.`
            : `The parties disagree on ${label} and no side has a majority: ${ranked.map(([h]) => `${parties.filter((p) => p.h1 === h).map((p) => p.who).join(', ')} (${group.get(h)})`).join(' vs ')}. go fails with \`verifying ${label}: checksum mismatch\` (SECURITY ERROR); ask another mirror (--mirror) to break the tie.`,
          evidence: parties.map((p) => `${p.h1}  ${p.who}${majority ? (p.h1 === majority ? '' : '   ← differs') : `   [${group.get(p.h1)}]`}`),
          fixes,
        });
      }
      for (const r of rows.filter((x) => x.zip?.note)) {
        findings.push({ id: 'GPD702', severity: r.zip!.note!.startsWith('not a usable zip') ? 'error' : 'info', message: `${r.mirror} serves ${spec}.zip ${r.zip!.note}.`, evidence: [r.zip!.answer.url], fixes: [] });
      }
    }
    return { findings, data: { hashes: table } };
  },
};
