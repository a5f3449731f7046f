import type { GoEnvironment, ValueSource } from '../model/environment';

/** One variable as the JSON report and `explain --format json` print it. */
export interface ReportEnvValue {
  value: string;
  source: ValueSource;
  shadows: Array<{ source: ValueSource; value: string }>;
  /** "GOPRIVATE" when go used GOPRIVATE's value (GONOPROXY/GONOSUMDB left empty). */
  inheritedFrom?: string;
}

/** The `environment` object of the report: the same shape wherever it is printed. */
export function reportEnvironment(env: GoEnvironment): Record<string, ReportEnvValue> {
  const out: Record<string, ReportEnvValue> = {};
  for (const [k, v] of Object.entries(env.vars)) {
    out[k] = { value: v.value, source: v.source, shadows: v.shadows.map((s) => ({ source: s.source, value: s.value })) };
    if (v.inheritedFrom) out[k].inheritedFrom = v.inheritedFrom;
  }
  return out;
}
