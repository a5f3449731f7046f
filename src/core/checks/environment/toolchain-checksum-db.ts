import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { downloadSettings } from '../../toolchain/toolchain-inputs';
import { toolchainAnalysis } from '../../toolchain/toolchain-outcome';
import { relatedVariables, selectionEvidence } from './toolchain-common';

/**
 * A downloaded toolchain is always verified with the checksum database.
 * Mirrors cmd/go/internal/modfetch/sumdb.go useSumDB and lookupSumDB (go1.26.8, go1.27.3).
 */
export const toolchainChecksumDb: Check = {
  id: 'GPD154',
  slug: 'toolchain-checksum-db',
  layer: 'environment',
  title: 'The checksum database can verify the toolchain download',
  needs: {},
  timeoutMs: 20000,
  doc: `Downloaded toolchains cannot be listed in go.sum, so go (1.21+) verifies
\`golang.org/toolchain\` with the checksum database even when GONOSUMDB or GOPRIVATE match it, and
even with \`GOSUMDB=off\` (\`cmd/go/internal/modfetch/sumdb.go\` useSumDB; the only exception is a
GOPROXY that is a single \`file://\` URL). When go must download a toolchain:

- \`GOSUMDB=off\` fails it after the download:
  \`go: download go1.99.0: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off\`
  (error; fix: unset GOSUMDB so that the default \`sum.golang.org\` applies);
- GONOSUMDB/GOPRIVATE covering \`golang.org/toolchain\` have no effect on it (info): the database
  named by GOSUMDB must still be reachable and know the toolchain.

The finding points at the line that makes go switch (the go.mod \`go\` or \`toolchain\` line, or
where GOTOOLCHAIN is set) and names where GOSUMDB is set.`,
  examples: {
    triggers: {
      description: 'go1.26.8 must download go1.99.0 with GOSUMDB=off',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto', GOSUMDB: 'off' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.99.0\n' },
    },
    passes: {
      description: 'The default checksum database',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.99.0\n' },
    },
  },
  async run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput> {
    const a = await toolchainAnalysis(ctx, signal);
    if (!a) return { findings: [], status: 'skipped', reason: 'the go version is unknown, and toolchain switching depends on it' };
    const { picture: p, outcome: o } = a;
    const v = p.selection.verdict;
    const d = o.download;
    if (v.kind !== 'switch' || !d) return { findings: [], data: o };
    const s = downloadSettings(ctx);
    const evidence = [...selectionEvidence(p), `GOSUMDB=${JSON.stringify(s.gosumdb)}`, `module: ${v.module}`];
    const at = v.location ? { location: v.location } : {};
    const findings: Finding[] = [];
    if (o.reportedBy === 'GPD154') {
      findings.push({
        id: 'GPD154', severity: o.certain ? 'error' : 'warning',
        message: `${p.inputs.local.raw} switches to ${v.target} here and verifies the download with the checksum database whatever GOSUMDB says, so GOSUMDB=off fails it:\n${o.stderr}`,
        ...at, related: relatedVariables(ctx, ['GOTOOLCHAIN', 'GOSUMDB']), evidence,
        fixes: [{ title: 'Unset GOSUMDB (the default sum.golang.org verifies toolchains); use GONOSUMDB for private modules', preferred: true, kind: 'set-variable', variable: 'GOSUMDB', value: '' }],
      });
    } else if (d.nosumdbIgnored && o.runs !== '') {
      findings.push({
        id: 'GPD154', severity: 'info',
        message: `GONOSUMDB/GOPRIVATE (${s.gonosumdb}) match golang.org/toolchain, but go verifies toolchain downloads with the checksum database anyway: ${s.gosumdb || 'sum.golang.org'} must be reachable and know ${v.module} for the switch to ${v.target}.`,
        ...at, related: relatedVariables(ctx, ['GONOSUMDB', 'GOPRIVATE']), evidence, fixes: [],
      });
    }
    return { findings, data: o };
  },
};
