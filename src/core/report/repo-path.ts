import * as path from 'node:path';

/** Where a finding's file sits relative to the diagnosed folder (the repository root in CI). */
export interface RepoPath {
  /** Forward-slash path relative to the root, or the absolute path when outside it. */
  path: string;
  /** False for files outside the root (a go/env file in HOME, /etc/environment). */
  insideRoot: boolean;
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * Makes `file` relative to `root` so that reports are the same on every runner whatever
 * the checkout folder; files outside the root keep their absolute path.
 */
export function repoPath(file: string, root: string): RepoPath {
  const win = isWindowsPath(root) || isWindowsPath(file);
  const p = win ? path.win32 : path.posix;
  if (!p.isAbsolute(file)) return { path: toSlash(p.normalize(file)), insideRoot: !file.startsWith('..') };
  const rel = p.relative(root, file);
  if (rel === '' || rel.startsWith('..') || p.isAbsolute(rel)) return { path: toSlash(file), insideRoot: false };
  return { path: toSlash(rel), insideRoot: true };
}

function toSlash(s: string): string {
  return s.replace(/\\/g, '/');
}

/** A URI reference for a relative path: each segment percent-encoded. */
export function relativeUri(rel: string): string {
  return rel.split('/').map(encodeSegment).join('/');
}

/** A file: URI for an absolute path (POSIX or Windows). */
export function fileUri(abs: string, directory = false): string {
  let s = toSlash(abs);
  if (/^[A-Za-z]:\//.test(s)) s = '/' + s;
  const uri = 'file://' + s.split('/').map((seg, i) => (i === 1 && /^\/?[A-Za-z]:$/.test(seg) ? seg : encodeSegment(seg))).join('/');
  return directory && !uri.endsWith('/') ? uri + '/' : uri;
}

function encodeSegment(seg: string): string {
  return encodeURIComponent(seg).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
