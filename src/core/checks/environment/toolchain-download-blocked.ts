import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { walkChain } from '../../net/chain-walk';
import { versionFromToolchain } from '../../parse/gotoolchain';
import { compareGo, isLangVersion } from '../../toolchain/gover';
import { notAvailableError } from '../../toolchain/select-toolchain';
import { predictDownload, TOOLCHAIN_MODULE_PATH } from '../../toolchain/toolchain-download';
import { downloadSettings } from '../../toolchain/toolchain-inputs';
import { downloadingLine, relatedVariables, selectionEvidence, toolchainPicture } from './toolchain-common';

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
    const p = await toolchainPicture(ctx);
    if (!p) return { findings: [], status: 'skipped', reason: 'the go version is unknown, and toolchain switching depends on it' };
    const v = p.selection.verdict;
    if (v.kind !== 'switch' || v.pathOnly) return { findings: [], data: p.selection };
    const tv = versionFromToolchain(v.target);
    // A language version never downloads: GPD151 (toolchain lines) and GPD133 (GOTOOLCHAIN) say so.
    if (isLangVersion(tv) && compareGo(tv, '1.21') >= 0) return { findings: [], data: p.selection };
    const { goos, goarch, local } = p.inputs;
    const s = downloadSettings(ctx);
    const d = predictDownload(v.target, v.module, s, local, goos, goarch);
    const downloading = downloadingLine(p.selection, goos, goarch);
    const notAvailable = notAvailableError(v.target, goos, goarch, local);
    const version = v.module.slice(TOOLCHAIN_MODULE_PATH.length + 1);
    const evidence = [...selectionEvidence(p), `GOPROXY=${JSON.stringify(s.goproxy)}`, ...(s.gonoproxy ? [`GONOPROXY/GOPRIVATE=${JSON.stringify(s.gonoproxy)}`] : []), `module: ${v.module}`];
    const fixes: Fix[] = [];
    if (s.goproxy !== DEFAULT_GOPROXY) fixes.push({ title: `Use a GOPROXY that serves toolchains: ${DEFAULT_GOPROXY}`, preferred: d.route === 'off', kind: 'set-variable', variable: 'GOPROXY', value: DEFAULT_GOPROXY });
    fixes.push({ title: `Install ${v.target} where go finds it: go install golang.org/dl/${v.target}@latest && ${v.target} download`, preferred: false, kind: 'command', command: `go install golang.org/dl/${v.target}@latest && ${v.target} download` });
    const finding = (severity: Finding['severity'], why: string, error: string): Finding => ({
      id: 'GPD153', severity,
      message: `${p.inputs.local.raw} switches to ${v.target} here (${p.selection.reasons[p.selection.reasons.length - 1] ?? v.cause}) and must download ${v.module}, but ${why}:\n${downloading}\n${error}`,
      ...(v.location ? { location: v.location } : {}),
      related: relatedVariables(ctx, ['GOTOOLCHAIN', 'GOPROXY', 'GONOPROXY', 'GOPRIVATE']),
      evidence, fixes,
    });
    if (d.route === 'invalid') return { findings: [], data: p.selection };
    if (d.route === 'off') return { findings: [finding('error', 'GOPROXY=off downloads nothing (module lookup disabled by GOPROXY=off, a not-found error)', d.routeError!)], data: p.selection };
    if (d.route === 'direct' && d.proxies.length === 0) {
      const why = d.noproxy ? `GONOPROXY/GOPRIVATE (${s.gonoproxy}) matches golang.org/toolchain, so go skips GOPROXY and fetches it directly` : 'GOPROXY=direct fetches it directly';
      return { findings: [finding('warning', `${why} (https://golang.org/toolchain?go-get=1, then go.dev/dl/mod, then the checksum database): without access to those hosts`, notAvailable)], data: p.selection };
    }
    if (d.unknownProxies.length === d.proxies.length && !d.needsDirect) {
      if (ctx.options.offline) {
        return { findings: [finding('warning', `no proxy in GOPROXY is known to mirror golang.org/toolchain (the network was not used to ask${d.proxies.length ? ` ${d.proxies.join(', ')}` : ''}); if none serves it`, notAvailable)], data: p.selection };
      }
      const w = await walkChain(TOOLCHAIN_MODULE_PATH, version, {
        goproxy: s.goproxy, gonoproxy: s.gonoproxy, platform: ctx.env.platform, env: ctx.env.os,
        timeoutMs: ctx.options.timeoutMs, signal, maxZipBytes: 64 << 10, directLookups: false,
      });
      evidence.push(...w.steps.map((st) => `.${st.file} from ${st.entry}: ${st.outcome}${st.status !== undefined ? ` ${st.status}` : ''}`));
      if (!w.verdict.served) {
        const allNotFound = w.steps.length > 0 && w.steps.every((st) => st.outcome === 'not-found');
        const error = allNotFound ? notAvailable : `go: download ${v.target}: ${w.verdict.error ?? 'the proxies did not serve it'}`;
        return { findings: [finding('error', `the GOPROXY chain does not serve it`, error)], data: { selection: p.selection, walk: w } };
      }
      return { findings: [], data: { selection: p.selection, walk: w } };
    }
    return { findings: [], data: p.selection };
  },
};
