/**
 * Which toolchain a go command runs: the local go, or the one GOTOOLCHAIN and the go.work /
 * go.mod `go` and `toolchain` lines make it switch to.
 * Mirrors cmd/go/internal/toolchain/select.go `Select` and `Exec` (path lookup, then the
 * golang.org/toolchain download) and cmd/go/internal/gover/toolchain.go `TooNewError` of
 * go1.26.8 and go1.27.3 (the same logic in both); proven by test/go/toolchain-diff.test.ts.
 * go1.20 and older know nothing of GOTOOLCHAIN; go1.19.8 instead rejects the Go 1.21 go.mod
 * syntax (go@1.19.8 src/cmd/vendor/golang.org/x/mod/modfile/rule.go:299,340,359).
 */
import type { GoVersion } from '../env/go-version';
import type { Location } from '../model/location';
import { versionFromToolchain } from '../parse/gotoolchain';
import { compareGo, isLangVersion } from './gover';

/** A value with the place it came from. */
export interface SourcedValue {
  value: string;
  /** In words: "the OS environment", "/usr/local/go/go.env", "go.mod", ... */
  origin: string;
  location?: Location;
}

/** The go.work or go.mod file go consults (select.go modGoToolchain: go.work first). */
export interface ToolchainFile {
  /** Absolute path. */
  file: string;
  /** As go prints it (base.ShortPath: relative to the working directory when shorter). */
  shortPath: string;
  kind: 'go.mod' | 'go.work';
  go?: { version: string; location: Location };
  toolchain?: { name: string; location: Location };
}

export interface SelectInputs {
  /** The go the user runs. */
  local: GoVersion;
  /** The effective GOTOOLCHAIN ('' when no source sets it). */
  gotoolchain: SourcedValue;
  file: ToolchainFile | null;
  /** False with GO111MODULE=off: Select returns at once (modload WillBeEnabled). */
  modulesEnabled: boolean;
  goos: string;
  goarch: string;
}

/** What made go pick the target. */
export type SwitchCause = 'GOTOOLCHAIN' | 'go line' | 'toolchain line';

export type ToolchainVerdict =
  /** go older than 1.21: GOTOOLCHAIN and toolchain lines mean nothing to it. */
  | { kind: 'unsupported'; fileErrors: Array<{ message: string; location: Location }> }
  /** go stops before running anything (invalid GOTOOLCHAIN or toolchain line). */
  | { kind: 'fatal'; error: string; location?: Location }
  /** The local go runs the command; `tooNew` is its error when the file asks for a newer Go. */
  | { kind: 'local'; tooNew?: string; tooNewLocation?: Location }
  /** go runs another toolchain: from PATH, else (unless pathOnly) downloaded. */
  | { kind: 'switch'; target: string; pathOnly: boolean; cause: SwitchCause; location?: Location; module: string };

export interface ToolchainSelection {
  /** The local go, e.g. go1.26.8. */
  local: string;
  /** GOTOOLCHAIN's mode after the `+` split: '' (no switching by files), 'auto' or 'path'. */
  mode: '' | 'auto' | 'path';
  /** The minimum (default) toolchain: the local one or GOTOOLCHAIN's name. */
  minToolchain: string;
  verdict: ToolchainVerdict;
  /** Why, step by step, with the source of each input. */
  reasons: string[];
}

