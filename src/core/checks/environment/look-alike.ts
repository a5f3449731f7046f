/**
 * Names that look like Go's variables but that go never reads (GPD134). go reads exactly
 * the names in go@1.19.8 src/cmd/go/internal/cfg/cfg.go (knownEnv); on Unix environment
 * names are case-sensitive, on Windows they are not.
 */
import type { GoOS } from '../../model/environment';

export const GO_MODULE_VARIABLES = [
  'GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN',
  'GOVCS', 'GOMODCACHE', 'GOENV', 'GOAUTH', 'GOPATH', 'GOROOT', 'GOCACHE', 'GOWORK',
];

/** Names people used for these settings in old betas, blogs or other tools. */
const KNOWN_LOOK_ALIKES: Record<string, string> = {
  GONOSUMCHECK: 'GONOSUMDB', GONOSUMCHECKS: 'GONOSUMDB', GOSUMCHECK: 'GOSUMDB', GONOVERIFY: 'GONOSUMDB',
  GO_PROXY: 'GOPROXY', GOPROXY_URL: 'GOPROXY', GOPROXYURL: 'GOPROXY', GO_PROXY_URL: 'GOPROXY', GOLANG_PROXY: 'GOPROXY', GOPROXIES: 'GOPROXY',
  GO_PRIVATE: 'GOPRIVATE', GOPRIVATES: 'GOPRIVATE', GO_NOPROXY: 'GONOPROXY', GO_NO_PROXY: 'GONOPROXY', GONO_PROXY: 'GONOPROXY',
  GO_NOSUMDB: 'GONOSUMDB', GO_SUMDB: 'GOSUMDB', GOSUMDB_URL: 'GOSUMDB', GO_INSECURE: 'GOINSECURE', GO_FLAGS: 'GOFLAGS',
  GO111MODULES: 'GO111MODULE', GO11MODULE: 'GO111MODULE', GO_111MODULE: 'GO111MODULE', GO111_MODULE: 'GO111MODULE', GO_TOOLCHAIN: 'GOTOOLCHAIN',
};

/** The Go variable `name` was probably meant to be, or null when `name` is fine or unrelated. */
export function lookAlikeOf(name: string, platform: GoOS): string | null {
  if (GO_MODULE_VARIABLES.includes(name)) return null;
  const upper = name.toUpperCase();
  if (platform === 'windows' && GO_MODULE_VARIABLES.includes(upper)) return null;
  if (KNOWN_LOOK_ALIKES[upper]) return KNOWN_LOOK_ALIKES[upper];
  if (GO_MODULE_VARIABLES.includes(upper)) return upper; // lower- or mixed-case on Unix
  const squashed = upper.replace(/[_-]/g, '');
  const target = GO_MODULE_VARIABLES.find((v) => v === squashed && v !== name);
  return target ?? null;
}
