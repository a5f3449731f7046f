/**
 * Scenario 4: cold start. `go-proxy-doctor explain --offline` (explain never touches the
 * network, it runs `go env -json` once and reads the env files; the flag is accepted for
 * symmetry with diagnose) against `go env -json`; the sizes of the three bundles; the extension's
 * activation time in the real extension host.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { GO } from '../go-binary';
import type { BenchContext, Scenario, ScenarioResult } from '../context';
import { cliArgs } from '../context';
import { hermeticEnv, writeFiles } from '../env';
import { runMeasured, type RunSpec } from '../measure';
import { formatSummary, pairedRatios, round, roundSummary, summarize } from '../stats';

export const ACTIVATION_NOT_MEASURED =
  'not measured yet: the extension-host harness (test/vscode/run-in-code-server.ts) runs whole test sessions in code-server + Chromium and exports no hook to time activate(); no test in test/vscode/suite records the activation duration';

/** What the activation session of the extension-host harness writes (test/vscode/suite/activation). */
interface ActivationSample {
  activateMs: number;
  hostCodeLoadingMs: number | null;
  hostActivateCallMs: number | null;
  hostTotalMs: number | null;
  vscodeVersion: string;
}

/**
 * Cold activations in the real extension host (code-server + headless Chromium): one per
 * host start, since a module activates only once per host. Each start runs the harness's
 * "activation" session, whose workspace activates nothing until the test calls
 * `Extension.activate()`. The harness loads the extension from the repository's dist/.
 */
async function measureActivation(ctx: BenchContext): Promise<ScenarioResult> {
  const harness = path.resolve(__dirname, '..', '..', 'test', 'vscode', 'run-in-code-server.js');
  if (!existsSync(harness)) throw new Error(`${harness} is missing: compile the tests with the benchmark`);
  const runs = ctx.quick ? 2 : Math.max(ctx.runs, 5);
  // The harness finds code-server and Chromium through these; it builds the server's own
  // hermetic environment itself. GPD_TEST_STATS is left out: these are not test results.
  const inherited: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'XDG_CACHE_HOME', 'TMPDIR', 'GPD_CODE_SERVER_DIR', 'GPD_CHROMIUM']) if (process.env[k]) inherited[k] = process.env[k]!;
  const samples: ActivationSample[] = [];
  for (let r = 0; r < runs; r++) {
    const out = path.join(ctx.tmp, `activation-${r}.json`);
    const env = { ...inherited, GPD_VSCODE_SESSIONS: 'activation', GPD_ACTIVATION_OUT: out };
    const res = await runMeasured({ cmd: ctx.node, args: [harness], env, cwd: ctx.tmp, timeoutMs: 300_000, okCodes: [0] });
    if (res.capped || !existsSync(out)) throw new Error(`the activation session gave no timings: ${res.stdout.slice(-2000)}`);
    samples.push(JSON.parse(readFileSync(out, 'utf8')) as ActivationSample);
  }
  const wall = summarize(samples.map((s) => s.activateMs));
  const host = (f: (s: ActivationSample) => number | null) => {
    const xs = samples.map(f);
    return xs.every((x): x is number => typeof x === 'number') ? roundSummary(summarize(xs)) : null;
  };
  // VS Code's own "Activation: N ms" (Running Extensions) is code loading + the activate() call.
  const hostActivation = host((s) => (s.hostCodeLoadingMs === null || s.hostActivateCallMs === null ? null : s.hostCodeLoadingMs + s.hostActivateCallMs));
  ctx.log(`  activation ${formatSummary(wall, ' ms')} (activate() wall time, ${runs} host starts)${hostActivation ? `; host's own: ${formatSummary(hostActivation, ' ms')}` : ''}`);
  return {
    activationMs: round(wall.median),
    activationMsSummary: roundSummary(wall),
    activationHost: {
      activationMs: hostActivation,
      codeLoadingMs: host((s) => s.hostCodeLoadingMs),
      activateCallMs: host((s) => s.hostActivateCallMs),
      willLoadToDidActivateMs: host((s) => s.hostTotalMs),
    },
    activation: `wall time of vscode.extensions.getExtension(id).activate() from cold in the real extension host (the remote host of VS Code ${samples[0]?.vscodeVersion ?? '?'} in code-server, headless Chromium), one activation per host start, ${runs} starts; activationHost: the host's own performance marks (internal), where activationMs = code loading + the activate() call, as VS Code's Running Extensions view shows it`,
  };
}

