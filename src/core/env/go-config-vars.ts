import { shellQuote } from '../report/shell-quote';

/**
 * Variables `go env -w` accepts: go@1.19.8 src/internal/cfg/cfg.go KnownEnv, minus those
 * envcmd refuses to write (GOENV, GOEXE, GOGCCFLAGS, GOHOSTARCH, GOHOSTOS, GOTOOLDIR,
 * GOVERSION — src/cmd/go/internal/envcmd/env.go checkEnvWrite), plus GOTOOLCHAIN (1.21+) and
 * GOAUTH (1.24+). Anything else (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, GODEBUG) is refused
 * with `go: unknown go command variable X` and must be set in the environment go runs in.
 */
const GO_ENV_WRITABLE = new Set(`
AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS CGO_CPPFLAGS_ALLOW
CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW CGO_ENABLED
CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW
CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOBIN GOCACHE
GOEXPERIMENT GOFLAGS GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH
GOPPC64 GOPRIVATE GOPROXY GOROOT GOSUMDB GOTMPDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED
PKG_CONFIG GOTOOLCHAIN GOAUTH
`.trim().split(/\s+/));

export function canGoEnvWrite(variable: string): boolean {
  return GO_ENV_WRITABLE.has(variable);
}

/**
 * The command that gives `variable` the value `value` for go: `go env -w` where go accepts
 * it and no OS variable hides the go/env file (cfg.Getenv: a non-empty OS value wins),
 * else the shell.
 */
export function setVariableCommand(variable: string, value: string, platform: string = 'linux', setInOsEnv = false): string {
  if (canGoEnvWrite(variable) && !setInOsEnv) return `go env -w ${variable}=${shellQuote(value)}`;
  if (value === '') return platform === 'windows' ? `Remove-Item Env:${variable}` : `unset ${variable}`;
  if (platform === 'windows') return `$env:${variable} = '${value.replace(/'/g, "''")}'`;
  return `export ${variable}=${shellQuote(value)}`;
}