/** gover.Local: "1.26.8" from go1.26.8. */
function localVersion(v: GoVersion): string {
  return versionFromToolchain(v.raw) || `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * Releases that ask for go1.N (which does not exist) for a `go 1.N` line, N >= 21, and print
 * `go: download go1.N for <goos>/<goarch>: toolchain not available`. The `.0` fix (select.go
 * "See golang.org/issue/62278", with the "is a language version but not a toolchain version"
 * text) was backported. Observed here with GOPROXY=off and with a loopback proxy answering 404:
 * go1.21.0, go1.21.8, go1.22.0 and go1.22.1 ask for go1.N (their select.go has no `+= ".0"`);
 * go1.21.13, go1.22.6, go1.26.8 and go1.27.3 ask for go1.N.0. The releases between (go1.21.9-12,
 * go1.22.2-5) were not observed; the doctor counts them with the old behaviour.
 */
export const LANG_VERSION_FIXED: Readonly<Record<number, number>> = { 21: 13, 22: 6 };

export function asksForLanguageVersion(local: GoVersion): boolean {
  const fixed = local.major === 1 ? LANG_VERSION_FIXED[local.minor] : undefined;
  return fixed !== undefined && local.patch < fixed;
}

/** The releases that fail on a `go 1.N` line (N >= 22: older than 1.N and asking for go1.N), in words. */
export function releasesFailingOnLanguageVersion(lang: string): string[] {
  const out: string[] = [];
  for (const [minor, fixed] of Object.entries(LANG_VERSION_FIXED)) {
    if (compareGo(`1.${minor}.${fixed - 1}`, lang) < 0) out.push(`go1.${minor}.0-go1.${minor}.${fixed - 1}`);
  }
  return out;
}

/** The module select.go downloads: golang.org/toolchain@v0.0.1-<toolchain>.<goos>-<goarch>. */
export function toolchainModule(toolchain: string, goos: string, goarch: string): string {
  return `golang.org/toolchain@v0.0.1-${toolchain}.${goos}-${goarch}`;
}

export function selectToolchain(inp: SelectInputs): ToolchainSelection {
  const local = inp.local;
  const localName = local.raw;
  const reasons: string[] = [];
  const base = { local: localName, reasons };
  const gt = inp.gotoolchain;
  if (local.major === 1 && local.minor < 21) {
    reasons.push(`${localName} predates toolchain switching (Go 1.21): it ignores GOTOOLCHAIN${gt.value ? ` (${gt.value}, from ${gt.origin})` : ''} and always runs itself.`);
    return { ...base, mode: '', minToolchain: localName, verdict: { kind: 'unsupported', fileErrors: oldGoFileErrors(inp.file) } };
  }
  if (!inp.modulesEnabled) {
    reasons.push('GO111MODULE=off: go does not read go.mod or go.work, so nothing makes it switch.');
    return { ...base, mode: '', minToolchain: localName, verdict: { kind: 'local' } };
  }
  let value = gt.value;
  if (value === '') {
    // A packager removed the line from $GOROOT/go.env (or GOROOT is broken): go keeps running.
    reasons.push(`GOTOOLCHAIN is empty (${gt.origin}): ${localName} does not switch.`);
    return { ...base, mode: '', minToolchain: localName, verdict: { kind: 'local' } };
  }
  let minToolchain = localName;
  let minVers = localVersion(local);
  let mode: '' | 'auto' | 'path';
  if (value === 'auto' || value === 'path') {
    mode = value;
  } else {
    const plus = value.indexOf('+');
    const min = plus >= 0 ? value.slice(0, plus) : value;
    const suffix = plus >= 0 ? value.slice(plus + 1) : '';
    if (min !== 'local') {
      const v = versionFromToolchain(min);
      if (v === '') {
        const error = plus >= 0 ? `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}: invalid minimum toolchain ${JSON.stringify(min)}` : `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}`;
        reasons.push(`GOTOOLCHAIN=${value} (${gt.origin}) is not a toolchain name: go stops.`);
        return { ...base, mode: '', minToolchain, verdict: { kind: 'fatal', error, location: gt.location } };
      }
      minToolchain = min;
      minVers = v;
    }
    if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
      reasons.push(`GOTOOLCHAIN=${value} (${gt.origin}) has a suffix other than +auto or +path: go stops.`);
      return { ...base, mode: '', minToolchain, verdict: { kind: 'fatal', error: `go: invalid GOTOOLCHAIN ${JSON.stringify(value)}: only version suffixes are +auto and +path`, location: gt.location } };
    }
    mode = suffix as '' | 'auto' | 'path';
  }
  reasons.push(mode === ''
    ? `GOTOOLCHAIN=${value} (${gt.origin}): go runs ${minToolchain === localName ? 'the local toolchain' : minToolchain} and ignores the go and toolchain lines when choosing.`
    : `GOTOOLCHAIN=${value} (${gt.origin}): the minimum is ${minToolchain}; a newer go or toolchain line in go.work/go.mod switches (${mode === 'path' ? 'found in PATH only' : 'from PATH, else downloaded'}).`);

  let target = minToolchain;
  let cause: SwitchCause = 'GOTOOLCHAIN';
  let location = gt.location;
  // Startup, as gover.Startup records it for TooNewError.
  let autoGo = '';
  let autoToolchain = '';
  const file = inp.file;
  if ((mode === 'auto' || mode === 'path') && file) {
    const tc = file.toolchain?.name ?? '';
    const goVers = file.go?.version ?? '';
    if (tc === 'default') {
      autoToolchain = 'default';
      reasons.push(`${file.shortPath} says \`toolchain default\`: go keeps the minimum ${minToolchain}.`);
    } else {
      if (tc !== '') {
        const toolVers = versionFromToolchain(tc);
        if (toolVers === '' || (!tc.startsWith('go') && !tc.includes('-go'))) {
          reasons.push(`The toolchain line of ${file.shortPath} is not a toolchain name: go stops.`);
          return { ...base, mode, minToolchain, verdict: { kind: 'fatal', error: `go: invalid toolchain ${JSON.stringify(tc)} in ${file.shortPath}`, location: file.toolchain!.location } };
        }
        if (compareGo(toolVers, minVers) > 0) {
          target = tc;
          minVers = toolVers;
          autoToolchain = tc;
          cause = 'toolchain line';
          location = file.toolchain!.location;
          reasons.push(`${file.shortPath} says \`toolchain ${tc}\`, newer than ${minToolchain}: go switches to ${tc}.`);
        } else {
          reasons.push(`${file.shortPath} says \`toolchain ${tc}\`, not newer than ${minToolchain}: no switch for it.`);
        }
      }
      if (compareGo(goVers, minVers) > 0) {
        target = `go${goVers}`;
        minVers = goVers;
        // Since Go 1.21 the first release of 1.N is 1.N.0: go asks for go1.N.0, not go1.N (issue 62278).
        if (isLangVersion(goVers) && compareGo(goVers, '1.21') >= 0 && !asksForLanguageVersion(local)) target += '.0';
        autoGo = goVers;
        autoToolchain = '';
        cause = 'go line';
        location = file.go!.location;
        reasons.push(`${file.shortPath} says \`go ${goVers}\`, newer than the rest: go switches to ${target}.`);
      } else if (goVers) {
        reasons.push(`${file.shortPath} says \`go ${goVers}\`: ${minToolchain === localName ? 'the local go' : minToolchain} is new enough.`);
      }
    }
  } else if (mode === 'auto' || mode === 'path') {
    reasons.push('No go.work or go.mod: only GOTOOLCHAIN decides.');
  }

  if (target === 'local' || target === localName) {
    // The local go runs; it refuses a go.work/go.mod that needs a newer Go (modload, gover.TooNewError).
    const goVers = file?.go?.version ?? '';
    if (file && goVers && compareGo(goVers, localVersion(local)) > 0) {
      let explain = value !== '' && value !== 'auto' ? `; GOTOOLCHAIN=${value}` : '';
      if ((mode === 'auto' || mode === 'path') && (autoGo || autoToolchain)) explain += `; ${file.shortPath} sets ${autoToolchain ? `toolchain ${autoToolchain}` : `go ${autoGo}`}`;
      const tooNew = `go: ${file.shortPath} requires go >= ${goVers} (running go ${localVersion(local)}${explain})`;
      reasons.push(`${localName} runs, but ${file.shortPath} needs go ${goVers}: "${tooNew}".`);
      return { ...base, mode, minToolchain, verdict: { kind: 'local', tooNew, tooNewLocation: file.go!.location } };
    }
    reasons.push(`${localName} runs the command itself.`);
    return { ...base, mode, minToolchain, verdict: { kind: 'local' } };
  }
  if (!target.startsWith('go1') && !target.includes('-go1')) {
    return { ...base, mode, minToolchain, verdict: { kind: 'fatal', error: `go: invalid GOTOOLCHAIN ${JSON.stringify(target)}`, location } };
  }
  const pathOnly = value === 'path' || value.endsWith('+path');
  return { ...base, mode, minToolchain, verdict: { kind: 'switch', target, pathOnly, cause, location, module: toolchainModule(target, inp.goos, inp.goarch) } };
}

