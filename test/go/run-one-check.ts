/**
 * The two sides of a one-check differential: `go mod download -json M@V` with a release of
 * go, and one check of ours run offline on the environment gathered the same way.
 */
import { execFile } from 'node:child_process';
import { runChecks } from '../../src/core/engine/run-checks';
import { gatherEnvironment } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import type { Check } from '../../src/core/model/check';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import type { CheckResult } from '../../src/core/model/result';
import { Redactor } from '../../src/core/report/redact';
import { discoverWorkspace } from '../../src/core/sources/discover';
import type { GoUnderTest } from './go-versions';

/** go's error for the download (its JSON `Error`, else its output), or `ok`. */
export function goModDownloadError(g: GoUnderTest, env: Record<string, string>, cwd: string, mv = 'example.com/hello@v1.0.0'): Promise<string> {
  return new Promise((resolve) => {
    execFile(g.bin, ['mod', 'download', '-json', mv], { env, cwd, timeout: 60000, encoding: 'utf8' }, (_e, stdout, stderr) => {
      try {
        resolve((JSON.parse(stdout) as { Error?: string }).Error ?? 'ok');
      } catch {
        resolve(`${stdout}${stderr}`.trim());
      }
    });
  });
}

/** One check, offline, on the environment gathered in `dir` (no home or /etc files). */
export async function runOneCheck(check: Check, env: Record<string, string>, dir: string): Promise<CheckResult> {
  const host = nodeHost({ env, cwd: dir, homedir: env.HOME });
  const goEnv = await gatherEnvironment(host, { cwd: dir });
  const memo = new Map<string, Promise<unknown>>();
  const [r] = await runChecks([check], {
    dir, host, env: goEnv, options: { ...DEFAULT_OPTIONS, offline: true }, redactor: new Redactor(),
    workspace: () => discoverWorkspace(host, dir, undefined, { homeDir: null, etcDir: null, goEnvFile: null }),
    memo: <T>(k: string, f: () => Promise<T>) => { if (!memo.has(k)) memo.set(k, f()); return memo.get(k) as Promise<T>; },
    log: () => {},
  });
  return r;
}
