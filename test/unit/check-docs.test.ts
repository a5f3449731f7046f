import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { allChecks } from '../../src/core/checks/registry';
import { runChecks } from '../../src/core/engine/run-checks';
import { gatherEnvironment } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import { DEFAULT_OPTIONS } from '../../src/core/model/options';
import { LAYERS } from '../../src/core/model/layers';
import type { Check, CheckExample } from '../../src/core/model/check';
import { Redactor } from '../../src/core/report/redact';
import { discoverWorkspace } from '../../src/core/sources/discover';

/** The repository root (the tests run from <out>/test/unit). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The permanent catalogue (CHECKS.md): an id belongs to one slug forever. */
const CATALOGUE: Record<string, string> = {
  GPD101: 'goproxy-syntax', GPD102: 'goproxy-dead-entries', GPD103: 'goproxy-off', GPD104: 'goproxy-fallback',
  GPD105: 'goproxy-is-http-proxy', GPD106: 'goproxy-plain-http', GPD107: 'goproxy-default-unreachable-region', GPD108: 'goauth',
  GPD111: 'gosumdb-syntax', GPD112: 'gosumdb-off', GPD121: 'pattern-syntax', GPD122: 'private-module-uncovered',
  GPD123: 'pattern-overbroad', GPD124: 'goinsecure-misuse', GPD131: 'go111module', GPD132: 'goflags', GPD133: 'gotoolchain',
  GPD134: 'unknown-variable', GPD141: 'env-shadowed', GPD142: 'go-env-unavailable',
  GPD151: 'toolchain-language-version', GPD152: 'toolchain-local-too-old', GPD153: 'toolchain-download-blocked', GPD154: 'toolchain-checksum-db',
  GPD201: 'scope-divergence', GPD202: 'gitlab-ci', GPD203: 'github-actions', GPD204: 'dockerfile', GPD205: 'systemd', GPD206: 'dotenv-devcontainer',
  GPD301: 'dns-failure', GPD302: 'dns-disagree', GPD303: 'dns-bogus', GPD304: 'dns-slow',
  GPD401: 'tcp-connect', GPD402: 'http-proxy-env', GPD403: 'editor-proxy',
  GPD501: 'tls-unknown-authority', GPD502: 'tls-name-mismatch', GPD503: 'tls-validity', GPD504: 'tls-incomplete-chain', GPD505: 'tls-ca-bundle', GPD506: 'http2', GPD507: 'godebug-tls',
  GPD601: 'proxy-protocol', GPD602: 'chain-walk', GPD603: 'proxy-gatekeeper', GPD604: 'zip-redirect', GPD605: 'proxy-slow', GPD606: 'direct-vcs',
  GPD701: 'mirror-stale', GPD702: 'mirror-divergence', GPD703: 'sumdb-route', GPD704: 'sumdb-verify', GPD705: 'sumdb-private-410',
  GPD801: 'modcache-location', GPD802: 'modcache-leftovers', GPD803: 'modcache-corrupt', GPD804: 'gosum-mismatch',
};

