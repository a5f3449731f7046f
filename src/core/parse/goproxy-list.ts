/**
 * The GOPROXY list exactly as the go command parses it.
 * Mirrors go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:61-127 (proxyList) and
 * :196-222 (newProxyRepo, which validates each URL); go@1.26.8 and go@1.27.3 read the same
 * (proxy.go:61-124, 196-226) but parse URLs with their stricter net/url (see go-url.ts), so
 * every function takes the go version whose rules apply (the newest when unknown).
 */
import type { GoOS } from '../model/environment';
import { trimSpace } from './go-bytes';
import { GoURLError, goURLRedacted, parseGoURL } from './go-url';

export interface ProxyEntry {
  kind: 'url' | 'direct' | 'off' | 'noproxy';
  /** For `url`: the URL go uses (with the implicit `https://` added). */
  url?: string;
  /** The element as written, trimmed ('' for the implicit `noproxy` entry). */
  raw: string;
  /** The separator after this element was `|`: any error falls through to the next entry. */
  fallBackOnError: boolean;
  /** UTF-16 offsets of the trimmed element in the value (0, 0 for `noproxy`). */
  start: number;
  end: number;
}

export interface GoproxyParse {
  entries: ProxyEntry[];
  /** Elements after `direct` or `off`: go never reads (nor validates) them. */
  ignored: Array<{ raw: string; start: number; end: number }>;
  /** go's exact error text when the list is rejected. */
  error?: string;
  /** The element that made go reject the list (absent for the "no entries" error). */
  errorEntry?: { raw: string; start: number; end: number };
}

export const NO_ENTRIES_ERROR = 'GOPROXY list is not the empty string, but contains no entries';

/** Splits on `,` and `|` the way proxyList walks the value, with trimmed offsets. */
export function splitGoproxy(value: string): Array<{ raw: string; start: number; end: number; sep: ',' | '|' | '' }> {
  const out: Array<{ raw: string; start: number; end: number; sep: ',' | '|' | '' }> = [];
  let pos = 0;
  while (pos < value.length) {
    let i = pos;
    while (i < value.length && value[i] !== ',' && value[i] !== '|') i++;
    const piece = value.slice(pos, i);
    const sep = i < value.length ? (value[i] as ',' | '|') : '';
    const raw = trimSpace(piece);
    if (raw !== '') {
      const start = pos + piece.indexOf(raw);
      out.push({ raw, start, end: start + raw.length, sep });
    }
    pos = i + 1;
  }
  return out;
}

function isAbsFilePath(p: string, platform: GoOS): boolean {
  if (platform === 'windows') return windowsIsAbs(p);
  if (platform === 'plan9') return p.startsWith('/') || p.startsWith('#');
  return p.startsWith('/');
}

/** path/filepath.IsAbs on Windows (go@1.19.8 src/path/filepath/path_windows.go). */
export function windowsIsAbs(p: string): boolean {
  const reserved = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9'];
  if (p !== '' && reserved.some((r) => r.toLowerCase() === p.toLowerCase())) return true;
  const l = windowsVolumeNameLen(p);
  if (l === 0) return false;
  const isSlash = (c: string | undefined) => c === '\\' || c === '/';
  if (isSlash(p[0]) && isSlash(p[1])) return true;
  const rest = p.slice(l);
  if (rest === '') return false;
  return isSlash(rest[0]);
}

function windowsVolumeNameLen(p: string): number {
  if (p.length < 2) return 0;
  const isSlash = (c: string | undefined) => c === '\\' || c === '/';
  const c = p[0];
  if (p[1] === ':' && /[a-zA-Z]/.test(c)) return 2;
  const l = p.length;
  if (l >= 5 && isSlash(p[0]) && isSlash(p[1]) && !isSlash(p[2]) && p[2] !== '.') {
    for (let n = 3; n < l - 1; n++) {
      if (isSlash(p[n])) {
        n++;
        if (!isSlash(p[n])) {
          if (p[n] === '.') break;
          for (; n < l; n++) if (isSlash(p[n])) break;
          return n;
        }
        break;
      }
    }
  }
  return 0;
}

/**
 * newProxyRepo's validation of one URL: null when go accepts it, else go's error text.
 * (go@1.19.8 proxy.go:196-212: url.Parse, then the scheme; messages echo URL.Redacted().)
 */
export function validateProxyURL(url: string, goVersion?: string | null): string | null {
  let u;
  try {
    u = parseGoURL(url, goVersion);
  } catch (e) {
    if (e instanceof GoURLError) return e.message;
    throw e;
  }
  switch (u.scheme) {
    case 'http':
    case 'https':
      return null;
    case 'file':
      if (u.opaque !== '' || u.user || u.host !== '' || u.omitHost || u.forceQuery || u.rawQuery !== '' || u.fragment !== '' || u.rawFragment !== '') {
        return `invalid file:// proxy URL with non-path elements: ${goURLRedacted(u)}`;
      }
      return null;
    case '':
      return `invalid proxy URL missing scheme: ${goURLRedacted(u)}`;
    default:
      return `invalid proxy URL scheme (must be https, http, file): ${goURLRedacted(u)}`;
  }
}

/** The URL go would use for a written element: `https://` is implied for host-like words. */
export function impliedProxyURL(elem: string, platform: GoOS): string {
  // Single words are reserved for keywords; anything with ":/" or an absolute file path
  // must be a complete URL (proxy.go:97-102).
  if (/[.:/]/.test(elem) && !elem.includes(':/') && !isAbsFilePath(elem, platform) && !elem.startsWith('/')) return 'https://' + elem;
  return elem;
}

/**
 * Parses GOPROXY as go does. `gonoproxy` is the effective GONOPROXY (GOPRIVATE when empty):
 * when it is non-empty and GOPROXY is not exactly "direct", go puts an implicit `noproxy`
 * entry first. The first invalid element aborts the whole list with go's message.
 */
export function parseGoproxy(value: string, gonoproxy: string, platform: GoOS, goVersion?: string | null): GoproxyParse {
  const entries: ProxyEntry[] = [];
  const ignored: GoproxyParse['ignored'] = [];
  if (gonoproxy !== '' && value !== 'direct') {
    entries.push({ kind: 'noproxy', raw: '', fallBackOnError: false, start: 0, end: 0 });
  }
  const parts = splitGoproxy(value);
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    const fallBackOnError = p.sep === '|';
    if (p.raw === 'off' || p.raw === 'direct') {
      entries.push({ kind: p.raw, raw: p.raw, fallBackOnError, start: p.start, end: p.end });
      for (const q of parts.slice(k + 1)) ignored.push({ raw: q.raw, start: q.start, end: q.end });
      break;
    }
    const url = impliedProxyURL(p.raw, platform);
    const err = validateProxyURL(url, goVersion);
    if (err !== null) {
      return { entries, ignored, error: err, errorEntry: { raw: p.raw, start: p.start, end: p.end } };
    }
    entries.push({ kind: 'url', url, raw: p.raw, fallBackOnError, start: p.start, end: p.end });
  }
  if (entries.length === 0 || (entries.length === 1 && entries[0].kind === 'noproxy')) {
    return { entries, ignored, error: NO_ENTRIES_ERROR };
  }
  return { entries, ignored };
}
