import type { Report } from '../core/report/report';
import type { ProgressEvent } from '../core/engine/run-checks';
import type { RunOptions } from '../core/model/options';

/** Extension host → worker. */
export type ToWorker =
  | { type: 'run'; runId: number; dir: string; env: Record<string, string | undefined>; options: Partial<RunOptions> }
  | { type: 'cancel'; runId: number };

/** Worker → extension host. */
export type FromWorker =
  | { type: 'progress'; runId: number; event: ProgressEvent }
  | { type: 'result'; runId: number; report: Report }
  | { type: 'failed'; runId: number; error: string };
