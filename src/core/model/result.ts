import type { Location, TextEdit } from './location';

export type Severity = 'error' | 'warning' | 'info';
export type Status = 'ok' | 'warning' | 'error' | 'skipped' | 'crashed';

/**
 * A repair, as data. Only a person applies it (code action, CLI `--fix --write`,
 * a confirmed `go env -w`).
 * - `set-variable`: give `variable` the new `value` (front ends choose where: go env -w,
 *   go.toolsEnvVars, the file the finding points at).
 * - `edit`: apply `edits` (minimal text edits of files).
 * - `command`: run `command` in a shell (shown, copied, never run silently).
 */
export interface Fix {
  title: string;
  preferred: boolean;
  kind: 'set-variable' | 'edit' | 'command';
  variable?: string;
  value?: string;
  edits?: TextEdit[];
  command?: string;
  /** Lowers security (GOSUMDB=off, GOINSECURE, GOFLAGS=-insecure): never preferred. */
  weakening?: boolean;
}

export interface Finding {
  /** Id of the check that produced it (GPDnnn). */
  id: string;
  severity: Severity;
  /** Plain words: what go will do, and why. */
  message: string;
  /** The Go variable the finding is about, when there is one. */
  variable?: string;
  /** Exact place in a file, when the finding is about a file. */
  location?: Location;
  /** Other places that matter (e.g. other assignments of the same variable). */
  related?: Array<{ location: Location; message: string }>;
  /** Facts behind the message: values, answers, headers, timings. */
  evidence: string[];
  fixes: Fix[];
}

export interface CheckResult {
  id: string;
  slug: string;
  layer: string;
  title: string;
  status: Status;
  findings: Finding[];
  /** Why a check was skipped or crashed. */
  reason?: string;
  durationMs: number;
  docs: string;
  /** Structured output for other checks and reports (e.g. chain-walk steps). */
  data?: unknown;
}
