import type { EnvValue, EnvFileEntry, GoOS, ValueSource } from '../model/environment';
import { getenv, lookupEnv } from './go-env-file';
import { cleanPath, joinPath, splitPathList } from './go-path';
import { type GoVersion, versionAtLeast } from './go-version';

/**
 * Go's precedence for configuration variables, as a pure function of the layers:
 * OS environment (non-empty) > user go/env file > $GOROOT/go.env (Go 1.21+) > default.
 * Mirrors go@1.19.8 src/cmd/go/internal/cfg/cfg.go (Getenv, envOr, the GOPROXY/GOSUMDB/
 * GOPRIVATE/GONOPROXY/GONOSUMDB block, findGOROOT, gopath, gopathDir) and for 1.21+
 * go@55860925 cfg.go (initEnvCache/readEnvFile: go.env never overrides a key of the user
 * file, EnvOrAndChanged("GOPROXY", "") — no built-in default any more).
 */

export const BUILTIN_GOPROXY = 'https://proxy.golang.org,direct';
export const BUILTIN_GOSUMDB = 'sum.golang.org';

/** First release whose go command reads the variable (older ones ignore it). */
export const INTRODUCED: Record<string, [number, number]> = {
  GOPROXY: [1, 13], GOSUMDB: [1, 13], GOPRIVATE: [1, 13], GONOPROXY: [1, 13], GONOSUMDB: [1, 13],
  GOINSECURE: [1, 14], GOMODCACHE: [1, 15], GOVCS: [1, 16], GOTOOLCHAIN: [1, 21], GOAUTH: [1, 24],
};

export interface ResolveInput {
  platform: GoOS;
  os: Record<string, string | undefined>;
  /** Entries of the user go/env file (all lines, in order; the last one of a key wins). */
  userFile: readonly EnvFileEntry[];
  /** Entries of $GOROOT/go.env, or null when this go does not read one (≤ 1.20, or none). */
  gorootFile: readonly EnvFileEntry[] | null;
  /** null when unknown. */
  version: GoVersion | null;
  /** The GOROOT go finds on its own (next to its executable); '' when unknown. */
  runtimeGoroot: string;
  /** The go/env file go reads (cfg.EnvFile), null when none: the value of GOENV. */
  envFilePath: string | null;
}

export interface Resolved {
  vars: Record<string, EnvValue>;
  notes: string[];
}

interface Layer { source: ValueSource; value: string }

