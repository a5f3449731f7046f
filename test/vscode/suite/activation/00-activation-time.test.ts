/**
 * Times the extension's activation in the real extension host. This session opens a workspace
 * with nothing that activates the extension (no go.mod, go.work, .gitlab-ci.yml): the host
 * runs the tests only after its eager (workspaceContains) activations, so in the other
 * sessions the extension is already active when the first test starts.
 *
 * Two figures: the wall time of the public `Extension.activate()` (code loading, context
 * creation and the activate() call), and, when the host exposes them, its own performance
 * marks `code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>` (internal,
 * recorded around the same steps; vscode@1.100 src/vs/workbench/api/common/extHostExtensionService.ts).
 * With GPD_ACTIVATION_OUT set, writes them there as JSON (the benchmark reads it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { GoProxyDoctorApi } from '../../../../src/vscode/extension';
import { EXTENSION_ID, goCalls } from '../helpers';

interface HostMark {
  name: string;
  startTime: number;
}

/** The host's own marks (vs/base/common/performance keeps them on globalThis), or none. */
function hostMarks(): HostMark[] {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks?: () => HostMark[] } }).MonacoPerformanceMarks;
  try {
    return perf?.getMarks?.() ?? [];
  } catch {
    return [];
  }
}

/** Milliseconds between two of the host's marks for this extension, or null when absent. */
function between(marks: HostMark[], from: string, to: string): number | null {
  const at = (step: string) => marks.find((m) => m.name === `code/extHost/${step}/${EXTENSION_ID}`)?.startTime;
  const a = at(from);
  const b = at(to);
  return a === undefined || b === undefined ? null : b - a;
}

/** Child processes of the extension host (Linux: /proc/<pid>/task/<tid>/children). */
function childPids(): Set<string> {
  const pids = new Set<string>();
  const tasks = `/proc/${process.pid}/task`;
  for (const t of fs.readdirSync(tasks)) {
    try {
      for (const p of fs.readFileSync(path.join(tasks, t, 'children'), 'utf8').split(/\s+/)) if (p) pids.add(p);
    } catch {
      // the thread ended while listing
    }
  }
  return pids;
}

/** Socket inodes the extension host has open. */
function sockets(): Set<string> {
  const found = new Set<string>();
  const fdDir = `/proc/${process.pid}/fd`;
  for (const fd of fs.readdirSync(fdDir)) {
    try {
      const target = fs.readlinkSync(path.join(fdDir, fd));
      if (target.startsWith('socket:')) found.add(target);
    } catch {
      // closed while listing
    }
  }
  return found;
}

describe('activation time', () => {
  it('activates from cold, cheaply: no worker, no child process, no new socket, no go', async () => {
    const ext = vscode.extensions.getExtension<GoProxyDoctorApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    assert.equal(ext.isActive, false, 'nothing activated the extension before this test: the measurement is of a cold activation');
    const childrenBefore = childPids();
    const socketsBefore = sockets();

    const t0 = performance.now();
    const a = await ext.activate();
    const activateMs = performance.now() - t0;

    assert.equal(ext.isActive, true);
    // Whatever activate() scheduled for right after it returned has run too.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(a.ctx.worker.started, false, 'no worker thread at activation');
    assert.equal(a.report(), undefined, 'no run at activation');
    assert.deepEqual(goCalls(), [], 'activation runs no go');
    const newChildren = [...childPids()].filter((p) => !childrenBefore.has(p));
    assert.deepEqual(newChildren, [], 'activation starts no child process');
    const newSockets = [...sockets()].filter((s) => !socketsBefore.has(s));
    assert.deepEqual(newSockets, [], 'activation opens no socket');

    const marks = hostMarks();
    const result = {
      activateMs,
      hostCodeLoadingMs: between(marks, 'willLoadExtensionCode', 'didLoadExtensionCode'),
      hostActivateCallMs: between(marks, 'willActivateExtension', 'didActivateExtension'),
      hostTotalMs: between(marks, 'willLoadExtensionCode', 'didActivateExtension'),
      vscodeVersion: vscode.version,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      remoteName: vscode.env.remoteName ?? null,
    };
    assert.ok(Number.isFinite(activateMs) && activateMs > 0, `activate() took ${activateMs} ms`);
    if (result.hostTotalMs !== null) {
      // The host's own span lies inside the one measured around activate().
      assert.ok(result.hostTotalMs <= activateMs + 2, `host marks ${result.hostTotalMs} ms within activate() ${activateMs} ms`);
    }
    const out = process.env.GPD_ACTIVATION_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify(result) + '\n');
  });
});
