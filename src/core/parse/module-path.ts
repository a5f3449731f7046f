/**
 * Module paths and versions as the go command checks and escapes them for proxy URLs.
 * Mirrors golang.org/x/mod/module/module.go as vendored in go@1.19.8
 * (src/cmd/vendor/golang.org/x/mod/module/module.go: CheckPath 309-358, checkPath 384-414,
 * checkElem 416-480, SplitPathVersion 536-583, CheckPathMajor 592-626, EscapePath 687-736,
 * UnescapePath 738-800). Error texts are Go's.
 */
import { fromBytes, goQuoteBytes, goQuoteRune, runes, toBytes, validUTF8 } from './go-bytes';
import { isValidSemver, semverBuild, semverMajor } from './semver';

type PathKind = 'module' | 'import' | 'file';

const BAD_WINDOWS_NAMES = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9'];

const isAsciiAlnum = (r: number) => (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);

function firstPathOK(r: number): boolean {
  return r === 0x2d || r === 0x2e || (r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a);
}

function modPathOK(r: number): boolean {
  return r < 0x80 && (r === 0x2d || r === 0x2e || r === 0x5f || r === 0x7e || isAsciiAlnum(r));
}

function importPathOK(r: number): boolean {
  return modPathOK(r) || r === 0x2b;
}

function fileNameOK(r: number): boolean {
  if (r < 0x80) return isAsciiAlnum(r) || "!#$%&()+,-.=@[]^_{}~ ".includes(String.fromCharCode(r));
  return /^\p{L}$/u.test(String.fromCodePoint(r));
}

/** checkElem on a byte string; returns the error text or null. */
function checkElem(elem: string, kind: PathKind): string | null {
  if (elem === '') return 'empty path element';
  if (/^\.*$/.test(elem)) return `invalid path element ${goQuoteBytes(elem)}`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem[elem.length - 1] === '.') return 'trailing dot in path element';
  for (const [, r] of runes(elem)) {
    const ok = kind === 'module' ? modPathOK(r) : kind === 'import' ? importPathOK(r) : fileNameOK(r);
    if (!ok) return `invalid char ${goQuoteRune(r)}`;
  }
  let short = elem;
  const dot = short.indexOf('.');
  if (dot >= 0) short = short.slice(0, dot);
  for (const bad of BAD_WINDOWS_NAMES) {
    if (bad.toLowerCase() === short.toLowerCase()) return `${goQuoteBytes(short)} disallowed as path element component on Windows`;
  }
  if (kind === 'file') return null;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element';
  }
  return null;
}

function checkPathKind(path: string, kind: PathKind): string | null {
  if (!validUTF8(path)) return 'invalid UTF-8';
  if (path === '') return 'empty string';
  if (path[0] === '-' && kind !== 'file') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path[path.length - 1] === '/') return 'trailing slash';
  let elemStart = 0;
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '/') {
      const e = checkElem(path.slice(elemStart, i), kind);
      if (e) return e;
      elemStart = i + 1;
    }
  }
  return checkElem(path.slice(elemStart), kind);
}

/** SplitPathVersion on a module path (text): [prefix, pathMajor, ok]. */
export function splitPathVersion(path: string): [string, string, boolean] {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && ((path[i - 1] >= '0' && path[i - 1] <= '9') || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return [path, '', true];
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return [path, '', false];
  return [prefix, pathMajor, true];
}

function splitGopkgIn(path: string): [string, string, boolean] {
  if (!path.startsWith('gopkg.in/')) return [path, '', false];
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9') i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return [path, '', false];
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return [path, '', false];
  return [prefix, pathMajor, true];
}

/**
 * module.CheckPath: null when `path` is a valid module path, else Go's full error text
 * (`malformed module path "x": missing dot in first path element`).
 */
export function checkPath(path: string): string | null {
  const why = checkPathReason(toBytes(path));
  return why === null ? null : `malformed module path ${goQuoteBytes(toBytes(path))}: ${why}`;
}

function checkPathReason(b: string): string | null {
  const e = checkPathKind(b, 'module');
  if (e) return e;
  let i = b.indexOf('/');
  if (i < 0) i = b.length;
  if (i === 0) return 'leading slash';
  const first = b.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (b[0] === '-') return 'leading dash in first path element';
  for (const [, r] of runes(first)) if (!firstPathOK(r)) return `invalid char ${goQuoteRune(r)} in first path element`;
  if (!splitPathVersion(fromBytes(b))[2]) return 'invalid version';
  return null;
}

/** module.CheckImportPath: null or Go's error text. */
export function checkImportPath(path: string): string | null {
  const e = checkPathKind(toBytes(path), 'import');
  return e === null ? null : `malformed import path ${goQuote(path)}: ${e}`;
}

/** module.CheckFilePath: null or Go's error text. */
export function checkFilePath(path: string): string | null {
  const e = checkPathKind(toBytes(path), 'file');
  return e === null ? null : `malformed file path ${goQuote(path)}: ${e}`;
}

function goQuote(text: string): string {
  return goQuoteBytes(toBytes(text));
}

/** module.CheckPathMajor: null or Go's error text (`version "v2.0.0" invalid: should be v0 or v1, not v2`). */
export function checkPathMajor(v: string, pathMajor: string): string | null {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) pathMajor = pathMajor.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return null;
  const m = semverMajor(v);
  if (pathMajor === '') {
    if (m === 'v0' || m === 'v1' || semverBuild(v) === '+incompatible') return null;
    pathMajor = 'v0 or v1';
  } else if (pathMajor[0] === '/' || pathMajor[0] === '.') {
    if (m === pathMajor.slice(1)) return null;
    pathMajor = pathMajor.slice(1);
  }
  return `${invalidVersionNoun(v)} ${goQuote(v)} invalid: should be ${pathMajor}, not ${semverMajor(v)}`;
}

