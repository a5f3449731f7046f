import type { GoOS } from '../model/environment';

/**
 * Go's path/filepath for a GOOS other than the one we run on, so that go/env locations,
 * GOPATH and GOMODCACHE come out exactly as Go spells them on that system.
 * Mirrors go@1.19.8 src/path/filepath/path.go (Clean, Join), path_windows.go /
 * path_unix.go / path_plan9.go (IsAbs, volumeNameLen, splitList).
 */

export function separator(platform: GoOS): string {
  return platform === 'windows' ? '\\' : '/';
}

export function listSeparator(platform: GoOS): string {
  return platform === 'windows' ? ';' : platform === 'plan9' ? '\u0000' : ':';
}

function isSep(platform: GoOS, c: string): boolean {
  return c === '/' || (platform === 'windows' && c === '\\');
}

/** Length of the leading volume name (`C:`, `\\host\share`); 0 off Windows. */
export function volumeNameLen(platform: GoOS, p: string): number {
  if (platform !== 'windows') return 0;
  if (/^[A-Za-z]:/.test(p)) return 2;
  // \\host\share: neither host nor share may start with "." (path_windows.go volumeNameLen).
  const unc = /^[\\/]{2}[^\\/.][^\\/]*[\\/][^\\/.][^\\/]*/.exec(p);
  return unc ? unc[0].length : 0;
}

/** filepath.Clean: shortest equivalent path, lexically. */
export function cleanPath(platform: GoOS, p: string): string {
  const volLen = volumeNameLen(platform, p);
  const vol = p.slice(0, volLen);
  const rest = p.slice(volLen);
  const sep = separator(platform);
  const fromSlash = (s: string) => (platform === 'windows' ? s.replace(/\//g, '\\') : s);
  if (rest === '') {
    if (volLen > 1 && isSep(platform, p[0]) && isSep(platform, p[1])) return fromSlash(p);
    return p + '.';
  }
  const rooted = isSep(platform, rest[0]);
  const out: string[] = [];
  for (const part of rest.split(platform === 'windows' ? /[\\/]/ : '/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  let body = out.join(sep);
  if (rooted) body = sep + body;
  if (body === '') body = '.';
  const result = fromSlash(vol) + body;
  // Go 1.19+: never let cleaning turn a relative "a/../c:" into the volume "c:".
  if (platform === 'windows' && volLen === 0 && result !== p && /^[^\\]*:/.test(body)) return '.\\' + body;
  return result;
}

/** filepath.Join: non-empty elements joined by the separator, then cleaned; "" if none. */
export function joinPath(platform: GoOS, ...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  if (parts.length === 0) return '';
  if (platform === 'windows' && volumeNameLen(platform, parts[0]) === parts[0].length && parts.length > 1) {
    // Join("C:", "a") is "C:a" on Windows: a drive letter alone is not followed by a separator.
    return cleanPath(platform, parts[0] + parts.slice(1).join(separator(platform)));
  }
  return cleanPath(platform, parts.join(separator(platform)));
}

/** filepath.IsAbs. */
export function isAbsPath(platform: GoOS, p: string): boolean {
  if (platform === 'windows') {
    const l = volumeNameLen(platform, p);
    if (l === 0) return false;
    if (/^[\\/]{2}/.test(p)) return true;
    return l < p.length && isSep(platform, p[l]);
  }
  if (platform === 'plan9') return p.startsWith('/') || p.startsWith('#');
  return p.startsWith('/');
}

/** filepath.SplitList: [] for "", quotes removed on Windows. */
export function splitPathList(platform: GoOS, s: string): string[] {
  if (s === '') return [];
  if (platform !== 'windows') return s.split(listSeparator(platform));
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
