/**
 * What kind of version a `go mod download M@Q` argument is, and which version `latest`
 * picks from an @v/list (go@1.19.8 src/cmd/go/internal/modload/query.go: newQueryMatcher,
 * filterVersions, queryProxy).
 */
import { isValidSemver, semverCanonical } from '../parse/semver';
import { isPseudoVersion } from '../parse/module-path';

/**
 * - `exact`: a canonical version, fetched as is;
 * - `revision`: anything go passes to `.info` as a revision (branch, tag, commit);
 * - `latest`: resolved from `@v/list` (or `@latest`);
 * - `unsupported`: other queries (`upgrade`, `patch`, `v1`, `>=v1.2`) the doctor does not walk.
 */
export type QueryKind = 'exact' | 'revision' | 'latest' | 'unsupported';

export function queryKind(q: string): QueryKind {
  if (q === 'latest') return 'latest';
  if (q === 'upgrade' || q === 'patch' || /^[<>=]/.test(q)) return 'unsupported';
  // module.CanonicalVersion: semver.Canonical, keeping "+incompatible".
  if (isValidSemver(q)) return semverCanonical(q) === q || `${semverCanonical(q)}+incompatible` === q ? 'exact' : 'unsupported';
  return 'revision';
}

function prerelease(v: string): string {
  const core = v.replace(/\+.*$/, '');
  const m = /^v\d+\.\d+\.\d+-(.*)$/.exec(core);
  return m ? m[1] : '';
}

function compareIdents(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (i >= pa.length) return -1;
    if (i >= pb.length) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) {
      const d = pa[i].length - pb[i].length || (pa[i] < pb[i] ? -1 : pa[i] > pb[i] ? 1 : 0);
      if (d !== 0) return Math.sign(d);
    } else if (na !== nb) return na ? -1 : 1;
    else if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

/** semver.Compare for valid versions. */
export function compareSemver(a: string, b: string): number {
  const ca = semverCanonical(a);
  const cb = semverCanonical(b);
  const na = /^v(\d+)\.(\d+)\.(\d+)/.exec(ca)!.slice(1).map(Number);
  const nb = /^v(\d+)\.(\d+)\.(\d+)/.exec(cb)!.slice(1).map(Number);
  for (let i = 0; i < 3; i++) if (na[i] !== nb[i]) return na[i] < nb[i] ? -1 : 1;
  const pa = prerelease(ca);
  const pb = prerelease(cb);
  if (pa === pb) return 0;
  if (pa === '') return 1;
  if (pb === '') return -1;
  return compareIdents(pa, pb);
}

/**
 * The version `latest` picks from a list: the highest release, else the highest
 * pre-release; pseudo-versions never count (query.go filterVersions). null: none.
 */
export function pickLatest(versions: string[]): string | null {
  const usable = versions.filter((v) => isValidSemver(v) && !isPseudoVersion(v));
  const releases = usable.filter((v) => prerelease(v) === '').sort(compareSemver);
  if (releases.length) return releases[releases.length - 1];
  const pre = usable.filter((v) => prerelease(v) !== '').sort(compareSemver);
  return pre.length ? pre[pre.length - 1] : null;
}

/** Parses an @v/list body as proxyRepo.Versions does (go@1.19.8 proxy.go:288-316). */
export function parseVersionList(body: string): { versions: string[]; ignored: string[] } {
  const versions: string[] = [];
  const ignored: string[] = [];
  for (const line of body.split('\n')) {
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) continue;
    if (isValidSemver(f[0])) versions.push(f[0]);
    else ignored.push(line);
  }
  return { versions, ignored };
}
