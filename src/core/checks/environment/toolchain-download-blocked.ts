import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { downloadSettings } from '../../toolchain/toolchain-inputs';
import { toolchainAnalysis } from '../../toolchain/toolchain-outcome';
import { relatedVariables, selectionEvidence } from './toolchain-common';

const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

/**
 * The toolchain go switches to must come through GOPROXY. Mirrors
 * cmd/go/internal/toolchain/select.go Exec and cmd/go/internal/modfetch/repo.go lookup
 * (go1.26.8, go1.27.3); with the network allowed, the chain is walked for the toolchain module.
 */
export const toolchainDownloadBlocked: Check = {
  id: 'GPD153',
  slug: 'toolchain-download-blocked',
  layer: 'environment',
  title: 'The toolchain go switches to can be downloaded',
  needs: {},
  timeoutMs: 20000,
  doc: `When go.mod, go.work or GOTOOLCHAIN make go (1.21+) switch to another release that is not in
PATH, go downloads the module \`golang.org/toolchain@v0.0.1-<release>.<GOOS>-<GOARCH>\` through
GOPROXY like any module (\`cmd/go/internal/toolchain/select.go\` Exec). This check reports a
switch that cannot download:

- \`GOPROXY=off\`: \`go: downloading go1.99.0 (linux/amd64)\` then
  \`go: download go1.99.0 for linux/amd64: toolchain not available\`;
- a proxy list that ends without a public mirror and without \`direct\`: only a proxy that mirrors
  \`golang.org/toolchain\` works; with the network allowed the doctor asks it for the module, and
  a 404/410 gives the same \`toolchain not available\`;
- \`direct\` (alone, or GONOPROXY/GOPRIVATE matching \`golang.org/toolchain\`): go asks
  \`https://golang.org/toolchain?go-get=1\`, then \`go.dev/dl/mod\`; without access to them the
  download fails with \`toolchain not available\` too (warning: it works where those hosts are reachable).

The finding points at the line that makes go switch (the go.mod \`go\` or \`toolchain\` line, or
where GOTOOLCHAIN is set). Fixes: a GOPROXY that serves toolchains (the default
\`https://proxy.golang.org,direct\`), or installing that release so go finds it in PATH.`,
  examples: {
    triggers: {
      description: 'go1.26.8 must switch to go1.99.0 with GOPROXY=off',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto', GOPROXY: 'off' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.99.0\n' },
    },
    passes: {
      description: 'No switch: the local go is new enough',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto', GOPROXY: 'off' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.22\n' },
    },
  },
  async run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput> {
    const a = await toolchainAnalysis(ctx, signal);
    if (!a) return { findings: [], status: 'skipped', reason: 'the go version is unknown, and toolchain switching depends on it' };
    const { picture: p, outcome: o } = a;
    const v = p.selection.verdict;
    if (o.reportedBy !== 'GPD153' || v.kind !== 'switch' || !o.download) return { findings: [], data: o };
    const d = o.download;
    const s = downloadSettings(ctx);
    const evidence = [...selectionEvidence(p), `GOPROXY=${JSON.stringify(s.goproxy)}`, ...(s.gonoproxy ? [`GONOPROXY/GOPRIVATE=${JSON.stringify(s.gonoproxy)}`] : []), `module: ${v.module}`];
    if (o.walk) evidence.push(...o.walk.steps.map((st) => `.${st.file} from ${st.entry}: ${st.outcome}${st.status !== undefined ? ` ${st.status}` : ''}`));
    if (o.note) evidence.push(o.note);
    const fixes: Fix[] = [];
    if (s.goproxy !== DEFAULT_GOPROXY) fixes.push({ title: `Use a GOPROXY that serves toolchains: ${DEFAULT_GOPROXY}`, preferred: d.route === 'off', kind: 'set-variable', variable: 'GOPROXY', value: DEFAULT_GOPROXY });
    fixes.push({ title: `Install ${v.target} where go finds it (PATH): go install golang.org/dl/${v.target}@latest && ${v.target} download`, preferred: false, kind: 'command', command: `go install golang.org/dl/${v.target}@latest && ${v.target} download` });
    let why: string;
    if (d.route === 'off') why = 'GOPROXY=off downloads nothing (go treats "module lookup disabled by GOPROXY=off" as not found)';
    else if (d.route === 'direct' && d.proxies.length === 0) why = `${d.noproxy ? `GONOPROXY/GOPRIVATE (${s.gonoproxy}) match golang.org/toolchain, so go skips GOPROXY and fetches it directly` : 'GOPROXY=direct fetches it directly'} (https://golang.org/toolchain?go-get=1, then go.dev/dl/mod, then the checksum database); where those hosts are out of reach go says`;
    else if (o.walk) why = 'no entry of GOPROXY serves it (asked just now)';
    else why = `no proxy in GOPROXY is known to mirror golang.org/toolchain${ctx.options.offline ? ' (offline: not asked)' : ''}; if none does, go says`;
    const f: Finding = {
      id: 'GPD153', severity: o.certain ? 'error' : 'warning',
      message: `${p.inputs.local.raw} switches to ${v.target} here and must download ${v.module}, but ${why}:\n${o.stderr}`,
      ...(v.location ? { location: v.location } : {}),
      related: relatedVariables(ctx, ['GOTOOLCHAIN', 'GOPROXY', 'GONOPROXY', 'GOPRIVATE']),
      evidence, fixes,
    };
    return { findings: [f], data: o };
  },
};
