/**
 * Verifies a whole module cache: every cached version gets go mod verify's checks
 * (go@1.19.8 src/cmd/go/internal/modcmd/verify.go) plus the hostile-cache checks, with a
 * fixed number of versions in flight (one per core) and only the damaged ones kept in
 * memory, so a cache of any size is verified in bounded memory.
 */
import { type CacheLocation, type Leftover, type VersionVerdict, cachedVersions, defaultWidth, findLeftovers, inspectLocation, mapLimit, verifyVersion } from './modcache-scan';

export interface CacheReport {
  location: CacheLocation;
  leftovers: Leftover[];
  /** Versions looked at. */
  versions: number;
  /** Versions with something wrong (go mod verify errors or hostile content). */
  damaged: VersionVerdict[];
  /** Versions whose tree is incomplete (.partial). */
  partial: number;
  durationMs: number;
}

export interface VerifyCacheOptions {
  signal?: AbortSignal;
  /** Versions verified at once (default: one per core). */
  width?: number;
  /** Called after each version (progress). */
  onVersion?(v: VersionVerdict, done: number): void;
  /** Also hash everything (false: only look at the layout and the leftovers). */
  hash?: boolean;
}

export async function verifyCache(modcache: string, o: VerifyCacheOptions = {}): Promise<CacheReport> {
  const t0 = Date.now();
  const location = await inspectLocation(modcache);
  const { leftovers } = await findLeftovers(modcache, { signal: o.signal });
  const report: CacheReport = { location, leftovers, versions: 0, damaged: [], partial: 0, durationMs: 0 };
  if (location.exists && location.isDirectory && o.hash !== false) {
    await mapLimit(cachedVersions(modcache, o.signal), async ({ path, version, names }) => {
      const v = await verifyVersion(modcache, path, version, o.signal, names).catch((e: Error) => ({
        path, version, goVerify: [`${path} ${version}: ${e.message}`], problems: [], partial: false, zipPath: '', dir: '',
      } satisfies VersionVerdict));
      if (!v) return;
      report.versions++;
      if (v.partial) report.partial++;
      if (v.goVerify.length || (v.problems.length && !v.partial)) report.damaged.push(v);
      o.onVersion?.(v, report.versions);
    }, o.width ?? defaultWidth(), o.signal);
  }
  report.durationMs = Date.now() - t0;
  return report;
}
