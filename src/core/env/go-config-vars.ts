import { shellQuote } from '../report/shell-quote';
import { type GoVersion, versionAtLeast } from './go-version';

/**
 * What `go env -w KEY=…` and `go env -u KEY` do with each variable, per release. Both run
 * envcmd checkEnvWrite (go@1.19.8 src/cmd/go/internal/envcmd/env.go:457-468, go1.26.8 :605-617,
 * go1.27.3 :632-654), which refuses in this order:
 *   1. `go: K cannot be modified` for go's computed values;
 *   2. `go: K can only be set using the OS environment` (GOENV: cfg.EnvFile reads only
 *      os.Getenv("GOENV"); GODEBUG);
 *   3. `go: unknown go command variable K` unless cfg.CanGetenv(K): the name is in
 *      internal/cfg KnownEnv, or — Go 1.21+ (go1.26.8 src/cmd/go/internal/cfg/cfg.go CanGetenv)
 *      — the key already has a line in the user go/env file or $GOROOT/go.env.
 * Verified against go1.19.8, go1.26.8 and go1.27.3 by test/go/go-env-write.test.ts. Release
 * boundaries between 1.19 and 1.26 come from Go's release history (noted "[history]").
 */

/** go@1.19.8 src/internal/cfg/cfg.go KnownEnv. */
const KNOWN_ENV_1_19 = `
AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS CGO_CPPFLAGS_ALLOW
CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW CGO_ENABLED
CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW
CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOBIN GOCACHE
GOENV GOEXE GOEXPERIMENT GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS GOINSECURE GOMIPS GOMIPS64
GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY GOROOT GOSUMDB
GOTMPDIR GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED PKG_CONFIG
`.trim().split(/\s+/);

/** Added to KnownEnv after 1.19 (go1.26.8 and go1.27.3 have exactly these six more). */
const KNOWN_ENV_ADDED: Record<string, [number, number]> = {
  GOTOOLCHAIN: [1, 21], GOARM64: [1, 23], GORISCV64: [1, 23], // [history]
  GOAUTH: [1, 24], GOCACHEPROG: [1, 24], GOFIPS140: [1, 24], // [history]
};

/** `cannot be modified`, with the first release that says so for the key. */
const CANNOT_MODIFY: Record<string, [number, number]> = {
  GOEXE: [1, 13], GOGCCFLAGS: [1, 13], GOHOSTARCH: [1, 13], GOHOSTOS: [1, 13], GOMOD: [1, 13],
  GOWORK: [1, 18], GOTOOLDIR: [1, 13], GOVERSION: [1, 16],
  GOTELEMETRY: [1, 24], GOTELEMETRYDIR: [1, 24], // [history]; go1.26.8 verified
  GOROOT: [1, 27], // go1.26.8 writes GOROOT, go1.27.3 refuses it (verified)
};

/** `can only be set using the OS environment`. */
const OS_ONLY: Record<string, [number, number]> = {
  GOENV: [1, 13],
  GODEBUG: [1, 23], // [history]; go1.19.8 says "unknown go command variable GODEBUG"
};

/** When the release is unknown the newest rules apply: they refuse the most. */
const NEWEST: GoVersion = { raw: 'go1.27', major: 1, minor: 27, patch: 0 };

const since = (v: GoVersion, at: [number, number] | undefined) => at !== undefined && versionAtLeast(v, at[0], at[1]);

/**
 * go's exact error line for `go env -w variable=…` (and `go env -u variable`) on this release,
 * or null when go writes it. `fileKeys`: keys of the user go/env file and $GOROOT/go.env, which
 * Go 1.21+ accepts whatever their name.
 */
export function goEnvWriteRefusal(variable: string, version: GoVersion | null = null, fileKeys?: ReadonlySet<string>): string | null {
  const v = version ?? NEWEST;
  if (since(v, CANNOT_MODIFY[variable])) return `go: ${variable} cannot be modified`;
  if (since(v, OS_ONLY[variable])) return `go: ${variable} can only be set using the OS environment`;
  const known = KNOWN_ENV_1_19.includes(variable) || since(v, KNOWN_ENV_ADDED[variable]) || (versionAtLeast(v, 1, 21) && Boolean(fileKeys?.has(variable)));
  return known ? null : `go: unknown go command variable ${variable}`;
}

/** Whether this go writes the variable with `go env -w` (and removes it with `go env -u`). */
export function canGoEnvWrite(variable: string, version: GoVersion | null = null, fileKeys?: ReadonlySet<string>): boolean {
  return goEnvWriteRefusal(variable, version, fileKeys) === null;
}

/**
 * The command that gives `variable` the value `value` for go: `go env -w` where this go accepts
 * it and no OS variable hides the go/env file (cfg.Getenv: a non-empty OS value wins), else
 * the shell. A go that refuses `go env -w X` is never offered it.
 */
export function setVariableCommand(variable: string, value: string, platform: string = 'linux', setInOsEnv = false, version: GoVersion | null = null): string {
  if (canGoEnvWrite(variable, version) && !setInOsEnv) return `go env -w ${variable}=${shellQuote(value)}`;
  if (value === '') return platform === 'windows' ? `Remove-Item Env:${variable}` : `unset ${variable}`;
  if (platform === 'windows') return `$env:${variable} = '${value.replace(/'/g, "''")}'`;
  return `export ${variable}=${shellQuote(value)}`;
}
