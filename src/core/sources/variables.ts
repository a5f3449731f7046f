/**
 * The variables a config file can set that change how go fetches modules. The HTTP proxy
 * variables are read by golang.org/x/net/http/httpproxy in both cases (upper case wins when
 * non-empty: `net@0ca694d http/httpproxy/proxy.go:90-106`); Go's own variables are
 * case-sensitive (`go@1.19.8 src/cmd/go/internal/cfg/cfg.go` Getenv).
 */
export const GO_PROXY_VARIABLES = [
  'GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS',
  'GO111MODULE', 'GOTOOLCHAIN', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY',
  'http_proxy', 'https_proxy', 'no_proxy',
] as const;

const KNOWN = new Set<string>(GO_PROXY_VARIABLES);
const GO_NAMES = ['GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN'];
/** Names seen in the wild that go never reads. */
const KNOWN_LOOK_ALIKES = new Set(['GONOSUMCHECK', 'GONOSUMDB_URL', 'GOPROXY_URL', 'GOSUMDB_URL', 'GOPRIVATE_URL', 'GO_PROXY_URL', 'GOPROXYS', 'GONOPROXIES', 'GOFLAG']);

/** True for a variable go (or its HTTP client) reads. */
export function isGoProxyVariable(name: string): boolean {
  return KNOWN.has(name);
}

/**
 * True for a name that looks like one of Go's variables but that go ignores: other case
 * (`goproxy`, `GoProxy`), an inserted underscore (`GO_PROXY`, `GO_NO_SUM_DB`), or a known
 * confusion (`GONOSUMCHECK`, `GOPROXY_URL`). `Http_Proxy` is also ignored by x/net.
 */
export function isLookAlike(name: string): boolean {
  if (KNOWN.has(name)) return false;
  if (KNOWN_LOOK_ALIKES.has(name.toUpperCase())) return true;
  const squashed = name.replace(/_/g, '').toUpperCase();
  if (GO_NAMES.includes(squashed)) return true;
  if (['HTTPPROXY', 'HTTPSPROXY', 'NOPROXY'].includes(squashed)) return true;
  return false;
}

/** The Go variable a look-alike was probably meant to be. */
export function intendedVariable(name: string): string | undefined {
  const squashed = name.replace(/_/g, '').toUpperCase();
  const go = GO_NAMES.find((g) => g === squashed);
  if (go) return go;
  if (squashed === 'HTTPPROXY') return 'HTTP_PROXY';
  if (squashed === 'HTTPSPROXY') return 'HTTPS_PROXY';
  if (squashed === 'NOPROXY') return 'NO_PROXY';
  if (squashed === 'GONOSUMCHECK') return 'GONOSUMDB';
  if (squashed.startsWith('GOPROXY')) return 'GOPROXY';
  if (squashed.startsWith('GOSUMDB')) return 'GOSUMDB';
  if (squashed.startsWith('GOPRIVATE')) return 'GOPRIVATE';
  if (squashed.startsWith('GONOSUMDB')) return 'GONOSUMDB';
  return undefined;
}

/** A variable whose assignments the sources record: Go's own and their look-alikes. */
export function isTracked(name: string): boolean {
  return isGoProxyVariable(name) || isLookAlike(name);
}
