import type { Report } from '../core/report/report';
import type { CheckResult } from '../core/model/result';

/** States of the status bar indicator. */
export type Health = 'unknown' | 'checking' | 'healthy' | 'degraded' | 'broken' | 'offline';

/**
 * What a finished report means for the indicator: any error → broken; warnings or crashed
 * checks → degraded (the picture is incomplete); a run that skipped every network check
 * because it was offline → offline; otherwise healthy.
 */
export function healthOf(report: Pick<Report, 'results' | 'offline'>): Health {
  const results = report.results;
  if (results.some((r) => r.status === 'error')) return 'broken';
  if (results.some((r) => r.status === 'warning' || r.status === 'crashed')) return 'degraded';
  if (report.offline) return 'offline';
  return 'healthy';
}

/** Worst status first: the icon of a layer is that of its worst check. */
const RANK: Record<CheckResult['status'], number> = { error: 0, crashed: 1, warning: 2, ok: 3, skipped: 4 };

export function worstStatus(results: readonly Pick<CheckResult, 'status'>[]): CheckResult['status'] | undefined {
  let worst: CheckResult['status'] | undefined;
  for (const r of results) if (worst === undefined || RANK[r.status] < RANK[worst]) worst = r.status;
  return worst;
}

/** The proxy that serves modules, from the chain walks of GPD602, and how fast it answered. */
export interface ServingProxy {
  by: string;
  /** Time of its `.info` answer, when measured. */
  ms?: number;
}

interface WalkLike {
  steps?: Array<{ entry?: string; file?: string; ms?: number }>;
  verdict?: { served?: boolean; by?: string | null };
}

export function servingProxy(results: readonly Pick<CheckResult, 'id' | 'data'>[]): ServingProxy | undefined {
  const walks = results.find((r) => r.id === 'GPD602')?.data;
  if (!Array.isArray(walks)) return undefined;
  for (const w of walks as WalkLike[]) {
    const by = w?.verdict?.served ? w.verdict.by : null;
    if (!by) continue;
    const info = w.steps?.find((s) => s.entry === by && s.file === 'info' && typeof s.ms === 'number');
    return info ? { by, ms: info.ms } : { by };
  }
  return undefined;
}
