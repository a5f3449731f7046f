import type { EnvFileEntry, GoOS } from '../model/environment';
import { isAbsPath, joinPath } from './go-path';
import { type GoVersion, versionAtLeast } from './go-version';

/**
 * Where the go command keeps `go env -w` settings, and how it reads them.
 * Mirrors go@1.19.8 src/cmd/go/internal/cfg/cfg.go EnvFile/initEnvCache and
 * src/os/file.go UserConfigDir; go@55860925 cfg.go readEnvFile for Go 1.21+.
 */

/** os.Getenv as Go does it on `platform`: names are case-insensitive on Windows. */
export function getenv(env: Record<string, string | undefined>, key: string, platform: GoOS): string {
  const direct = env[key];
  if (direct !== undefined || platform !== 'windows') return direct ?? '';
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper && v !== undefined) return v;
  return '';
}

/** Like getenv, but undefined when the variable is absent (to tell "empty" from "unset"). */
export function lookupEnv(env: Record<string, string | undefined>, key: string, platform: GoOS): string | undefined {
  if (env[key] !== undefined || platform !== 'windows') return env[key];
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper && v !== undefined) return v;
  return undefined;
}

export interface EnvFileLocation {
  /** Path of the file go reads, or null when it reads none. */
  path: string | null;
  /** GOENV came from the OS environment. */
  fromOs: boolean;
  /** Why there is no file (Go's own error text), when path is null. */
  reason?: string;
}

/**
 * os.UserConfigDir: linux & co `$XDG_CONFIG_HOME` else `$HOME/.config`; darwin/ios
 * `$HOME/Library/Application Support`; windows `%AppData%`; plan9 `$home/lib`.
 * Go 1.24 (CL 598655, golang/go#68470) also rejects a relative XDG_CONFIG_HOME.
 */
export function userConfigDir(env: Record<string, string | undefined>, platform: GoOS, version: GoVersion | null = null): { dir: string } | { error: string } {
  const get = (k: string) => getenv(env, k, platform);
  switch (platform) {
    case 'windows': {
      const dir = get('AppData');
      return dir ? { dir } : { error: '%AppData% is not defined' };
    }
    case 'darwin':
    case 'ios': {
      const home = get('HOME');
      return home ? { dir: home + '/Library/Application Support' } : { error: '$HOME is not defined' };
    }
    case 'plan9': {
      const home = get('home');
      return home ? { dir: home + '/lib' } : { error: '$home is not defined' };
    }
    default: {
      const xdg = get('XDG_CONFIG_HOME');
      if (xdg) {
        if (version && versionAtLeast(version, 1, 24) && !isAbsPath(platform, xdg)) return { error: 'path in $XDG_CONFIG_HOME is relative' };
        return { dir: xdg };
      }
      const home = get('HOME');
      return home ? { dir: home + '/.config' } : { error: 'neither $XDG_CONFIG_HOME nor $HOME are defined' };
    }
  }
}

/** cfg.EnvFile: `$GOENV` (OS only; `off` = none), else `<UserConfigDir>/go/env`. */
export function envFileLocation(env: Record<string, string | undefined>, platform: GoOS, version: GoVersion | null = null): EnvFileLocation {
  const goenv = getenv(env, 'GOENV', platform);
  if (goenv !== '') {
    if (goenv === 'off') return { path: null, fromOs: true, reason: 'GOENV=off' };
    return { path: goenv, fromOs: true };
  }
  const cfg = userConfigDir(env, platform, version);
  if ('error' in cfg) return { path: null, fromOs: false, reason: cfg.error };
  return { path: joinPath(platform, cfg.dir, 'go/env'), fromOs: false };
}

/**
 * cfg.go readEnvFile: lines split on "\n"; a line counts only if it contains "=" and its
 * first byte is 'A'..'Z'; the key is everything before the first "=", the value everything
 * after it, verbatim (no trimming, no quote removal, a "\r" stays). Works on bytes, so
 * invalid UTF-8 survives as it does in Go. All entries are returned in file order.
 */
export function parseEnvFile(data: Buffer | string): EnvFileEntry[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out: EnvFileEntry[] = [];
  // One pass over the bytes, each looked at once: the first "=" of a line is noted on the way
  // (readEnvFile's bytes.IndexByte(line, '=') searches only the line; a search to the end of
  // the file for every line made a file of "="-less lines quadratic).
  let start = 0;
  let eq = -1;
  let line = 1;
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? bytes[i] : 0x0a;
    if (c === 0x3d) {
      if (eq < 0) eq = i;
    } else if (c === 0x0a) {
      if (i === n && start === n) break; // no line after a final "\n"
      const first = bytes[start];
      if (eq >= 0 && first >= 0x41 && first <= 0x5a) out.push({ key: bytes.toString('utf8', start, eq), value: bytes.toString('utf8', eq + 1, i), line });
      start = i + 1;
      eq = -1;
      line++;
    }
  }
  return out;
}

/** The settings as go sees them: the last line of a key wins. */
export function envFileMap(entries: readonly EnvFileEntry[]): Map<string, EnvFileEntry> {
  const m = new Map<string, EnvFileEntry>();
  for (const e of entries) m.set(e.key, e);
  return m;
}
