/**
 * Whether the toolchain download select.go starts can succeed: golang.org/toolchain goes
 * through the GOPROXY chain like any module (GONOPROXY/GOPRIVATE send it direct) and is then
 * always verified with the checksum database — GOSUMDB=off fails it, GONOSUMDB is ignored
 * (cmd/go/internal/modfetch/sumdb.go useSumDB; repo.go lookup; go1.26.8 and go1.27.3).
 * Error texts as observed in test/go/toolchain-diff.test.ts.
 */
import type { GoVersion } from '../env/go-version';
import type { GoOS } from '../model/environment';
import { parseGoproxy } from '../parse/goproxy-list';
import { matchPrefixPatterns } from '../parse/match-prefix-patterns';
import { hostnameOf, isPublicProxyHost } from '../checks/environment/proxy-hosts';
import { notAvailableError } from './select-toolchain';

export const TOOLCHAIN_MODULE_PATH = 'golang.org/toolchain';

export interface DownloadSettings {
  goproxy: string;
  /** GONOPROXY, or GOPRIVATE when GONOPROXY is empty. */
  gonoproxy: string;
  gosumdb: string;
  /** GONOSUMDB, or GOPRIVATE when GONOSUMDB is empty. */
  gonosumdb: string;
  platform: GoOS;
}

export type RouteKind = 'off' | 'direct' | 'proxies' | 'invalid';

export interface DownloadPrediction {
  route: RouteKind;
  /** GONOPROXY/GOPRIVATE matched golang.org/toolchain: go skips GOPROXY for it. */
  noproxy: boolean;
  /** Proxy URLs asked in order (before any direct/off). */
  proxies: string[];
  /** The proxies not known to mirror golang.org/toolchain (only a probe can tell). */
  unknownProxies: string[];
  /** go's certain error (GOPROXY=off), when the route alone decides. */
  routeError?: string;
  /** The checksum database refuses: GOSUMDB=off, unless a single file:// GOPROXY. */
  sumdbError?: string;
  /** GONOSUMDB/GOPRIVATE cover golang.org/toolchain: go ignores that for toolchains. */
  nosumdbIgnored: boolean;
  /** The route ends at `direct`: golang.org/toolchain?go-get=1, then go.dev/dl/mod. */
  needsDirect: boolean;
}

export function predictDownload(target: string, module: string, s: DownloadSettings, local: GoVersion, goos: string, goarch: string): DownloadPrediction {
  const noproxy = s.gonoproxy !== '' && matchPrefixPatterns(s.gonoproxy, TOOLCHAIN_MODULE_PATH);
  const out: DownloadPrediction = { route: 'proxies', noproxy, proxies: [], unknownProxies: [], nosumdbIgnored: false, needsDirect: false };
  const p = parseGoproxy(s.goproxy, s.gonoproxy, s.platform, local.raw);
  if (p.error) {
    out.route = 'invalid';
    return out;
  }
  if (noproxy) {
    out.route = 'direct';
    out.needsDirect = true;
  } else {
    for (const e of p.entries) {
      if (e.kind === 'noproxy') continue;
      if (e.kind === 'off') {
        if (out.proxies.length === 0) {
          out.route = 'off';
          // errProxyOff is a not-exist error (modfetch/repo.go): select.go says "not available".
          out.routeError = notAvailableError(target, goos, goarch, local);
        }
        break;
      }
      if (e.kind === 'direct') {
        if (out.proxies.length === 0) out.route = 'direct';
        out.needsDirect = true;
        break;
      }
      if (e.url) {
        out.proxies.push(e.url);
        if (!isPublicProxyHost(hostnameOf(e.url))) out.unknownProxies.push(e.url);
      }
    }
  }
  const singleFile = s.goproxy.startsWith('file://') && !/[,|]/.test(s.goproxy);
  if (s.gosumdb === 'off' && !singleFile) {
    out.sumdbError = `go: download ${target}: ${module}: verifying module: checksum database disabled by GOSUMDB=off`;
  }
  out.nosumdbIgnored = s.gonosumdb !== '' && matchPrefixPatterns(s.gonosumdb, TOOLCHAIN_MODULE_PATH);
  return out;
}
