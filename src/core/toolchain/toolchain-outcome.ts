/**
 * What a go command does in this folder, as far as toolchains go: runs the local go, runs
 * another toolchain (from PATH or downloaded), or stops — with what go prints on stderr.
 * Combines select-toolchain.ts, toolchain-download.ts and, with the network allowed, a walk of
 * the GOPROXY chain for golang.org/toolchain. This is the doctor's prediction that
 * test/go/toolchain-diff.test.ts holds against each go release.
 */
import type { CheckContext } from '../model/check';
import { walkChain, type ChainWalk } from '../net/chain-walk';
import { versionFromToolchain } from '../parse/gotoolchain';
import { compareGo, isLangVersion } from './gover';
import { notAvailableError } from './select-toolchain';
import { predictDownload, TOOLCHAIN_MODULE_PATH, type DownloadPrediction } from './toolchain-download';
import { downloadSettings, toolchainPicture, type ToolchainPicture } from './toolchain-inputs';

export interface ToolchainOutcome {
  /** The toolchain that runs the command ('' when go stops first). */
  runs: string;
  /** How it gets there. */
  via: 'local' | 'path' | 'download' | 'none';
  /** What go prints on stderr before running it or stopping (lines joined with \n; '' = nothing). */
  stderr: string;
  /** False when only the network (or a host the doctor does not ask) can tell; `stderr` is then the failure text. */
  certain: boolean;
  /** Which check explains a failure. */
  reportedBy?: 'GPD151' | 'GPD152' | 'GPD153' | 'GPD154' | 'GPD133';
  /** Why it is uncertain, or what decided it. */
  note?: string;
  download?: DownloadPrediction;
  walk?: ChainWalk;
}

export interface ToolchainAnalysis {
  picture: ToolchainPicture;
  outcome: ToolchainOutcome;
}

/** Computed once per run; null when the go version is unknown. */
export function toolchainAnalysis(ctx: CheckContext, signal?: AbortSignal): Promise<ToolchainAnalysis | null> {
  return ctx.memo('toolchain:analysis', async () => {
    const picture = await toolchainPicture(ctx);
    if (!picture) return null;
    return { picture, outcome: await outcomeOf(ctx, picture, signal) };
  });
}

async function outcomeOf(ctx: CheckContext, p: ToolchainPicture, signal?: AbortSignal): Promise<ToolchainOutcome> {
  const v = p.selection.verdict;
  const { local, goos, goarch } = p.inputs;
  switch (v.kind) {
    case 'unsupported':
      if (v.fileErrors.length) {
        // go@1.19.8 modload/init.go: "go: errors parsing go.mod:" for go.mod, `reading go.work: %v` (no "go: ") for go.work.
        const lines = v.fileErrors.map((e) => e.message).join('\n');
        const stderr = p.inputs.file!.kind === 'go.work' ? `reading go.work: ${lines}` : `go: errors parsing ${p.inputs.file!.shortPath}:\n${lines}`;
        return { runs: '', via: 'none', stderr, certain: true, reportedBy: 'GPD152' };
      }
      return { runs: local.raw, via: 'local', stderr: '', certain: true };
    case 'fatal':
      return { runs: '', via: 'none', stderr: v.error, certain: true, reportedBy: v.location && p.inputs.file?.toolchain?.location === v.location ? 'GPD151' : 'GPD133' };
    case 'local':
      return v.tooNew ? { runs: '', via: 'none', stderr: v.tooNew, certain: true, reportedBy: 'GPD152' } : { runs: local.raw, via: 'local', stderr: '', certain: true };
    case 'switch':
      break;
  }
  // Exec: PATH first (a binary named after the toolchain, e.g. from golang.org/dl).
  const inPath = await ctx.host.which(v.target).catch(() => null);
  if (inPath) return { runs: v.target, via: 'path', stderr: '', certain: true, note: `${v.target} is in PATH: ${inPath}` };
  if (v.pathOnly) return { runs: '', via: 'none', stderr: `go: cannot find ${JSON.stringify(v.target)} in PATH`, certain: true, reportedBy: v.cause === 'GOTOOLCHAIN' ? 'GPD133' : 'GPD151' };
  const downloading = `go: downloading ${v.target} (${goos}/${goarch})`;
  const notAvailable = `${downloading}\n${notAvailableError(v.target, goos, goarch, local)}`;
  const tv = versionFromToolchain(v.target);
  if (isLangVersion(tv) && compareGo(tv, '1.21') >= 0) {
    return { runs: '', via: 'none', stderr: notAvailable, certain: true, reportedBy: v.cause === 'GOTOOLCHAIN' ? 'GPD133' : 'GPD151' };
  }
  const s = downloadSettings(ctx);
  const d = predictDownload(v.target, v.module, s, local, goos, goarch);
  const base = { download: d };
  if (d.route === 'invalid') return { ...base, runs: '', via: 'none', stderr: '', certain: false, note: 'GOPROXY is invalid (GPD101)' };
  if (d.route === 'off') return { ...base, runs: '', via: 'none', stderr: notAvailable, certain: true, reportedBy: 'GPD153' };
  const afterDownload = (): ToolchainOutcome => d.sumdbError
    ? { ...base, runs: '', via: 'none', stderr: `${downloading}\n${d.sumdbError}`, certain: true, reportedBy: 'GPD154' }
    : { ...base, runs: v.target, via: 'download', stderr: downloading, certain: true };
  if (d.route === 'direct' && d.proxies.length === 0) {
    return { ...base, runs: '', via: 'none', stderr: notAvailable, certain: false, reportedBy: 'GPD153', note: 'direct: only golang.org and go.dev can tell (not asked)' };
  }
  if (d.unknownProxies.length < d.proxies.length) {
    // A public mirror in the list serves every released toolchain.
    return { ...afterDownload(), certain: false, note: 'a public mirror serves released toolchains (not asked)' };
  }
  if (d.needsDirect) return { ...base, runs: '', via: 'none', stderr: notAvailable, certain: false, reportedBy: 'GPD153', note: 'the proxies may not serve it and direct needs golang.org and go.dev (not asked)' };
  if (ctx.options.offline) return { ...base, runs: '', via: 'none', stderr: notAvailable, certain: false, reportedBy: 'GPD153', note: 'offline: the proxies were not asked' };
  const version = v.module.slice(TOOLCHAIN_MODULE_PATH.length + 1);
  const walk = await walkChain(TOOLCHAIN_MODULE_PATH, version, {
    goproxy: s.goproxy, gonoproxy: s.gonoproxy, platform: ctx.env.platform, env: ctx.env.os,
    timeoutMs: ctx.options.timeoutMs, signal, maxZipBytes: 64 << 10, directLookups: false,
  });
  if (!walk.verdict.served) {
    const allNotFound = walk.steps.length > 0 && walk.steps.every((st) => st.outcome === 'not-found');
    const stderr = allNotFound ? notAvailable : `${downloading}\ngo: download ${v.target}: ${walk.verdict.error ?? 'not served'}`;
    return { ...base, walk, runs: '', via: 'none', stderr, certain: allNotFound, reportedBy: 'GPD153' };
  }
  return { ...afterDownload(), walk };
}
