import * as assert from 'node:assert/strict';
import { runChecks, type RunContext } from '../../src/core/engine/run-checks';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { Redactor } from '../../src/core/report/redact';
import { nodeHost } from '../../src/core/host/node-host';
import { gatherEnvironment } from '../../src/core/env/gather';
import { discoverWorkspace } from '../../src/core/sources/discover';
import { scopesChecks } from '../../src/core/checks/scopes/index';
import type { Check, CheckExample } from '../../src/core/model/check';
import { tempTree } from './scopes-helpers';

async function runExample(check: Check, ex: CheckExample) {
  const t = tempTree(ex.files ?? {});
  try {
    const host = nodeHost({ env: { ...(ex.env ?? {}) }, homedir: null, cwd: t.dir });
    const env = await gatherEnvironment(host, { noExec: true });
    const m = new Map<string, Promise<unknown>>();
    const ctx: RunContext = {
      dir: t.dir, host, env, options: { ...DEFAULT_OPTIONS, offline: true }, redactor: new Redactor(),
      workspace: () => discoverWorkspace(host, t.dir, undefined, { homeDir: null, etcDir: null, goEnvFile: null }),
      memo: <T>(k: string, f: () => Promise<T>) => { if (!m.has(k)) m.set(k, f()); return m.get(k) as Promise<T>; },
      log: () => {},
    };
    return (await runChecks([check], ctx))[0];
  } finally {
    t.cleanup();
  }
}

describe('scope checks: their documented examples', () => {
  it('are registered in id order', () => {
    assert.deepEqual(scopesChecks.map((c) => c.id), ['GPD201', 'GPD202', 'GPD203', 'GPD204', 'GPD205', 'GPD206']);
    for (const c of scopesChecks) assert.equal(c.layer, 'scopes');
  });
  for (const check of scopesChecks) {
    it(`${check.id} ${check.slug}: the triggering example fails, the passing one passes`, async () => {
      const bad = await runExample(check, check.examples.triggers);
      assert.ok(bad.status === 'warning' || bad.status === 'error', `${check.id} triggers: ${bad.status} ${bad.reason ?? ''}`);
      assert.ok(bad.findings.every((f) => f.location), 'findings about files carry a location');
      const good = await runExample(check, check.examples.passes);
      assert.equal(good.status, 'ok', good.findings.map((f) => f.message).join('\n'));
    });
  }
});
