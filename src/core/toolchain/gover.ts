/**
 * Go versions as the go command compares them (Go 1.21+).
 * Mirrors src/internal/gover/gover.go (Parse, Compare, IsLang, Lang) of go1.26.8 and go1.27.3
 * (identical in both): "1.21" is a language version, below "1.21rc1" and "1.21.0"; before 1.21
 * a missing patch means ".0".
 */
export interface GoverVersion {
  major: string;
  minor: string;
  patch: string;
  kind: string;
  pre: string;
}

const ZERO: GoverVersion = { major: '', minor: '', patch: '', kind: '', pre: '' };

function cutInt(x: string): [string, string] | null {
  let i = 0;
  while (i < x.length && x[i] >= '0' && x[i] <= '9') i++;
  if (i === 0 || (x[0] === '0' && i !== 1)) return null;
  return [x.slice(0, i), x.slice(i)];
}

export function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

export function parseGover(x: string): GoverVersion {
  const v = { ...ZERO };
  let r = cutInt(x);
  if (!r) return ZERO;
  [v.major, x] = r;
  if (x === '') return { ...v, minor: '0', patch: '0' };
  if (x[0] !== '.') return ZERO;
  r = cutInt(x.slice(1));
  if (!r) return ZERO;
  [v.minor, x] = r;
  if (x === '') {
    // Starting in Go 1.21, a missing patch differs from an explicit .0.
    if (cmpInt(v.minor, '21') < 0) v.patch = '0';
    return v;
  }
  if (x[0] === '.') {
    r = cutInt(x.slice(1));
    if (!r || r[1] !== '') return ZERO;
    v.patch = r[0];
    return v;
  }
  let i = 0;
  while (i < x.length && (x[i] < '0' || x[i] > '9')) {
    if (x[i] < 'a' || x[i] > 'z') return ZERO;
    i++;
  }
  if (i === 0) return ZERO;
  v.kind = x.slice(0, i);
  x = x.slice(i);
  if (x === '') return v;
  r = cutInt(x);
  if (!r || r[1] !== '') return ZERO;
  v.pre = r[0];
  return v;
}

function isZero(v: GoverVersion): boolean {
  return v.major === '' && v.minor === '' && v.patch === '' && v.kind === '' && v.pre === '';
}

/** gover.Compare: invalid versions compare below every valid one (and equal to each other). */
export function compareGo(x: string, y: string): number {
  const a = parseGover(x);
  const b = parseGover(y);
  return cmpInt(a.major, b.major) || cmpInt(a.minor, b.minor) || cmpInt(a.patch, b.patch)
    || (a.kind === b.kind ? 0 : a.kind < b.kind ? -1 : 1) || cmpInt(a.pre, b.pre);
}

/** gover.IsLang: "1.21" (no patch, no prerelease). */
export function isLangVersion(x: string): boolean {
  const v = parseGover(x);
  return !isZero(v) && v.patch === '' && v.kind === '' && v.pre === '';
}

export function isValidGover(x: string): boolean {
  return !isZero(parseGover(x));
}