function invalidVersionNoun(_v: string): string {
  // InvalidVersionError.noun: these errors are built with Pseudo=false, so always "version".
  return 'version';
}

/** module.IsPseudoVersion (x/mod module/pseudo.go:47,123). */
export function isPseudoVersion(v: string): boolean {
  return v.split('-').length - 1 >= 2 && isValidSemver(v) && /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(v);
}

/** module.Check: a module path and version that belong together. null or Go's error text. */
export function checkModule(path: string, version: string): string | null {
  const e = checkPath(path);
  if (e) return e;
  // ModuleError{Path, Err: InvalidVersionError} prints "path@version: invalid version: why".
  if (!isValidSemver(version)) return `${path}@${version}: invalid version: not a semantic version`;
  const [, pathMajor] = splitPathVersion(path);
  const pm = checkPathMajor(version, pathMajor);
  if (pm) return `${path}@${version}: invalid version: ${pm.replace(/^version ".*" invalid: /, '')}`;
  return null;
}

function escapeString(b: string): string {
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (c === 0x21 || c >= 0x80) throw new Error('internal error: inconsistency in EscapePath');
  }
  return b.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/**
 * module.EscapePath: the case-encoded path used in proxy URLs (`!` before each lower-cased
 * upper-case letter). Throws an Error with Go's text when the path is invalid.
 */
export function escapePath(path: string): string {
  const e = checkPath(path);
  if (e) throw new Error(e);
  return fromBytes(escapeString(toBytes(path)));
}

/** module.EscapeVersion. Throws `version "x" invalid: disallowed version string`. */
export function escapeVersion(v: string): string {
  const b = toBytes(v);
  if (checkElem(b, 'file') !== null || b.includes('!')) {
    throw new Error(`${invalidVersionNoun(v)} ${goQuote(v)} invalid: disallowed version string`);
  }
  return fromBytes(escapeString(b));
}

function unescapeString(escaped: string): string | null {
  let out = '';
  let bang = false;
  for (const ch of escaped) {
    const r = ch.codePointAt(0)!;
    if (r >= 0x80) return null;
    if (bang) {
      bang = false;
      if (ch < 'a' || ch > 'z') return null;
      out += ch.toUpperCase();
      continue;
    }
    if (ch === '!') {
      bang = true;
      continue;
    }
    if (ch >= 'A' && ch <= 'Z') return null;
    out += ch;
  }
  return bang ? null : out;
}

/** module.UnescapePath. Throws with Go's text when invalid. */
export function unescapePath(escaped: string): string {
  const p = unescapeString(escaped);
  if (p === null) throw new Error(`invalid escaped module path ${goQuote(escaped)}`);
  const e = checkPath(p);
  if (e) throw new Error(`invalid escaped module path ${goQuote(escaped)}: ${e}`);
  return p;
}

/** module.UnescapeVersion. Throws with Go's text when invalid. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === null) throw new Error(`invalid escaped version ${goQuote(escaped)}`);
  const e = checkElem(toBytes(v), 'file');
  if (e) throw new Error(`invalid escaped version ${goQuote(v)}: ${e}`);
  return v;
}
