import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runChecks, type RunContext } from '../../src/core/engine/run-checks';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { discoverWorkspace, type DiscoverOptions } from '../../src/core/sources/discover';
import { scopesChecks } from '../../src/core/checks/scopes/index';
import type { CheckResult } from '../../src/core/model/result';
import type { Workspace } from '../../src/core/model/workspace';

/** A folder with these files (relative paths), removed by `cleanup`. */
export function tempTree(files: Record<string, string | Buffer>): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-scopes-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the scope checks on `dir` with a hermetic host: the given OS environment, no go
 * binary, home and /etc roots inside the test's folders.
 */
export async function runScopeChecks(dir: string, o: { env?: Record<string, string>; discover?: DiscoverOptions } = {}): Promise<{ results: CheckResult[]; ws: Workspace }> {
  const host = nodeHost({ env: { ...(o.env ?? {}) }, homedir: o.discover?.homeDir ?? null, cwd: dir });
  const env = await gatherEnvironment(host, { noExec: true });
  const discover: DiscoverOptions = { homeDir: null, etcDir: null, goEnvFile: null, ...o.discover };
  const memo = new Map<string, Promise<unknown>>();
  const memoize = <T>(k: string, f: () => Promise<T>): Promise<T> => {
    if (!memo.has(k)) memo.set(k, f());
    return memo.get(k) as Promise<T>;
  };
  const ctx: RunContext = {
    dir, host, env, options: { ...DEFAULT_OPTIONS, offline: true }, redactor: new Redactor(),
    workspace: () => memoize('ws', () => discoverWorkspace(host, dir, undefined, discover)),
    memo: memoize,
    log: () => {},
  };
  const results = await runChecks(scopesChecks, ctx);
  return { results, ws: await ctx.workspace() };
}
