import { parentPort } from 'node:worker_threads';
import * as path from 'node:path';
import { diagnose } from '../core/diagnose';
import { nodeHost } from '../core/host/node-host';
import { gatherEnvironment } from '../core/env/gather';
import { DEFAULT_OPTIONS } from '../core/model/options';
import type { GoEnvironment } from '../core/model/environment';
import type { Host } from '../core/model/host';
import { main as cli } from '../cli/main';
import type { FromWorker, ToWorker } from './protocol';

// One diagnosis per run id; a newer run does not cancel an older one by itself (the
// extension decides), but every run can be cancelled. State lives in this closure, one
// per worker thread.
function serve(port: NonNullable<typeof parentPort>): void {
  const running = new Map<number, AbortController>();
  // The last gathered Go environment, so that static re-runs while typing do not run `go`.
  let gathered: { key: string; env: Promise<GoEnvironment> } | undefined;
  const post = (m: FromWorker) => port.postMessage(m);

  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      running.get(m.runId)?.abort();
      return;
    }
    if (m.type === 'command') {
      const ac = new AbortController();
      running.set(m.runId, ac);
      let stdout = '';
      let stderr = '';
      cli([m.name, ...m.argv], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: { ...m.env, NO_COLOR: '1' },
        cwd: m.cwd,
        signal: ac.signal,
      })
        .then((code) => post({ type: 'output', runId: m.runId, code, stdout, stderr }))
        .catch((e) => post({ type: 'failed', runId: m.runId, error: String((e as Error)?.stack ?? e) }))
        .finally(() => running.delete(m.runId));
      return;
    }
    if (m.type !== 'run') return;
    const ac = new AbortController();
    running.set(m.runId, ac);
    const host = withOverlays(nodeHost({ env: m.env, cwd: m.dir }), m.overlays ?? {});
    const options = { ...DEFAULT_OPTIONS, ...m.options };
    const noExec = options.untrusted || m.noExec === true;
    const key = JSON.stringify([m.dir, m.env, noExec, options.goBinary?.path]);
    if (!m.reuseEnvironment || gathered?.key !== key) {
      // The same call diagnose() makes, kept so that later static runs can reuse it.
      const env = gatherEnvironment(host, { timeoutMs: Math.max(options.timeoutMs, 10000), noExec, signal: ac.signal, cwd: m.dir, goBinary: options.goBinary?.path });
      gathered = { key, env };
      env.catch(() => {
        if (gathered?.env === env) gathered = undefined;
      });
    }
    gathered.env
      .then((environment) =>
        diagnose({
          dir: m.dir,
          host,
          options: m.options,
          signal: ac.signal,
          environment,
          onEvent: (event) => post({ type: 'progress', runId: m.runId, event }),
        }),
      )
      .then((report) => post({ type: 'result', runId: m.runId, report }))
      .catch((e) => post({ type: 'failed', runId: m.runId, error: String((e as Error)?.stack ?? e) }))
      .finally(() => running.delete(m.runId));
  });
}

/** The real machine, except that files open with unsaved changes read as the editor shows them. */
function withOverlays(host: Host, overlays: Record<string, string>): Host {
  const byPath = new Map(Object.entries(overlays).map(([p, text]) => [path.resolve(p), text]));
  if (byPath.size === 0) return host;
  return {
    ...host,
    async readFile(p, maxBytes, o) {
      const text = byPath.get(path.resolve(p));
      // The file itself decides containment and kind: an editor buffer never widens what is read.
      if (text === undefined || o?.within !== undefined) return host.readFile(p, maxBytes, o).then((b) => (text !== undefined ? Buffer.from(text, 'utf8') : b));
      return Buffer.from(text, 'utf8');
    },
    async stat(p) {
      const text = byPath.get(path.resolve(p));
      const st = await host.stat(p);
      if (text === undefined || !st) return st;
      return { ...st, size: Buffer.byteLength(text, 'utf8') };
    },
  };
}

if (parentPort) serve(parentPort);
