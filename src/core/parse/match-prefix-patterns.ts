/**
 * GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE matching.
 * Mirrors module.MatchPrefixPatterns (go@1.19.8 src/cmd/vendor/golang.org/x/mod/module/module.go:802-841)
 * and path.Match (go@1.19.8 src/path/match.go), byte for byte. go@1.26.8 and go@1.27.3
 * (module.go:801-840, path/match.go) only refactor both (strings.Cut, boolean assignments):
 * the same rules for every release under test, which test/go/fuzz-goproxy.test.ts checks.
 */
import { decodeRune, RUNE_ERROR, toBytes } from './go-bytes';

class BadPattern extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

function scanChunk(pattern: string): [boolean, string, string] {
  let star = false;
  while (pattern.length > 0 && pattern[0] === '*') {
    pattern = pattern.slice(1);
    star = true;
  }
  let inrange = false;
  let i: number;
  scan: for (i = 0; i < pattern.length; i++) {
    switch (pattern[i]) {
      case '\\':
        if (i + 1 < pattern.length) i++;
        break;
      case '[':
        inrange = true;
        break;
      case ']':
        inrange = false;
        break;
      case '*':
        if (!inrange) break scan;
        break;
    }
  }
  return [star, pattern.slice(0, i), pattern.slice(i)];
}

function getEsc(chunk: string): [number, string] {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPattern();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPattern();
  }
  const [r, n] = decodeRune(chunk);
  if (r === RUNE_ERROR && n === 1) throw new BadPattern();
  const nchunk = chunk.slice(n);
  if (nchunk.length === 0) throw new BadPattern();
  return [r, nchunk];
}

/** Returns [rest, ok]; throws BadPattern. */
function matchChunk(chunk: string, s: string): [string, boolean] {
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    switch (chunk[0]) {
      case '[': {
        let r = 0;
        if (!failed) {
          const [rr, n] = decodeRune(s);
          r = rr;
          s = s.slice(n);
        }
        chunk = chunk.slice(1);
        let negated = false;
        if (chunk.length > 0 && chunk[0] === '^') {
          negated = true;
          chunk = chunk.slice(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
            chunk = chunk.slice(1);
            break;
          }
          let lo: number;
          [lo, chunk] = getEsc(chunk);
          let hi = lo;
          if (chunk[0] === '-') [hi, chunk] = getEsc(chunk.slice(1));
          if (lo <= r && r <= hi) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true;
          const [, n] = decodeRune(s);
          s = s.slice(n);
        }
        chunk = chunk.slice(1);
        break;
      default:
        // '\\' escapes the next byte, which is then matched literally.
        if (chunk[0] === '\\') {
          chunk = chunk.slice(1);
          if (chunk.length === 0) throw new BadPattern();
        }
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true;
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
    }
  }
  if (failed) return ['', false];
  return [s, true];
}

/** path.Match on byte strings; throws BadPattern. */
function matchBytes(pattern: string, name: string): boolean {
  pattern: while (pattern.length > 0) {
    let star: boolean;
    let chunk: string;
    [star, chunk, pattern] = scanChunk(pattern);
    if (star && chunk === '') return !name.includes('/');
    let t: string;
    let ok: boolean;
    let err: unknown = null;
    try {
      [t, ok] = matchChunk(chunk, name);
    } catch (e) {
      [t, ok, err] = ['', false, e];
    }
    if (ok && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (err) throw err;
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        let t2: string;
        let ok2: boolean;
        let err2: unknown = null;
        try {
          [t2, ok2] = matchChunk(chunk, name.slice(i + 1));
        } catch (e) {
          [t2, ok2, err2] = ['', false, e];
        }
        if (ok2) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue pattern;
        }
        if (err2) throw err2;
      }
    }
    // The remainder of the pattern must still be well-formed.
    while (pattern.length > 0) {
      [, chunk, pattern] = scanChunk(pattern);
      matchChunk(chunk, '');
    }
    return false;
  }
  return name.length === 0;
}

/**
 * path.Match(pattern, name): `{ matched, error }` where error is Go's ErrBadPattern text.
 */
export function pathMatch(pattern: string, name: string): { matched: boolean; error?: string } {
  try {
    return { matched: matchBytes(toBytes(pattern), toBytes(name)) };
  } catch (e) {
    if (e instanceof BadPattern) return { matched: false, error: e.message };
    throw e;
  }
}

/** The globs of a pattern list as go walks them (split on ',' only, no trimming), with offsets. */
export function splitPatterns(globs: string): Array<{ glob: string; start: number; end: number }> {
  const out: Array<{ glob: string; start: number; end: number }> = [];
  let pos = 0;
  for (const part of globs.split(',')) {
    out.push({ glob: part, start: pos, end: pos + part.length });
    pos += part.length + 1;
  }
  return out;
}

/** Which glob of `globs` matches `target` first (its index in splitPatterns), or -1. */
export function matchingPattern(globs: string, target: string): number {
  const parts = splitPatterns(globs);
  for (let k = 0; k < parts.length; k++) {
    let glob = parts[k].glob;
    if (glob.endsWith('/')) glob = glob.slice(0, -1);
    if (glob === '') continue;
    // A glob with N slashes is matched against the first N+1 elements of target.
    let n = glob.split('/').length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    if (pathMatch(glob, prefix).matched) return k;
  }
  return -1;
}

/**
 * module.MatchPrefixPatterns: whether any path prefix of `target` matches one of the
 * comma-separated globs. Empty and malformed globs are ignored; one trailing slash is ignored.
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  return matchingPattern(globs, target) >= 0;
}
