/** A go release as [major, minor, patch]; `raw` is what go printed (e.g. "go1.19.8"). */
export interface GoVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/**
 * Reads "go1.19.8", "go1.21rc2", "go1.22.0 X:boringcrypto", "devel go1.24-abcdef ..." and
 * the output of `go version` ("go version go1.19.8 linux/amd64").
 */
export function parseGoVersion(s: string | null | undefined): GoVersion | null {
  if (!s) return null;
  const m = /\bgo(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s);
  if (!m) return null;
  const raw = /\bgo\d[^\s]*/.exec(s)![0];
  return { raw, major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

export function versionAtLeast(v: GoVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}
