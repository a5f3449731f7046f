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

/**
 * The host's own port-forwarding scan, which a remote host runs every few seconds whatever
 * the extensions do (vscode@1.100 src/vs/workbench/api/node/extHostTunnelService.ts).
 */
const HOST_PORT_SCAN = new Set(['/bin/sh -c ls -l /proc/[0-9]*/fd/[0-9]* | grep socket:', '/bin/sh -c ps -F -A -l | grep root']);

/** A child process as /proc shows it: its command line, or for one that has ended (a zombie, whose command line is gone) its name. */
interface Child {
  cmd: string;
  /** /proc/<pid>/stat's name (comm), read when the command line is empty. */
  comm: string;
  ended: boolean;
}

/** The extension host's child processes (Linux: /proc/<pid>/task/<tid>/children), by pid. */
function children(): Map<string, Child> {
  const found = new Map<string, Child>();
  const tasks = `/proc/${process.pid}/task`;
  for (const t of fs.readdirSync(tasks)) {
    let pids: string[] = [];
    try {
      pids = fs.readFileSync(path.join(tasks, t, 'children'), 'utf8').split(/\s+/).filter(Boolean);
    } catch {
      // the thread ended while listing
    }
    for (const pid of pids) found.set(pid, readChild(pid));
  }
  return found;
}

function readChild(pid: string): Child {
  let cmd = '';
  let comm = '';
  let ended = false;
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    // "pid (comm) state ...": comm may hold spaces and parentheses; the state follows the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    ended = /^\s*[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 1));
  } catch {
    ended = true;
  }
  return { cmd, comm, ended };
}

/**
 * Whether a child is one of the host's own helpers: its port-forwarding scan (a shell running
 * ls or ps, every few seconds), also once it has exited and only its name is left
 * (the empty command line of a reaped-late zombie is not a process the extension started).
 */
function hostHelper(c: Child): boolean {
  if (HOST_PORT_SCAN.has(c.cmd)) return true;
  return c.cmd === '' && ['sh', 'ls', 'ps', 'grep'].includes(c.comm);
}

/** The children that appeared since `before` and are not the host's, described. */
function newChildren(before: Map<string, Child>, seen: Map<string, Child>): string[] {
  return [...seen]
    .filter(([pid, c]) => !before.has(pid) && !hostHelper(c) && !(c.cmd === '' && c.comm === '' && c.ended))
    .map(([pid, c]) => `${pid}: ${c.cmd || `(${c.comm}${c.ended ? ', ended' : ''})`}`);
}

/** Inodes of the TCP and UDP sockets of this network namespace (Unix sockets, such as child pipes, are not network). */
function networkSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text = '';
    try {
      text = fs.readFileSync(`/proc/${process.pid}/net/${table}`, 'utf8');
    } catch {
      continue; // no IPv6 here
    }
    // Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    for (const line of text.split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[9];
      if (inode && inode !== '0') inodes.add(`socket:[${inode}]`);
    }
  }
  return inodes;
}

/** The extension host's open sockets (fd targets "socket:[inode]"). */
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
  it('activates from cold, cheaply, then checks the files: no child process, no network socket, no go', async () => {
    const ext = vscode.extensions.getExtension<GoProxyDoctorApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    assert.equal(ext.isActive, false, 'nothing activated the extension before this test: the measurement is of a cold activation');
    // The workbench is still starting when the tests begin; let it settle so that the figure
    // is the activation's, not the contention of the page loading beside it.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(ext.isActive, false, 'still not active');
    const childrenBefore = children();
    const socketsBefore = sockets();

    const t0 = performance.now();
    const a = await ext.activate();
    const activateMs = performance.now() - t0;

    assert.equal(ext.isActive, true);
    // Right after activate() returns, the file checks run in the worker thread (squiggles on
    // open); they gather the environment without running go. Sample the children while they run.
    const seen = new Map<string, Child>();
    const t1 = performance.now();
    let fileChecksMs: number | null = null;
    while (performance.now() - t1 < 5000 && !(a.ctx.settled && a.report())) {
      if (fileChecksMs === null && a.report()) fileChecksMs = performance.now() - t0;
      for (const [pid, c] of children()) if (!seen.has(pid) || seen.get(pid)!.cmd === '') seen.set(pid, c);
      await new Promise((r) => setTimeout(r, 20));
    }
    fileChecksMs ??= performance.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    for (const [pid, c] of children()) if (!seen.has(pid) || seen.get(pid)!.cmd === '') seen.set(pid, c);
    assert.ok(a.report(), 'the file checks ran after activation');
    assert.ok(a.report()!.results.every((r) => ['environment', 'scopes'].includes(r.layer)), 'only the file layers ran');
    assert.deepEqual(goCalls(), [], 'activation and the file checks run no go');
    assert.deepEqual(newChildren(childrenBefore, seen), [], 'activation and the file checks start no child process');
    const network = networkSocketInodes();
    const newSockets = [...sockets()].filter((s) => !socketsBefore.has(s) && network.has(s));
    assert.deepEqual(newSockets, [], 'activation opens no network socket');
    // The check sees network sockets at all: the host's own connection to the workbench is one.
    assert.ok([...socketsBefore].some((s) => network.has(s)), 'the host holds a TCP connection the check can see');

    const marks = hostMarks();
    const result = {
      activateMs,
      /** From the activate() call to the results of the file checks it scheduled (time to first diagnostic). */
      fileChecksMs,
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