export function resolveVariables(names: readonly string[], input: ResolveInput): Resolved {
  const { platform, version } = input;
  const notes: string[] = [];
  const user = new Map<string, string>();
  for (const e of input.userFile) user.set(e.key, e.value);
  const goroot = new Map<string, string>();
  // Within go.env the first line of a key wins: readEnvFile skips keys already loaded.
  for (const e of input.gorootFile ?? []) if (!goroot.has(e.key)) goroot.set(e.key, e.value);
  const modern = version ? versionAtLeast(version, 1, 21) : input.gorootFile !== null;

  /** Non-empty candidate values, highest precedence first, ending with the default. */
  const layers = (key: string, def: string): Layer[] => {
    const out: Layer[] = [];
    const osv = getenv(input.os, key, platform);
    if (osv !== '') out.push({ source: 'os', value: osv });
    if (user.has(key)) out.push({ source: 'go-env-file', value: user.get(key)! });
    if (goroot.has(key)) out.push({ source: 'goroot-go-env', value: goroot.get(key)! });
    out.push({ source: 'default', value: def });
    return out;
  };

  /** Getenv then envOr/EnvOrAndChanged for one key. */
  const pick = (key: string, def: string): EnvValue => {
    const ls = layers(key, def);
    const osv = ls.find((l) => l.source === 'os');
    const fv = ls.find((l) => l.source === 'go-env-file');
    const gv = ls.find((l) => l.source === 'goroot-go-env');
    let winner: Layer;
    if (osv) winner = osv;
    else if (fv && fv.value !== '') winner = fv;
    else if (fv && gv && gv.value !== '') winner = { source: 'go-env-file', value: def }; // an empty user line still hides go.env
    else if (!fv && gv && gv.value !== '') winner = gv;
    else winner = { source: 'default', value: def };
    const shadows = ls.filter((l) => l.value !== '' && rank(l.source) > rank(winner.source));
    return { value: winner.value, source: winner.source, shadows: dedupe(shadows) };
  };

  const vars: Record<string, EnvValue> = {};
  const get = (k: string) => (vars[k] ??= compute(k));
  const compute = (k: string): EnvValue => {
    switch (k) {
      case 'GOPROXY':
        return pick(k, defaultOf(k));
      case 'GOSUMDB':
        return pick(k, defaultOf(k));
      case 'GONOPROXY':
      case 'GONOSUMDB': {
        const own = pick(k, '');
        if (own.value !== '') return own;
        const priv = get('GOPRIVATE');
        if (priv.value === '') return own;
        // cfg.go: envOr("GONOPROXY", GOPRIVATE) — inherited, with GOPRIVATE's origin.
        return { value: priv.value, source: priv.source, shadows: own.shadows, inheritedFrom: 'GOPRIVATE' };
      }
      case 'GOENV':
        return goenvValue();
      case 'GOROOT':
        return gorootValue();
      case 'GOPATH':
        return pick(k, defaultGopath());
      case 'GOMODCACHE': {
        const list = splitPathList(platform, get('GOPATH').value);
        return pick(k, list.length === 0 || list[0] === '' ? '' : joinPath(platform, list[0], 'pkg/mod'));
      }
      case 'GOAUTH':
        return pick(k, version && versionAtLeast(version, 1, 24) ? 'netrc' : '');
      default:
        return pick(k, '');
    }
  };

  const defaultOf = (k: 'GOPROXY' | 'GOSUMDB'): string => {
    if (modern) return '';
    if (!version) notes.push(`The go version is unknown and no $GOROOT/go.env was found: ${k} falls back to the built-in default of Go 1.13–1.20.`);
    return k === 'GOPROXY' ? BUILTIN_GOPROXY : BUILTIN_GOSUMDB;
  };

  const goenvValue = (): EnvValue => {
    const osv = getenv(input.os, 'GOENV', platform);
    return { value: input.envFilePath ?? '', source: osv !== '' ? 'os' : 'default', shadows: [] };
  };

  const gorootValue = (): EnvValue => {
    const osv = getenv(input.os, 'GOROOT', platform);
    const fv = user.get('GOROOT') ?? '';
    const runtime = input.runtimeGoroot;
    const shadows: Layer[] = [];
    if (osv !== '') {
      if (fv !== '') shadows.push({ source: 'go-env-file', value: fv });
      if (runtime) shadows.push({ source: 'default', value: runtime });
      // ≤1.20: findGOROOT cleans Getenv("GOROOT"); 1.21+: SetGOROOT(Getenv("GOROOT")) keeps the OS spelling.
      return { value: modern ? osv : cleanPath(platform, osv), source: 'os', shadows: dedupe(shadows) };
    }
    if (fv !== '') {
      if (runtime) shadows.push({ source: 'default', value: runtime });
      return { value: cleanPath(platform, fv), source: 'go-env-file', shadows: dedupe(shadows) };
    }
    return { value: runtime, source: 'default', shadows: [] };
  };

  const defaultGopath = (): string => {
    // go/build defaultGOPATH: $HOME/go (USERPROFILE on Windows, home on Plan 9), unless that is GOROOT.
    const homeVar = platform === 'windows' ? 'USERPROFILE' : platform === 'plan9' ? 'home' : 'HOME';
    const home = getenv(input.os, homeVar, platform);
    if (!home) return '';
    const def = joinPath(platform, home, 'go');
    if (input.runtimeGoroot && cleanPath(platform, def) === cleanPath(platform, input.runtimeGoroot)) return '';
    return def;
  };

  for (const n of names) get(n);
  const ordered: Record<string, EnvValue> = {};
  for (const n of names) ordered[n] = vars[n];
  for (const n of names) {
    const since = INTRODUCED[n];
    if (since && version && !versionAtLeast(version, since[0], since[1]) && ordered[n].value !== '') {
      notes.push(`${version.raw} does not know ${n} (Go ${since[0]}.${since[1]}+): it ignores the value.`);
    }
    if (lookupEnv(input.os, n, platform) === '' && n !== 'GOENV') {
      notes.push(`${n} is set to the empty string in the OS environment: go treats that as unset.`);
    }
  }
  return { vars: ordered, notes };
}

function rank(s: ValueSource): number {
  return s === 'os' ? 0 : s === 'go-env-file' ? 1 : s === 'goroot-go-env' ? 2 : 3;
}

function dedupe(ls: Layer[]): Layer[] {
  const seen = new Set<ValueSource>();
  return ls.filter((l) => (seen.has(l.source) ? false : (seen.add(l.source), true))).map((l) => ({ source: l.source, value: l.value }));
}
