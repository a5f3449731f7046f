import type { Report } from '../core/report/report';
import type { ProgressEvent } from '../core/engine/run-checks';
import type { RunOptions } from '../core/model/options';

/** Extension host → worker. */
export type ToWorker =
  | {
      type: 'run';
      runId: number;
      dir: string;
      env: Record<string, string | undefined>;
      /** `options.goBinary` is the go the extension chose (go.alternateTools, go.goroot, PATH…); absent = go on PATH. */
      options: Partial<RunOptions>;
      /**
       * Unsaved editor contents by absolute path: the checks read these instead of the
       * files on disk (static re-runs while typing).
       */
      overlays?: Record<string, string>;
      /** Reuse the Go environment gathered by an earlier run of the same dir and env. */
      reuseEnvironment?: boolean;
      /** Gather the Go environment without running go (the file checks right after activation). */
      noExec?: boolean;
    }
  | {
      /** A command-line subcommand, rendered as the CLI renders it (one text for both front ends). */
      type: 'command';
      runId: number;
      name: WorkerCommand;
      argv: string[];
      cwd: string;
      env: Record<string, string | undefined>;
    }
  | { type: 'cancel'; runId: number };

/** The subcommands the extension shows in an editor. */
export type WorkerCommand = 'explain' | 'scopes' | 'resolve';

/** Worker → extension host. */
export type FromWorker =
  | { type: 'progress'; runId: number; event: ProgressEvent }
  | { type: 'result'; runId: number; report: Report }
  | { type: 'output'; runId: number; code: number; stdout: string; stderr: string }
  | { type: 'failed'; runId: number; error: string };
