/**
 * The benchmark: five scenarios on the loopback lab (nothing else on the network), each
 * command measured as a whole process, medians of repeated runs, every comparison a ratio
 * taken side by side in the same run.
 *
 *   node out/bench/run.js [--quick] [--only NAME,...] [--runs N]
 *
 * Full mode writes bench/results.json and the table of BENCHMARKS.md. Quick mode (CI) uses
 * small inputs and few runs to prove every scenario works, without judging the numbers; it
 * writes its results next to this script. With $GPD_TEST_STATS set, one line
 * {"suite":"bench","passed","failed","pending"} is appended to that file.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, Scenario } from './context';
import { REPO, snapshotDist, tempDir } from './env';
import { GO } from './go-binary';
import { canMeasureRss } from './measure';
import { renderTable, updateBenchmarksMd, writeResults, type BenchResults } from './report';
import { fullVsSequential } from './scenarios/full-vs-sequential';
import { stalledProxy } from './scenarios/stalled-proxy';
import { cacheVerify } from './scenarios/cache-verify';
import { coldStart } from './scenarios/cold-start';
import { monorepo } from './scenarios/monorepo';

export const SCENARIOS: Scenario[] = [fullVsSequential, stalledProxy, cacheVerify, coldStart, monorepo];

function text(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: '/usr/bin:/bin', HOME: os.tmpdir(), GOTOOLCHAIN: 'local', GIT_OPTIONAL_LOCKS: '0' } }).toString().trim();
  } catch {
    return 'unknown';
  }
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    go: text(GO, ['version']),
    commit: text('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']) + (text('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no']) ? ' + uncommitted changes' : ''),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, runs: { type: 'string' } },
    strict: true,
  });
  const quick = Boolean(values.quick);
  const runs = values.runs ? Number(values.runs) : quick ? 3 : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, got ${values.runs}`);
  const only = values.only ? values.only.split(',') : [];
  const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} (one of ${SCENARIOS.map((s) => s.name).join(', ')})`);
  if (!canMeasureRss()) throw new Error('/usr/bin/time is missing (Debian package time): peak RSS cannot be measured');
  const chosen = SCENARIOS.filter((s) => !only.length || only.includes(s.name));
  const root = tempDir('run');
  const dist = snapshotDist(root);
  const results: BenchResults = {
    generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', runsPerMeasurement: runs,
    machine: machine(), scenarios: {}, broken: {},
  };
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;
  try {
    for (const s of chosen) {
      const tmp = tempDir(s.name);
      const ctx: BenchContext = { quick, runs, node: process.execPath, cli: path.join(dist, 'cli.js'), dist, tmp, log: (l) => console.log(l) };
      const ts = Date.now();
      console.log(`=== ${s.name}: ${s.title}`);
      try {
        results.scenarios[s.name] = await s.run(ctx);
        passed++;
        console.log(`=== ${s.name} done (${((Date.now() - ts) / 1000).toFixed(0)} s)`);
      } catch (e) {
        failed++;
        results.broken[s.name] = (e as Error).stack ?? String(e);
        console.log(`=== ${s.name} BROKE (${((Date.now() - ts) / 1000).toFixed(0)} s): ${(e as Error).stack ?? e}`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n${renderTable(results)}\n`);
  const partial = chosen.length !== SCENARIOS.length;
  if (quick || partial) {
    const file = path.join(__dirname, quick ? 'results.quick.json' : 'results.partial.json');
    writeResults(file, results);
    console.log(`results written to ${path.relative(REPO, file)} (bench/results.json is written by a full run of every scenario)`);
  } else {
    writeResults(path.join(REPO, 'bench', 'results.json'), results);
    updateBenchmarksMd(path.join(REPO, 'BENCHMARKS.md'), results);
    console.log('results written to bench/results.json and BENCHMARKS.md');
  }
  console.log(`${passed} scenarios completed, ${failed} broke, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (process.env.GPD_TEST_STATS) {
    appendFileSync(process.env.GPD_TEST_STATS, JSON.stringify({ suite: 'bench', passed, failed, pending: 0 }) + '\n');
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench: ${(e as Error).message}`);
    if (process.env.GPD_TEST_STATS) appendFileSync(process.env.GPD_TEST_STATS, JSON.stringify({ suite: 'bench', passed: 0, failed: 1, pending: 0 }) + '\n');
    process.exit(1);
  },
);
