/**
 * Scenario 2: the only GOPROXY entry accepts the connection and never answers (the lab
 * GOPROXY's `stall`). The doctor's time to a verdict against `go mod download`, which has no
 * overall timeout (go@1.19.8 src/cmd/go/internal/web/http.go: the client sets none) and is
 * killed at the cap.
 */
import * as path from 'node:path';
import { GO } from '../go-binary';
import type { BenchContext, Scenario, ScenarioResult } from '../context';
import { cliArgs } from '../context';
import { hermeticEnv, writeFiles } from '../env';
import { generateModules, startModuleLab, workspaceFiles } from '../lab';
import { runMeasured, type RunSpec } from '../measure';
import { pairedRatios, round, roundSummary, summarize } from '../stats';

export const stalledProxy: Scenario = {
  name: 'stalled-proxy',
  title: 'Stalled proxy: time to a verdict',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const capSeconds = ctx.quick ? 4 : 60;
    const timeoutMs = ctx.quick ? 1500 : 5000;
    const mods = generateModules('github.com/benchlab', [1000], 202);
    const lab = await startModuleLab(mods, false);
    try {
      const ws = path.join(ctx.tmp, 'ws');
      const files = workspaceFiles('github.com/benchlab/app', mods);
      writeFiles(ws, { 'go.mod': files.goMod, 'go.sum': files.goSum, 'main.go': 'package main\n\nfunc main() {}\n' });
      const home = path.join(ctx.tmp, 'home');
      const env = hermeticEnv(home, { GOPROXY: `${lab.goproxy.url}/stall`, GOSUMDB: 'off' });
      const doctor: RunSpec = { ...cliArgs(ctx, [ws, '--format', 'json', '--timeout', String(timeoutMs)]), env, cwd: ws, timeoutMs: 120_000, okCodes: [0, 1] };
      const go: RunSpec = { cmd: GO, args: ['mod', 'download'], env, cwd: ws, timeoutMs: capSeconds * 1000 };
      const d: number[] = [];
      const g: number[] = [];
      let goCapped = 0;
      let verdict: string[] = [];
      let slowest: Array<{ id: string; ms: number }> = [];
      const verdictMs: number[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const dr = await runMeasured(doctor);
        const report = JSON.parse(dr.stdout) as { results: Array<{ id: string; status: string; durationMs?: number; findings: Array<{ severity: string; message: string }> }> };
        slowest = report.results.map((x) => ({ id: x.id, ms: x.durationMs ?? 0 })).sort((a, b) => b.ms - a.ms).slice(0, 5);
        const errors = report.results.filter((x) => x.findings.some((f) => f.severity === 'error'));
        verdict = errors.map((x) => x.id);
        if (errors.length) verdictMs.push(Math.min(...errors.map((x) => x.durationMs ?? Infinity)));
        if (!verdict.length) throw new Error('the doctor reported no error for a stalled GOPROXY');
        d.push(dr.seconds);
        const gr = await runMeasured(go);
        if (gr.capped) goCapped++;
        g.push(gr.seconds);
        ctx.log(`  round ${r + 1}/${ctx.runs}: doctor ${dr.seconds.toFixed(2)} s, go ${gr.seconds.toFixed(2)} s${gr.capped ? ' (killed at the cap)' : ''}`);
      }
      const ds = summarize(d);
      const gs = summarize(g);
      return {
        doctorSeconds: round(ds.median),
        goSeconds: round(gs.median),
        goCapped: goCapped === ctx.runs ? `killed at the ${capSeconds} s cap in every run` : `${goCapped}/${ctx.runs} runs killed at the cap`,
        capSeconds,
        configuredTimeoutMs: timeoutMs,
        withinTimeout: ds.median * 1000 <= timeoutMs,
        ratio: round(pairedRatios(d, g).median),
        firstErrorCheckMs: roundSummary(summarize(verdictMs)),
        firstErrorCheckNote: 'duration of the fastest check that reported the error, inside the process (the process exits when every check has ended)',
        seconds: { doctor: roundSummary(ds), go: roundSummary(gs) },
        doctorErrorChecks: verdict,
        doctorSlowestChecks: slowest,
        targets: { doctorSeconds: `a verdict within the configured timeout (${timeoutMs} ms)` },
      };
    } finally {
      await lab.close();
    }
  },
};
