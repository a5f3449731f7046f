import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { Report } from '../core/report/report';
import type { ProgressEvent } from '../core/engine/run-checks';
import type { FromWorker, ToWorker } from '../worker/protocol';
import type { Log } from './log';

export type RunRequest = Omit<Extract<ToWorker, { type: 'run' }>, 'type' | 'runId'>;
export type CommandRequest = Omit<Extract<ToWorker, { type: 'command' }>, 'type' | 'runId'>;

/** How a run ended when it produced no report. */
export type RunOutcome =
  | { kind: 'done'; report: Report }
  | { kind: 'output'; code: number; stdout: string; stderr: string }
  | { kind: 'superseded' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: string };

interface Pending {
  runId: number;
  lane: string;
  settle(o: RunOutcome): void;
  onProgress?(e: ProgressEvent): void;
}

/**
 * Runs the core in a worker thread. Runs are grouped in lanes (a full diagnosis, a static
 * re-run while typing): in each lane the latest run wins and the older one is cancelled in
 * the worker. A crashed worker fails its runs, is reported once through `onCrash`, and is
 * started again only by the next run.
 */
export class WorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  /** Set when the worker stopped on purpose (dispose), so the exit is no crash. */
  private stopping = false;

  constructor(
    private readonly workerPath: string,
    private readonly log: Log,
    private readonly onCrash: (error: string) => void,
  ) {}

  /** Starts a run in `lane`; the promise settles when it ends, is cancelled or superseded. */
  run(lane: string, request: RunRequest, token?: vscode.CancellationToken, onProgress?: (e: ProgressEvent) => void): Promise<RunOutcome> {
    return this.start(lane, { type: 'run', runId: 0, ...request }, token, onProgress);
  }

  /** Runs a CLI subcommand in the worker; its output is what the CLI prints. */
  command(request: CommandRequest, token?: vscode.CancellationToken): Promise<RunOutcome> {
    return this.start(`command:${request.name}`, { type: 'command', runId: 0, ...request }, token);
  }

  private start(lane: string, message: ToWorker & { type: 'run' | 'command' }, token?: vscode.CancellationToken, onProgress?: (e: ProgressEvent) => void): Promise<RunOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'cancelled' });
    for (const p of [...this.pending.values()]) {
      if (p.lane === lane) {
        this.post({ type: 'cancel', runId: p.runId });
        this.pending.delete(p.runId);
        p.settle({ kind: 'superseded' });
      }
    }
    const worker = this.ensureWorker();
    const runId = this.nextRunId++;
    return new Promise<RunOutcome>((resolve) => {
      let sub: vscode.Disposable | undefined;
      const settle = (o: RunOutcome) => {
        sub?.dispose();
        resolve(o);
      };
      this.pending.set(runId, { runId, lane, settle, onProgress });
      sub = token?.onCancellationRequested(() => {
        if (!this.pending.has(runId)) return;
        this.log.info(`run ${runId} (${lane}): cancelled`);
        this.post({ type: 'cancel', runId });
        this.pending.delete(runId);
        settle({ kind: 'cancelled' });
      });
      this.log.debug(`run ${runId} (${lane}): ${message.type === 'run' ? `${message.dir} ${JSON.stringify(message.options)}` : `${message.name} ${message.argv.join(' ')}`}`);
      worker.postMessage({ ...message, runId } satisfies ToWorker);
    });
  }

  /** Number of runs the worker is working on (tests and the status bar). */
  get busy(): number {
    return this.pending.size;
  }

  /** Whether a worker thread exists now. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.log.info(`starting the diagnosis worker (${this.workerPath})`);
    const w = new Worker(this.workerPath, { stdout: true, stderr: true });
    w.stdout.on('data', (d: Buffer) => this.log.debug(`worker: ${d.toString().trimEnd()}`));
    w.stderr.on('data', (d: Buffer) => this.log.warn(`worker: ${d.toString().trimEnd()}`));
    w.on('message', (m: FromWorker) => this.receive(m));
    w.on('error', (e) => this.crashed(w, String(e?.stack ?? e)));
    w.on('exit', (code) => this.crashed(w, `the worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker): void {
    const p = this.pending.get(m.runId);
    if (!p) return; // cancelled or superseded: late messages are dropped
    switch (m.type) {
      case 'progress':
        try {
          p.onProgress?.(m.event);
        } catch (e) {
          this.log.error(`progress listener failed: ${String(e)}`);
        }
        return;
      case 'result':
        this.pending.delete(m.runId);
        p.settle({ kind: 'done', report: m.report });
        return;
      case 'output':
        this.pending.delete(m.runId);
        p.settle({ kind: 'output', code: m.code, stdout: m.stdout, stderr: m.stderr });
        return;
      case 'failed':
        this.pending.delete(m.runId);
        this.log.error(`run ${m.runId} failed: ${m.error}`);
        p.settle({ kind: 'failed', error: m.error });
        return;
    }
  }

  private crashed(w: Worker, error: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.stopping || this.disposed) return;
    this.log.error(`diagnosis worker crashed: ${error}`);
    const runs = [...this.pending.values()];
    this.pending.clear();
    for (const p of runs) p.settle({ kind: 'failed', error });
    this.onCrash(error);
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  /** Stops the worker thread (tests use it to prove that a crash is recovered from). */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.stopping = true;
    for (const p of this.pending.values()) p.settle({ kind: 'cancelled' });
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
