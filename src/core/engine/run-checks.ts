import { setMaxListeners } from 'node:events';
import type { Check, CheckContext, CheckOutput } from '../model/check';
import type { CheckResult, Finding, Status } from '../model/result';
import { docsUrl } from '../model/docs';

export type ProgressEvent =
  | { type: 'started'; id: string; title: string }
  | { type: 'slow'; id: string; title: string; elapsedMs: number; message: string }
  | { type: 'finished'; result: CheckResult };

export interface RunControl {
  signal?: AbortSignal;
  onEvent?(event: ProgressEvent): void;
}

/** Context without the per-check parts the engine adds (`result`). */
export type RunContext = Omit<CheckContext, 'result'>;

const FAILED: ReadonlySet<Status> = new Set(['error', 'crashed', 'skipped']);

/**
 * Runs every check at once (or one after another with `options.sequential`), each under its
 * own time limit, and returns the results in the order of `checks`. Never throws: a throw
 * becomes `crashed`, a check past its limit becomes `crashed` with the reason, a failed
 * dependency makes dependents `skipped`. Cancelling `control.signal` settles the run
 * promptly with the unfinished checks `skipped`.
 */
export async function runChecks(checks: readonly Check[], ctx: RunContext, control: RunControl = {}): Promise<CheckResult[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const settled = new Map<string, CheckResult>();
  const pending = new Map<string, Promise<CheckResult>>();
  const signal = control.signal;
  // Every running check listens to the run's signal; dozens of listeners are expected.
  if (signal) setMaxListeners(Math.max(100, checks.length * 4), signal);
  const emit = (e: ProgressEvent) => {
    try {
      control.onEvent?.(e);
    } catch {
      // A listener's failure must not break the run.
    }
  };

  let chain: Promise<unknown> = Promise.resolve();
  const start = (check: Check): Promise<CheckResult> => {
    const existing = pending.get(check.id);
    if (existing) return existing;
    const p = (async () => {
      const deps = (check.dependsOn ?? []).filter((d) => byId.has(d));
      const depResults = await Promise.all(deps.map((d) => start(byId.get(d)!)));
      if (ctx.options.sequential) {
        const prev = chain;
        let release!: () => void;
        chain = new Promise<void>((r) => (release = r));
        await prev;
        try {
          return await runOne(check, depResults);
        } finally {
          release();
        }
      }
      return runOne(check, depResults);
    })();
    pending.set(check.id, p);
    p.then((r) => settled.set(check.id, r));
    return p;
  };

  const runOne = async (check: Check, depResults: CheckResult[]): Promise<CheckResult> => {
    const base = { id: check.id, slug: check.slug, layer: check.layer, title: check.title, docs: docsUrl(check.id, check.slug) };
    const skip = (reason: string): CheckResult => finish({ ...base, status: 'skipped', findings: [], reason, durationMs: 0 });
    const finish = (r: CheckResult): CheckResult => {
      const clean = ctx.redactor.redactDeep(r);
      emit({ type: 'finished', result: clean });
      return clean;
    };
    if (signal?.aborted) return skip('cancelled');
    // Own reasons first: an offline network check says "offline", not "its dependency was skipped".
    if (check.needs.network && ctx.options.offline) return skip('offline: network checks are not run');
    if (check.needs.exec && ctx.options.untrusted) return skip('untrusted workspace: programs are not run');
    const failedDep = depResults.find((r) => FAILED.has(r.status));
    if (failedDep) return skip(`depends on ${failedDep.id} (${failedDep.slug}), which ${failedDep.status === 'skipped' ? 'was skipped' : failedDep.status === 'crashed' ? 'crashed' : 'failed'}`);
    let notApplicable: string | null = null;
    try {
      notApplicable = check.appliesTo ? check.appliesTo(ctx as CheckContext) : null;
    } catch (e) {
      return finish({ ...base, status: 'crashed', findings: [], reason: `appliesTo threw: ${errorText(e)}`, durationMs: 0 });
    }
    if (notApplicable) return skip(notApplicable);

    emit({ type: 'started', id: check.id, title: check.title });
    const t0 = Date.now();
    const ac = new AbortController();
    setMaxListeners(100, ac.signal);
    const onAbort = () => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const allowed = new Set(check.dependsOn ?? []);
    const checkCtx: CheckContext = {
      ...ctx,
      result: (id: string) => (allowed.has(id) ? settled.get(id) : undefined),
    };
    const timers: NodeJS.Timeout[] = [];
    try {
      const outcome = await new Promise<{ kind: 'done'; out: CheckOutput } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'threw'; error: unknown }>((resolve) => {
        timers.push(setTimeout(() => {
          ac.abort(new Error('time limit'));
          resolve({ kind: 'timeout' });
        }, check.timeoutMs));
        if (ctx.options.slowAfterMs > 0 && ctx.options.slowAfterMs < check.timeoutMs) {
          timers.push(setTimeout(() => emit({ type: 'slow', id: check.id, title: check.title, elapsedMs: Date.now() - t0, message: `still waiting for ${check.title}` }), ctx.options.slowAfterMs));
        }
        if (signal) {
          if (signal.aborted) resolve({ kind: 'cancelled' });
          signal.addEventListener('abort', () => resolve({ kind: 'cancelled' }), { once: true });
        }
        Promise.resolve()
          .then(() => check.run(checkCtx, ac.signal))
          .then((out) => resolve({ kind: 'done', out }), (error) => resolve({ kind: 'threw', error }));
      });
      const durationMs = Date.now() - t0;
      switch (outcome.kind) {
        case 'timeout':
          return finish({ ...base, status: 'crashed', findings: [], reason: `did not finish within its time limit of ${formatMs(check.timeoutMs)}`, durationMs });
        case 'cancelled':
          return finish({ ...base, status: 'skipped', findings: [], reason: 'cancelled', durationMs });
        case 'threw':
          return finish({ ...base, status: 'crashed', findings: [], reason: `internal error: ${errorText(outcome.error)}`, durationMs });
        case 'done': {
          const out = outcome.out;
          if (!out || !Array.isArray(out.findings)) {
            return finish({ ...base, status: 'crashed', findings: [], reason: 'internal error: check returned no findings list', durationMs });
          }
          const findings = out.findings.map(normalizeFinding(check.id));
          const status: Status = out.status === 'skipped' ? 'skipped' : statusOf(findings);
          const r: CheckResult = { ...base, status, findings, durationMs };
          if (out.reason) r.reason = out.reason;
          if (out.data !== undefined) r.data = out.data;
          return finish(r);
        }
      }
    } finally {
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  const all = checks.map((c) => start(c));
  return Promise.all(all);
}

export function statusOf(findings: readonly Finding[]): Status {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

function normalizeFinding(id: string) {
  return (f: Finding): Finding => {
    const fixes = (f.fixes ?? []).map((x) => ({ ...x, preferred: x.weakening ? false : Boolean(x.preferred) }));
    // At most one preferred fix per finding: the first one marked so.
    let seen = false;
    for (const x of fixes) {
      if (x.preferred && seen) x.preferred = false;
      if (x.preferred) seen = true;
    }
    return { ...f, id: f.id || id, evidence: f.evidence ?? [], fixes };
  };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
