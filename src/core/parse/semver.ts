/**
 * Semantic versions as the go command reads them (with the leading "v", short forms
 * v1 and v1.2 allowed). Mirrors golang.org/x/mod/semver (vendored in go@1.19.8
 * src/cmd/vendor/golang.org/x/mod/semver/semver.go).
 */

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIdentChar = (c: string) => /[A-Za-z0-9-]/.test(c);
const isBadNum = (v: string) => /^[0-9]+$/.test(v) && v.length > 1 && v[0] === '0';

function parseInt(v: string): [string, string] | null {
  if (v === '' || !isDigit(v[0])) return null;
  let i = 1;
  while (i < v.length && isDigit(v[i])) i++;
  if (v[0] === '0' && i !== 1) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parsePrerelease(v: string): [string, string] | null {
  if (v === '' || v[0] !== '-') return null;
  let i = 1;
  let start = 1;
  while (i < v.length && v[i] !== '+') {
    if (!isIdentChar(v[i]) && v[i] !== '.') return null;
    if (v[i] === '.') {
      if (start === i || isBadNum(v.slice(start, i))) return null;
      start = i + 1;
    }
    i++;
  }
  if (start === i || isBadNum(v.slice(start, i))) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parseBuild(v: string): [string, string] | null {
  if (v === '' || v[0] !== '+') return null;
  let i = 1;
  let start = 1;
  while (i < v.length) {
    if (!isIdentChar(v[i]) && v[i] !== '.') return null;
    if (v[i] === '.') {
      if (start === i) return null;
      start = i + 1;
    }
    i++;
  }
  if (start === i) return null;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | null {
  if (v === '' || v[0] !== 'v') return null;
  const p: Parsed = { major: '', minor: '', patch: '', short: '', prerelease: '', build: '' };
  let r = parseInt(v.slice(1));
  if (!r) return null;
  [p.major, v] = r;
  if (v === '') return { ...p, minor: '0', patch: '0', short: '.0.0' };
  if (v[0] !== '.') return null;
  r = parseInt(v.slice(1));
  if (!r) return null;
  [p.minor, v] = r;
  if (v === '') return { ...p, patch: '0', short: '.0' };
  if (v[0] !== '.') return null;
  r = parseInt(v.slice(1));
  if (!r) return null;
  [p.patch, v] = r;
  if (v.length > 0 && v[0] === '-') {
    const q = parsePrerelease(v);
    if (!q) return null;
    [p.prerelease, v] = q;
  }
  if (v.length > 0 && v[0] === '+') {
    const q = parseBuild(v);
    if (!q) return null;
    [p.build, v] = q;
  }
  if (v !== '') return null;
  return p;
}

export function isValidSemver(v: string): boolean {
  return parse(v) !== null;
}

/** semver.Major: "v2" for "v2.1.0", "" when invalid. */
export function semverMajor(v: string): string {
  const p = parse(v);
  return p ? 'v' + p.major : '';
}

/** semver.Build: "+incompatible" etc., "" when none or invalid. */
export function semverBuild(v: string): string {
  return parse(v)?.build ?? '';
}

/** semver.Canonical: vMAJOR.MINOR.PATCH[-pre], build dropped; "" when invalid. */
export function semverCanonical(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  if (p.short !== '') return v + p.short;
  return v;
}
