/**
 * Whether go accepts the module configuration for one download, from the effective values
 * alone: the static errors go prints before or instead of any network answer, in the order
 * go meets them for `go mod download <module>@<version>` (and similar commands):
 * 1. GOFLAGS (base/goflags.go: InitGOFLAGS for every command, then SetFromGOFLAGS),
 * 2. GO111MODULE (modload/init.go:325-343),
 * 3. GOPROXY (modfetch/proxy.go:61-127) and the route for this module (repo.go:229-270),
 * 4. GOSUMDB when the module must be verified (sumdb.go:35-110).
 * Mirrors src/cmd/go/internal/... of go@1.19.8, go@1.26.8 and go@1.27.3, and applies the rules
 * of `goVersion` (the newest when unknown): the GOFLAGS table and splitting of that release,
 * and what its `go get` does under GO111MODULE=off. proxyList, newProxyRepo, dbDial and
 * MatchPrefixPatterns read the same in the three releases (go@1.26.8 modfetch/proxy.go:61-127,
 * 196-226; sumdb.go dbDial only adds the GOSUMDB=off refusal for toolchain downloads).
 */
import type { GoOS } from '../../model/environment';
import { modulesOffError, parseGo111module } from '../../parse/go111module';
import { goflagsErrorFor } from '../../parse/goflags';
import { parseGoproxy, type ProxyEntry } from '../../parse/goproxy-list';
import { parseGosumdb, type GosumdbParse } from '../../parse/gosumdb';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';

export interface ConfigVerdict {
  /** go accepts the configuration for this module (downloads may still fail on the network). */
  accepted: boolean;
  /**
   * go's text when it does not. A GOSUMDB error is printed after "verifying module: " or
   * "verifying go.mod: ", depending on which file go checks first.
   */
  error?: string;
  /** Which variable decided. */
  variable?: 'GOFLAGS' | 'GO111MODULE' | 'GOPROXY' | 'GOSUMDB';
  /** The entries go tries for this module, in order (noproxy resolved to direct or skipped). */
  route: Array<{ kind: 'url' | 'direct' | 'off'; url?: string; fallBackOnError: boolean }>;
  /** Whether go verifies the module with the checksum database, and how it reaches it. */
  sumdb: { used: boolean; parse?: GosumdbParse };
}

/** Effective values as go uses them (GONOPROXY/GONOSUMDB already defaulted to GOPRIVATE). */
export type EffectiveValues = Partial<Record<'GOFLAGS' | 'GO111MODULE' | 'GOPROXY' | 'GONOPROXY' | 'GONOSUMDB' | 'GOPRIVATE' | 'GOSUMDB', string>>;

export function configVerdict(v: EffectiveValues, modulePath: string, platform: GoOS, command = 'mod download', goVersion?: string | null): ConfigVerdict {
  const route: ConfigVerdict['route'] = [];
  const none = { used: false };
  const flags = goflagsErrorFor(v.GOFLAGS ?? '', command, platform, goVersion);
  if (flags) return { accepted: false, error: flags.error, variable: 'GOFLAGS', route, sumdb: none };
  const m = parseGo111module(v.GO111MODULE ?? '');
  if (m.error) return { accepted: false, error: m.error, variable: 'GO111MODULE', route, sumdb: none };
  const off = m.mode === 'off' ? modulesOffError(command, goVersion) : null;
  if (off) return { accepted: false, error: off, variable: 'GO111MODULE', route, sumdb: none };
  const gonoproxy = v.GONOPROXY || v.GOPRIVATE || '';
  const p = parseGoproxy(v.GOPROXY || 'https://proxy.golang.org,direct', gonoproxy, platform, goVersion);
  if (p.error) return { accepted: false, error: p.error, variable: 'GOPROXY', route, sumdb: none };
  const private_ = gonoproxy !== '' && matchPrefixPatterns(gonoproxy, modulePath);
  let offReached = false;
  for (const e of p.entries as ProxyEntry[]) {
    if (e.kind === 'noproxy') {
      // repo.go:234-241: a GONOPROXY path goes direct at "noproxy" (or at the first entry).
      if (private_) {
        route.push({ kind: 'direct', fallBackOnError: false });
        break;
      }
      continue;
    }
    if (private_) {
      if (e.kind === 'direct') route.push({ kind: 'direct', fallBackOnError: false });
      // any proxy URL or off: "disabled by GOPRIVATE/GONOPROXY" (not-exist), keep walking
      if (e.kind === 'direct') break;
      continue;
    }
    if (e.kind === 'off') {
      offReached = true;
      if (route.length) route.push({ kind: 'off', fallBackOnError: false });
      break;
    }
    if (e.kind === 'direct') {
      route.push({ kind: 'direct', fallBackOnError: false });
      break;
    }
    route.push({ kind: 'url', url: e.url, fallBackOnError: e.fallBackOnError });
  }
  const sumdbUsed = (v.GOSUMDB ?? 'sum.golang.org') !== 'off' && !matchPrefixPatterns(v.GONOSUMDB || v.GOPRIVATE || '', modulePath);
  const sumdb: ConfigVerdict['sumdb'] = sumdbUsed ? { used: true, parse: parseGosumdb(v.GOSUMDB || 'sum.golang.org', goVersion) } : none;
  if (route.length === 0 && offReached) return { accepted: false, error: 'module lookup disabled by GOPROXY=off', variable: 'GOPROXY', route, sumdb };
  if (sumdb.used && sumdb.parse?.error) return { accepted: false, error: sumdb.parse.error, variable: 'GOSUMDB', route, sumdb };
  return { accepted: true, route, sumdb };
}
