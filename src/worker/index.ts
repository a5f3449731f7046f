import { parentPort } from 'node:worker_threads';
import { diagnose } from '../core/diagnose';
import { nodeHost } from '../core/host/node-host';
import type { FromWorker, ToWorker } from './protocol';

// One diagnosis per run id; a newer run does not cancel an older one by itself (the
// extension decides), but every run can be cancelled.
const running = new Map<number, AbortController>();

function post(m: FromWorker): void {
  parentPort?.postMessage(m);
}

parentPort?.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    running.get(m.runId)?.abort();
    return;
  }
  if (m.type === 'run') {
    const ac = new AbortController();
    running.set(m.runId, ac);
    diagnose({
      dir: m.dir,
      host: nodeHost({ env: m.env, cwd: m.dir }),
      options: m.options,
      signal: ac.signal,
      onEvent: (event) => post({ type: 'progress', runId: m.runId, event }),
    })
      .then((report) => post({ type: 'result', runId: m.runId, report }))
      .catch((e) => post({ type: 'failed', runId: m.runId, error: String((e as Error)?.stack ?? e) }))
      .finally(() => running.delete(m.runId));
  }
});