/**
 * What a go older than 1.21 says about the Go 1.21 go.mod syntax: a patch in the go line and the
 * toolchain directive (go@1.19.8 modfile/rule.go GoVersionRE `^([1-9][0-9]*)\.(0|[1-9][0-9]*)$`).
 */
function oldGoFileErrors(file: ToolchainFile | null): Array<{ message: string; location: Location }> {
  const out: Array<{ message: string; location: Location }> = [];
  if (!file) return out;
  if (file.go && !/^([1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(file.go.version)) {
    out.push({ message: `${file.file}:${file.go.location.startLine}: invalid go version '${file.go.version}': must match format 1.23`, location: file.go.location });
  }
  if (file.toolchain) out.push({ message: `${file.file}:${file.toolchain.location.startLine}: unknown directive: toolchain`, location: file.toolchain.location });
  return out;
}

/** The text go prints when a toolchain download finds nothing (select.go Exec). */
export function notAvailableError(target: string, goos: string, goarch: string, local: GoVersion): string {
  const v = versionFromToolchain(target);
  // The language-version wording came with the go1.N.0 fix (releases asking for go1.N print the generic one).
  if (!asksForLanguageVersion(local) && isLangVersion(v) && compareGo(v, '1.21') >= 0) return `go: invalid toolchain: ${target} is a language version but not a toolchain version (${target}.x)`;
  return `go: download ${target} for ${goos}/${goarch}: toolchain not available`;
}