describe('check docs: docs/checks.md and the registry agree', () => {
  const checks = allChecks();

  it('docs/checks.md is what scripts/render-check-docs.mjs renders now', () => {
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'render-check-docs.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer };
      assert.fail(`${err.stderr?.toString() ?? ''}${err.stdout?.toString() ?? ''}`.trim() || String(e));
    }
  });

  it('every registered check has a docs section, a doc and two examples', () => {
    const md = readFileSync(path.join(ROOT, 'docs', 'checks.md'), 'utf8');
    for (const c of checks) {
      assert.ok(md.includes(`\n### ${c.id} ${c.slug}\n`), `docs/checks.md has no section for ${c.id} ${c.slug}`);
      assert.ok(c.doc.trim().length >= 40, `${c.id} has no real doc`);
      assert.ok(c.title.trim(), `${c.id} has no title`);
      for (const k of ['triggers', 'passes'] as const) {
        const ex = c.examples[k];
        assert.ok(ex && ex.description.trim(), `${c.id} has no ${k} example`);
        assert.ok(ex.env || ex.files || ex.lab, `${c.id}'s ${k} example names no env, files or lab scenario`);
      }
    }
  });

  it('ids are permanent: never reused for another slug, unique, in the right layer', () => {
    const ids = new Set<string>();
    const slugs = new Set<string>();
    for (const c of checks) {
      assert.match(c.id, /^GPD[1-8]\d\d$/);
      assert.ok(!ids.has(c.id), `${c.id} registered twice`);
      assert.ok(!slugs.has(c.slug), `slug ${c.slug} registered twice`);
      ids.add(c.id);
      slugs.add(c.slug);
      const layer = LAYERS.find((l) => l.id === c.layer);
      assert.ok(layer, `${c.id}: unknown layer ${c.layer}`);
      assert.equal(Number(c.id[3]), layer!.digit, `${c.id} is in layer ${c.layer}`);
      if (CATALOGUE[c.id]) assert.equal(c.slug, CATALOGUE[c.id], `${c.id} belongs to ${CATALOGUE[c.id]}; a new check needs a new id`);
      const reused = Object.entries(CATALOGUE).find(([id, slug]) => slug === c.slug && id !== c.id);
      assert.ok(!reused, `${c.slug} is catalogued as ${reused?.[0]}, not ${c.id}`);
    }
  });
});

/** Runs one static check on an example, in a temp dir with the example's files and environment. */
async function runExample(check: Check, ex: CheckExample) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gpd-example-'));
  try {
    for (const [rel, text] of Object.entries(ex.files ?? {})) {
      const p = path.join(dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    const env: Record<string, string> = { HOME: dir, XDG_CONFIG_HOME: dir, ...ex.env };
    const host = nodeHost({ env, cwd: dir, homedir: dir, platform: 'linux' });
    const goEnv = await gatherEnvironment(host, { noExec: true, cwd: dir });
    const memo = new Map<string, Promise<unknown>>();
    const [r] = await runChecks([check], {
      dir, host, env: goEnv, options: { ...DEFAULT_OPTIONS, offline: true }, redactor: new Redactor(),
      workspace: () => discoverWorkspace(host, dir, undefined, { homeDir: dir, etcDir: null }),
      memo: <T>(k: string, f: () => Promise<T>) => { if (!memo.has(k)) memo.set(k, f()); return memo.get(k) as Promise<T>; },
      log: () => {},
    });
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('check docs: each static check behaves as its examples say', () => {
  for (const c of allChecks()) {
    if (c.needs.network || c.needs.exec) continue;
    const { triggers, passes } = c.examples;
    if (triggers.env || triggers.files) {
      it(`${c.id} ${c.slug}: triggers — ${triggers.description}`, async () => {
        const r = await runExample(c, triggers);
        assert.notEqual(r.status, 'crashed', r.reason);
        // Scope checks apply the 1xx rules at each place a value is written and report them
        // under the rule's id, at that place.
        const hit = r.findings.some((f) => f.id === c.id || (c.layer === 'scopes' && f.location !== undefined && f.severity !== 'info'));
        assert.ok(hit, `no ${c.id} finding (status ${r.status}${r.reason ? `: ${r.reason}` : ''}; findings: ${r.findings.map((f) => `${f.id} ${f.severity}`).join(', ') || 'none'})`);
      });
    }
    if (passes.env || passes.files) {
      it(`${c.id} ${c.slug}: passes — ${passes.description}`, async () => {
        const r = await runExample(c, passes);
        assert.notEqual(r.status, 'crashed', r.reason);
        const bad = r.findings.filter((f) => f.id === c.id || (c.layer === 'scopes' && f.location !== undefined && f.severity !== 'info'));
        assert.deepEqual(bad.map((f) => `${f.id}: ${f.message}`), []);
      });
    }
  }
});
