import type { Layer } from './layers';
import type { Finding, CheckResult, Status } from './result';
import type { GoEnvironment } from './environment';
import type { Host } from './host';
import type { RunOptions } from './options';
import type { Workspace } from './workspace';
import type { Redactor } from '../report/redact';

/** What a check sees. One context per diagnosis run. */
export interface CheckContext {
  /** The folder being diagnosed (absolute). */
  readonly dir: string;
  readonly host: Host;
  readonly env: GoEnvironment;
  readonly options: RunOptions;
  readonly redactor: Redactor;
  /** Config files and go.mod/go.sum of `dir`, read once per run. */
  workspace(): Promise<Workspace>;
  /**
   * Shares work between checks of one run (a DNS answer, a chain walk): the first caller
   * computes, the others await the same promise.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Result of a check this one depends on (only ids listed in `dependsOn`). */
  result(id: string): CheckResult | undefined;
  log(message: string): void;
}

/** An example kept next to the check: rendered into docs/checks.md and run by the tests. */
export interface CheckExample {
  description: string;
  /** OS environment (static checks are run on it by the docs test). */
  env?: Record<string, string>;
  /** Files of the workspace, by relative path. */
  files?: Record<string, string>;
  /** Name of a lab scenario, for network checks. */
  lab?: string;
}

export interface CheckOutput {
  findings: Finding[];
  /** Only to report 'skipped' (with `reason`); otherwise derived from the findings. */
  status?: Extract<Status, 'skipped'>;
  reason?: string;
  data?: unknown;
}

export interface Check {
  /** Permanent id, GPD + layer digit + two digits. Never reused. */
  id: string;
  slug: string;
  layer: Layer;
  title: string;
  /** Ids of checks whose failure (error, crashed, skipped) makes this one skipped. */
  dependsOn?: string[];
  /** null when the check applies; otherwise the reason it is skipped. */
  appliesTo?(ctx: CheckContext): string | null;
  needs: { network?: boolean; exec?: boolean };
  /** Time limit for the whole check, in milliseconds. */
  timeoutMs: number;
  /** Markdown: what the check detects and why it matters (with the Go source it mirrors). */
  doc: string;
  examples: { triggers: CheckExample; passes: CheckExample };
  run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput>;
}
