/**
 * Scenario 3: a module cache populated by the real go from the lab GOPROXY (generated
 * modules of varied sizes), verified by the doctor (`go-proxy-doctor cache --verify`) and by
 * `go mod verify` in a workspace that requires every cached version — the same versions, the
 * same checks (go@1.19.8 src/cmd/go/internal/modcmd/verify.go). Cold page cache (caches
 * dropped before each run, when the kernel lets us) and warm; peak RSS of both.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GO } from '../go-binary';
import type { BenchContext, Scenario, ScenarioResult } from '../context';
import { cliArgs } from '../context';
import { hermeticEnv, writeFiles } from '../env';
import { generateModules, moduleSizes, startModuleLab, workspaceFiles } from '../lab';
import { runMeasured, type RunSpec } from '../measure';
import { pairedRatios, round, roundSummary, summarize } from '../stats';

/** Drops the page cache (root only); false when the kernel does not let us. */
export function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
    return true;
  } catch {
    return false;
  }
}

function duBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
}

export const cacheVerify: Scenario = {
  name: 'cache-verify',
  title: 'Module cache verification',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const count = ctx.quick ? 30 : 320;
    const content = ctx.quick ? 6 * (1 << 20) : 120 * (1 << 20);
    const t0 = Date.now();
    const sizes = moduleSizes(count, content, 4096, 303);
    const mods = generateModules('github.com/benchcache', sizes, 304);
    const lab = await startModuleLab(mods, false);
    try {
      const ws = path.join(ctx.tmp, 'ws');
      const files = workspaceFiles('github.com/benchcache/app', mods);
      writeFiles(ws, { 'go.mod': files.goMod, 'go.sum': files.goSum });
      const home = path.join(ctx.tmp, 'home');
      const env = hermeticEnv(home, { GOPROXY: lab.goproxy.url, GOSUMDB: 'off' });
      const download = await runMeasured({ cmd: GO, args: ['mod', 'download'], env, cwd: ws, timeoutMs: 900_000, okCodes: [0] });
      const modcache = env.GOMODCACHE;
      const cacheBytes = duBytes(modcache);
      ctx.log(`  cache of ${count} versions, ${Math.round(cacheBytes / (1 << 20))} MB populated by go in ${download.seconds.toFixed(1)} s (setup ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      // Both must pass on the intact cache, or they are not doing the same work.
      const doctor: RunSpec = { ...cliArgs(ctx, ['cache', '--verify', '--format', 'json']), env, cwd: ws, timeoutMs: 900_000, rss: true, okCodes: [0] };
      const go: RunSpec = { cmd: GO, args: ['mod', 'verify'], env, cwd: ws, timeoutMs: 900_000, rss: true, okCodes: [0] };
      const first = await runMeasured(doctor);
      const verified = (JSON.parse(first.stdout) as { versions: number }).versions;
      if (verified !== count) throw new Error(`the doctor verified ${verified} versions, expected ${count}`);
      const goOut = await runMeasured(go);
      if (!/all modules verified/.test(goOut.stdout + goOut.stderr)) throw new Error(`go mod verify: ${goOut.stdout}${goOut.stderr}`);
      const measure = async (cold: boolean) => {
        const d: number[] = [], g: number[] = [], drss: number[] = [], grss: number[] = [];
        for (let r = 0; r < ctx.runs; r++) {
          // Alternate who goes first so neither always inherits the other's cache state.
          const order = r % 2 ? (['go', 'doctor'] as const) : (['doctor', 'go'] as const);
          for (const who of order) {
            if (cold && !dropCaches()) return null;
            const res = await runMeasured(who === 'doctor' ? doctor : go);
            (who === 'doctor' ? d : g).push(res.seconds);
            if (res.rssMB) (who === 'doctor' ? drss : grss).push(res.rssMB);
          }
          ctx.log(`  ${cold ? 'cold' : 'warm'} round ${r + 1}/${ctx.runs}: doctor ${d[r].toFixed(2)} s, go mod verify ${g[r].toFixed(2)} s`);
        }
        return {
          ratio: roundSummary(pairedRatios(d, g)),
          seconds: { doctor: roundSummary(summarize(d)), go: roundSummary(summarize(g)) },
          rssMB: { doctor: roundSummary(summarize(drss)), go: roundSummary(summarize(grss)) },
        };
      };
      const warm = await measure(false);
      const cold = await measure(true);
      return {
        ratio: warm!.ratio.median,
        rssMB: Math.max(warm!.rssMB.doctor.median, cold?.rssMB.doctor.median ?? 0),
        ratioCold: cold ? cold.ratio.median : 'not measurable (the page cache cannot be dropped here)',
        warm,
        cold: cold ?? 'not measurable (the page cache cannot be dropped here)',
        cache: { versions: count, megabytes: round(cacheBytes / (1 << 20)), contentMegabytes: round(content / (1 << 20)), moduleKB: { min: round(Math.min(...sizes) / 1024), max: round(Math.max(...sizes) / 1024) }, populatedByGoSeconds: round(download.seconds) },
        targets: { ratio: '≤ 1.0', rssMB: '< 200' },
      };
    } finally {
      await lab.close();
    }
  },
};
