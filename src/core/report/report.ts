import type { CheckResult, Status } from '../model/result';
import type { ValueSource } from '../model/environment';
import type { GoChosenBy } from '../model/options';
import type { RulesApplied, ToolchainSwitch } from './go-rules';

export const SCHEMA_VERSION = 1;

/** The versioned report every front end reads (documented field by field in docs/report.md). */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'go-proxy-doctor'; version: string };
  dir: string;
  startedAt: string;
  durationMs: number;
  offline: boolean;
  platform: string;
  go: {
    path: string | null;
    version: string | null;
    error?: string;
    /** How `path` was chosen (absent in reports of older versions of the doctor). */
    chosenBy?: GoChosenBy;
    /** The release whose rules the checks applied (always written by diagnose; optional for older reports). */
    rules?: RulesApplied;
    /** The toolchain go commands in `dir` switch to (absent when the local go runs them; see GPD151-GPD154 for whether it can). */
    switchesTo?: ToolchainSwitch;
  };
  environment: Record<string, { value: string; source: ValueSource; shadows: Array<{ source: ValueSource; value: string }>; inheritedFrom?: string }>;
  results: CheckResult[];
  summary: Record<Status, number>;
}

export function summarize(results: readonly CheckResult[]): Record<Status, number> {
  const s: Record<Status, number> = { ok: 0, warning: 0, error: 0, skipped: 0, crashed: 0 };
  for (const r of results) s[r.status]++;
  return s;
}
