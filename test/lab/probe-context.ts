import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChecks, type RunContext } from '../../src/core/engine/run-checks';
import type { Check } from '../../src/core/model/check';
import type { CheckResult } from '../../src/core/model/result';
import { DEFAULT_OPTIONS, type RunOptions } from '../../src/core/model/options';
import type { Workspace } from '../../src/core/model/workspace';
import type { Host } from '../../src/core/model/host';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { discoverWorkspace } from '../../src/core/sources/discover';
import { lookupVia } from './dns-server';

export interface ProbeRun {
  /** The process environment go would see (GOPROXY, HTTPS_PROXY, SSL_CERT_FILE, ...). */
  env: Record<string, string>;
  /** The lab DNS server that stands in for the system resolver. */
  systemDns: string;
  options?: Partial<RunOptions>;
  /** Files of the workspace folder (settings.json for the editor-proxy check). */
  files?: Record<string, string>;
  /** Replaces parts of the host (e.g. readFile for /etc/resolv.conf as another namespace sees it). */
  hostOverrides?: Partial<Host>;
  /** The go release the checks follow (`go1.26.8`), as env gathering would have found it. */
  goVersion?: string;
}

/**
 * Runs network checks against the lab: the system resolver is the lab DNS server (through
 * `Host.lookup`), the workspace is a temp folder, HOME is empty. Nothing leaves loopback.
 */
export async function runProbeChecks(checks: Check[], run: ProbeRun): Promise<CheckResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-probe-'));
  try {
    for (const [rel, text] of Object.entries(run.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...run.env };
    const host: Host = { ...nodeHost({ env, cwd: dir, homedir: dir }), lookup: lookupVia(run.systemDns), ...run.hostOverrides };
    const goEnv = await gatherEnvironment(host, { noExec: true });
    if (run.goVersion) goEnv.go = { ...goEnv.go, version: run.goVersion };
    const memo = new Map<string, Promise<unknown>>();
    const memoize = <T>(k: string, f: () => Promise<T>): Promise<T> => {
      if (!memo.has(k)) memo.set(k, f());
      return memo.get(k) as Promise<T>;
    };
    const ctx: RunContext = {
      dir, host, env: goEnv,
      options: { ...DEFAULT_OPTIONS, timeoutMs: 2000, ...run.options },
      redactor: new Redactor(),
      workspace: () => memoize<Workspace>('workspace', () => discoverWorkspace(host, dir, undefined, { homeDir: null, etcDir: null, goEnvFile: null })),
      memo: memoize,
      log: () => {},
    };
    return await runChecks(checks, ctx);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The result of one check, or a thrown error naming what came back. */
export function resultOf(results: CheckResult[], id: string): CheckResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

/** A compact line for assertion messages. */
export function show(r: CheckResult): string {
  return `${r.id} ${r.status}${r.reason ? ` (${r.reason})` : ''}: ${r.findings.map((f) => `[${f.severity}] ${f.message}`).join(' | ')}`;
}