export const coldStart: Scenario = {
  name: 'cold-start',
  title: 'Cold start and bundle sizes',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const ws = path.join(ctx.tmp, 'ws');
    writeFiles(ws, { 'go.mod': 'module github.com/benchlab/app\n\ngo 1.19\n' });
    const env = hermeticEnv(path.join(ctx.tmp, 'home'), { GOPROXY: 'http://127.0.0.1:1/mirror,off', GOSUMDB: 'off' });
    const explain: RunSpec = { ...cliArgs(ctx, ['explain', '--offline', '--format', 'json']), env, cwd: ws, timeoutMs: 60_000, rss: true, okCodes: [0] };
    const goEnv: RunSpec = { cmd: GO, args: ['env', '-json'], env, cwd: ws, timeoutMs: 60_000, rss: true, okCodes: [0] };
    const version: RunSpec = { ...cliArgs(ctx, ['--version']), env, cwd: ws, timeoutMs: 60_000, okCodes: [0] };
    const bare: RunSpec = { cmd: ctx.node, args: ['-e', '0'], env, cwd: ws, timeoutMs: 60_000, okCodes: [0] };
    // One unmeasured run of each: the files are in the page cache for every measured run.
    JSON.parse((await runMeasured(explain)).stdout);
    await runMeasured(goEnv);
    const runs = Math.max(ctx.runs, ctx.quick ? 3 : 10);
    const e: number[] = [], g: number[] = [], v: number[] = [], n: number[] = [], erss: number[] = [];
    for (let r = 0; r < runs; r++) {
      const er = await runMeasured(explain);
      e.push(er.seconds);
      if (er.rssMB) erss.push(er.rssMB);
      g.push((await runMeasured(goEnv)).seconds);
      v.push((await runMeasured(version)).seconds);
      n.push((await runMeasured(bare)).seconds);
    }
    ctx.log(`  explain ${summarize(e).median.toFixed(3)} s, go env -json ${summarize(g).median.toFixed(3)} s, --version ${summarize(v).median.toFixed(3)} s (${runs} runs)`);
    const kb = (f: string) => {
      const file = path.join(ctx.dist, f);
      return { bytes: statSync(file).size, KB: round(statSync(file).size / 1024), gzipKB: round(gzipSync(readFileSync(file)).length / 1024) };
    };
    const bundles = { 'dist/extension.js': kb('extension.js'), 'dist/worker.js': kb('worker.js'), 'dist/cli.js': kb('cli.js') };
    const activation = await measureActivation(ctx);
    return {
      ...activation,
      extensionBundleKB: bundles['dist/extension.js'].KB,
      ratioVsGoEnv: round(pairedRatios(e, g).median),
      ratios: { explainVsGoEnv: roundSummary(pairedRatios(e, g)) },
      seconds: { explain: roundSummary(summarize(e)), goEnvJson: roundSummary(summarize(g)), cliVersion: roundSummary(summarize(v)), nodeBare: roundSummary(summarize(n)) },
      explainRssMB: erss.length ? roundSummary(summarize(erss)) : null,
      bundles,
      note: 'explain --offline never uses the network (one `go env -json`, env files), so the ratio includes the go env -json it runs itself',
      targets: { activationMs: '< 20', extensionBundleKB: '< 150 (minified)' },
    };
  },
};
