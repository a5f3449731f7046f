import type { GoEnvironment } from '../model/environment';
import { getenv } from './go-env-file';
import { joinPath, splitPathList } from './go-path';
import { parseGoVersion, versionAtLeast } from './go-version';

/**
 * Which of the doctor's variables `go env -changed` lists: those whose effective value differs
 * from what go would use in an empty environment with no `go env -w` settings. Mirrors go1.26.8
 * and go1.27.3 src/cmd/go/internal/envcmd/env.go MkEnv (the Changed field of each variable) and
 * src/cmd/go/internal/cfg/cfg.go EnvOrAndChanged:
 *   - GOPROXY, GOSUMDB, GOAUTH, GOTOOLCHAIN, GONOPROXY, GONOSUMDB, GOPATH, GOMODCACHE: set
 *     (a non-empty OS, go/env or $GOROOT/go.env value) and different from $GOROOT/go.env's value
 *     for the key when go.env has one, else from the built-in default (GOAUTH "netrc",
 *     GONOPROXY/GONOSUMDB GOPRIVATE, GOPATH the OS GOPATH else $HOME/go (go/build Default),
 *     GOMODCACHE <GOPATH[0]>/pkg/mod, else "");
 *   - GOFLAGS, GOINSECURE, GOPRIVATE, GOVCS: non-empty; GO111MODULE: neither "" nor "on";
 *   - GOENV: set in the OS environment (and not "off"); GOROOT: never.
 * `-changed` exists since Go 1.23 [history; go1.19.8 answers "flag provided but not defined"].
 * Returns null for a go without it. Between 1.23 and 1.25 the GOTOOLCHAIN rule was different
 * (an older envcmd compared with "auto"), so GOTOOLCHAIN is left out there.
 */
export function changedVariables(env: GoEnvironment): Set<string> | null {
  const version = parseGoVersion(env.go.version);
  if (!version || !versionAtLeast(version, 1, 23)) return null;
  const goroot = new Map<string, string>();
  // readEnvFile records every go.env key in envCache.goroot; the first line of a key wins.
  for (const e of env.gorootEnvFile.entries) if (!goroot.has(e.key)) goroot.set(e.key, e.value);
  const p = env.platform;
  const value = (k: string) => env.vars[k]?.value ?? '';
  /** cfg.Getenv: the non-empty value from the OS, the user file or go.env; '' when none. */
  const getenv_ = (k: string) => {
    const v = env.vars[k];
    return v && v.source !== 'default' && !v.inheritedFrom ? v.value : '';
  };
  const envOrChanged = (k: string, def: string) => {
    const val = getenv_(k);
    if (val === '') return false;
    return goroot.has(k) ? val !== goroot.get(k) : val !== def;
  };
  // cfg.go defaultContext: EnvOrAndChanged("GOPATH", gopath(build.Default)), and go/build's
  // Default.GOPATH is the OS GOPATH when set, else $HOME/go: an OS GOPATH is never "changed".
  const home = getenv(env.os, p === 'windows' ? 'USERPROFILE' : p === 'plan9' ? 'home' : 'HOME', p);
  const defaultGopath = getenv(env.os, 'GOPATH', p) || (home ? joinPath(p, home, 'go') : '');
  const firstGopath = splitPathList(p, value('GOPATH'))[0] ?? '';
  const out = new Set<string>();
  const add = (k: string, changed: boolean) => {
    if (changed && k in env.vars) out.add(k);
  };
  add('GOPROXY', envOrChanged('GOPROXY', ''));
  add('GOSUMDB', envOrChanged('GOSUMDB', ''));
  add('GOAUTH', versionAtLeast(version, 1, 24) && envOrChanged('GOAUTH', 'netrc'));
  if (versionAtLeast(version, 1, 26)) add('GOTOOLCHAIN', envOrChanged('GOTOOLCHAIN', ''));
  add('GONOPROXY', envOrChanged('GONOPROXY', value('GOPRIVATE')));
  add('GONOSUMDB', envOrChanged('GONOSUMDB', value('GOPRIVATE')));
  add('GOPATH', envOrChanged('GOPATH', defaultGopath));
  add('GOMODCACHE', envOrChanged('GOMODCACHE', firstGopath ? joinPath(p, firstGopath, 'pkg/mod') : ''));
  for (const k of ['GOFLAGS', 'GOINSECURE', 'GOPRIVATE', 'GOVCS']) add(k, value(k) !== '');
  add('GO111MODULE', value('GO111MODULE') !== '' && value('GO111MODULE') !== 'on');
  const goenv = getenv(env.os, 'GOENV', p);
  add('GOENV', goenv !== '' && goenv !== 'off');
  return out;
}
