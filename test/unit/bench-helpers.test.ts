import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateModules, moduleSizes, seededRandom, workspaceFiles } from '../../bench/lab';
import { runMeasured } from '../../bench/measure';
import { renderTable, tableRows, updateBenchmarksMd, type BenchResults } from '../../bench/report';
import { manualChecklist } from '../../bench/scenarios/full-vs-sequential';
import { monorepoFiles } from '../../bench/scenarios/monorepo';
import { hashZip } from '../../src/core/cache/dirhash';

describe('bench helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gpd-bench-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the same sizes every time, adding up to the asked total', () => {
    const a = moduleSizes(300, 100 << 20, 4096, 3);
    assert.deepEqual(a, moduleSizes(300, 100 << 20, 4096, 3));
    assert.equal(a.length, 300);
    const total = a.reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(total - (100 << 20)) < 300, `total ${total}`);
    assert.ok(Math.max(...a) / Math.min(...a) > 20, 'sizes vary');
    const r = seededRandom(1);
    const xs = [r(), r(), r()];
    assert.ok(xs.every((x) => x >= 0 && x < 1) && new Set(xs).size === 3);
  });

  it('records in go.sum the hash go computes from the served zip', async () => {
    const [m] = generateModules('github.com/benchlab', [5000], 9);
    const zip = path.join(dir, 'm.zip');
    writeFileSync(zip, m.zip);
    const h = await hashZip(zip);
    assert.equal(h.hash, m.zipHash);
    assert.match(m.modHash, /^h1:[A-Za-z0-9+/]{43}=$/);
    const ws = workspaceFiles('github.com/benchlab/app', [m]);
    assert.match(ws.goMod, /^\tgithub\.com\/benchlab\/m000 v1\.0\.0$/m);
    assert.equal(ws.goSum, `github.com/benchlab/m000 v1.0.0 ${m.zipHash}\ngithub.com/benchlab/m000 v1.0.0/go.mod ${m.modHash}\n`);
  });

  it('scripts the manual checklist one step after another, quoting paths', () => {
    const s = manualChecklist({
      fronts: ['https://127.0.0.1:4001', 'https://127.0.0.1:4002'], names: ['p1.lab.test', 'p2.lab.test'], dnsPort: 5353,
      certFile: "/tmp/it's.crt", sumdbName: 'sumdb.lab.test', modules: [{ path: 'github.com/a/b', version: 'v1.0.0' }],
    });
    assert.match(s, /^set -e$/m);
    assert.equal((s.match(/^dig @127\.0\.0\.1 -p 5353 /gm) ?? []).length, 2);
    assert.equal((s.match(/^openssl s_client -connect 127\.0\.0\.1:400[12] /gm) ?? []).length, 2);
    for (const ext of ['info', 'mod', 'zip']) assert.ok(s.includes(`https://127.0.0.1:4001/github.com/a/b/@v/v1.0.0.${ext}`), ext);
    assert.ok(s.includes('/sumdb/sumdb.lab.test/lookup/github.com/a/b@v1.0.0'));
    assert.ok(s.includes(`'/tmp/it'\\''s.crt'`));
  });

  it('builds a monorepo of 200 go.mod files and 50 CI and Docker files', () => {
    const files = monorepoFiles(200, 49);
    assert.equal(Object.keys(files).filter((f) => f.endsWith('/go.mod')).length, 200);
    assert.equal(Object.keys(files).filter((f) => /\.ya?ml$|Dockerfile$/.test(f)).length, 50);
    assert.match(files['.gitlab-ci.yml'], /local: ci\/gitlab\/job-1\.gitlab-ci\.yml/);
  });

  it('measures a whole process: wall time, the cap, a failed exit, peak RSS', async () => {
    const env = { PATH: '/usr/bin:/bin' };
    const sleep = await runMeasured({ cmd: '/bin/sleep', args: ['0.3'], env, cwd: dir, timeoutMs: 10_000, okCodes: [0] });
    assert.ok(sleep.seconds >= 0.29 && sleep.seconds < 5, `${sleep.seconds}`);
    assert.equal(sleep.capped, false);
    const capped = await runMeasured({ cmd: '/bin/sleep', args: ['30'], env, cwd: dir, timeoutMs: 300 });
    assert.equal(capped.capped, true);
    assert.ok(capped.seconds < 5);
    await assert.rejects(runMeasured({ cmd: '/bin/sh', args: ['-c', 'echo boom >&2; exit 3'], env, cwd: dir, timeoutMs: 10_000, okCodes: [0] }), /exited 3: boom/);
    const big = await runMeasured({ cmd: process.execPath, args: ['-e', 'const b = Buffer.alloc(150 * 2 ** 20, 1); console.log(b[5])'], env, cwd: dir, timeoutMs: 30_000, rss: true, okCodes: [0] });
    assert.equal(big.stdout.trim(), '1');
    assert.ok(big.rssMB! > 150 && big.rssMB! < 1000, `rss ${big.rssMB}`);
  });

  it('reports each target as reached or not, and keeps the written text of BENCHMARKS.md', () => {
    const r: BenchResults = {
      generatedAt: '2026-01-01T00:00:00Z', mode: 'full', runsPerMeasurement: 5,
      machine: { cpu: 'cpu', cores: 2, memoryGB: 4, os: 'Linux', node: 'v20', go: 'go1.19.8', commit: 'abc' },
      scenarios: {
        monorepo: { seconds: 3.5, rssMB: 120, diagnose: { seconds: { median: 3.5, min: 3, max: 4, n: 5 }, rssMB: { median: 120, min: 110, max: 130, n: 5 } }, workspace: { goModFiles: 200, ciAndDockerFiles: 50 } },
      },
      broken: { 'stalled-proxy': 'Error: lab down\n  at x' },
    };
    const rows = tableRows(r);
    assert.deepEqual(rows.find((x) => x[3] === '< 3 s')?.[4], '**no**');
    assert.deepEqual(rows.find((x) => x[3] === '< 300')?.[4], 'yes');
    assert.ok(rows.some((x) => x[0] === 'stalled-proxy' && x[2] === 'Error: lab down'));
    const md = path.join(dir, 'BENCHMARKS.md');
    writeFileSync(md, '# Benchmarks\n\nintro\n\n<!-- bench:table:start (written by npm run bench) -->\nold\n<!-- bench:table:end -->\n\n## Notes\nkept\n');
    updateBenchmarksMd(md, r);
    const text = readFileSync(md, 'utf8');
    assert.ok(text.startsWith('# Benchmarks\n\nintro\n'));
    assert.ok(text.endsWith('## Notes\nkept\n'));
    assert.ok(!text.includes('\nold\n'));
    assert.ok(text.includes(renderTable(r)));
  });
});
