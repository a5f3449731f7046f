/**
 * Scenario 1: a workspace requiring 10 modules, GOPROXY of 3 entries (HTTPS) that each hold
 * every response 300 ms, the checksum database reached through them. The doctor's whole
 * diagnosis against (a) the same engine running the checks one after another
 * (`--sequential`), (b) the manual checklist (dig, openssl s_client, curl) scripted in
 * sequence, and (c) the slowest single probe chain: one module walked through the GOPROXY
 * chain as go walks it (`go-proxy-doctor resolve`). Runs are interleaved round by round.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchContext, Scenario, ScenarioResult } from '../context';
import { cliArgs } from '../context';
import { hermeticEnv, writeFiles } from '../env';
import { generateModules, startDelayFront, startModuleLab, workspaceFiles, type DelayFront } from '../lab';
import { runMeasured, type RunSpec } from '../measure';
import { pairedRatios, round, roundSummary, summarize } from '../stats';
import { makeSelfSignedCert, LAB_HOST } from '../../test/lab/chain-harness';
import { LabDnsServer } from '../../test/lab/dns-server';

/** The manual checklist as a shell script: every step waits for the previous one. */
export function manualChecklist(o: { fronts: string[]; names: string[]; dnsPort: number; certFile: string; sumdbName: string; modules: Array<{ path: string; version: string }> }): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const curl = (url: string) => `curl -sS --fail-with-body --max-time 30 --cacert ${q(o.certFile)} -o /dev/null -w '%{http_code} %{url_effective}\\n' ${q(url)}`;
  const lines = ['#!/bin/bash', 'set -e', '# For each GOPROXY entry: name lookup, TLS handshake, root and checksum-database support.'];
  o.fronts.forEach((u, i) => {
    const port = new URL(u).port;
    lines.push(`dig @127.0.0.1 -p ${o.dnsPort} +short +tries=1 +time=5 ${o.names[i]} A`);
    lines.push(`openssl s_client -connect 127.0.0.1:${port} -servername ${LAB_HOST} -CAfile ${q(o.certFile)} -verify_return_error -brief </dev/null >/dev/null 2>&1`);
    lines.push(curl(`${u}/`).replace('--fail-with-body ', ''));
    lines.push(curl(`${u}/sumdb/${o.sumdbName}/supported`));
  });
  lines.push('# Each module as go fetches it: .info, .mod, .zip from the first entry.');
  for (const m of o.modules) for (const ext of ['info', 'mod', 'zip']) lines.push(curl(`${o.fronts[0]}/${m.path}/@v/${m.version}.${ext}`));
  lines.push('# The checksum database through the first entry: tree head, then each record.');
  lines.push(curl(`${o.fronts[0]}/sumdb/${o.sumdbName}/latest`));
  for (const m of o.modules) lines.push(curl(`${o.fronts[0]}/sumdb/${o.sumdbName}/lookup/${m.path}@${m.version}`));
  return lines.join('\n') + '\n';
}

export const fullVsSequential: Scenario = {
  name: 'full-vs-sequential',
  title: 'Full diagnosis vs sequential probing and the manual checklist',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const moduleCount = ctx.quick ? 4 : 10;
    const delayMs = ctx.quick ? 50 : 300;
    const mods = generateModules('github.com/benchlab', Array.from({ length: moduleCount }, (_, i) => 2000 + 500 * i), 101);
    const lab = await startModuleLab(mods, true);
    const tls = makeSelfSignedCert(ctx.tmp);
    const fronts: DelayFront[] = [];
    const dns = new LabDnsServer();
    try {
      for (let i = 0; i < 3; i++) fronts.push(await startDelayFront({ goproxy: lab.goproxy.url, sumdb: lab.sumdb!.url, delayMs, tls }));
      const names = fronts.map((_, i) => `proxy${i + 1}.lab.test`);
      for (const n of names) dns.set(n, { a: ['127.0.0.1'] });
      await dns.start();
      const ws = path.join(ctx.tmp, 'ws');
      const files = workspaceFiles('github.com/benchlab/app', mods);
      writeFiles(ws, { 'go.mod': files.goMod, 'go.sum': files.goSum, 'main.go': 'package main\n\nfunc main() {}\n' });
      const env = hermeticEnv(path.join(ctx.tmp, 'home'), {
        GOPROXY: fronts.map((f) => f.url).join(','),
        GOSUMDB: lab.sumdb!.vkey,
        SSL_CERT_FILE: tls.certFile,
      });
      const script = path.join(ctx.tmp, 'manual-checklist.sh');
      writeFileSync(script, manualChecklist({ fronts: fronts.map((f) => f.url), names, dnsPort: dns.port, certFile: tls.certFile, sumdbName: lab.sumdb!.name, modules: mods }), { mode: 0o755 });
      const cap = 300_000;
      const doctor: RunSpec = { ...cliArgs(ctx, [ws, '--format', 'json']), env, cwd: ws, timeoutMs: cap, rss: true, okCodes: [0, 1] };
      const sequential: RunSpec = { ...doctor, args: [...doctor.args, '--sequential'] };
      const manual: RunSpec = { cmd: '/bin/bash', args: [script], env, cwd: ws, timeoutMs: cap, okCodes: [0] };
      const chain: RunSpec = { ...cliArgs(ctx, ['resolve', `${mods[0].path}@${mods[0].version}`, '--format', 'json']), env, cwd: ws, timeoutMs: cap, okCodes: [0] };
      const t = { doctor: [] as number[], sequential: [] as number[], manual: [] as number[], chain: [] as number[], rss: [] as number[] };
      let verdict: Record<string, number> = {};
      let slowest: Array<{ id: string; ms: number }> = [];
      let problems: string[] = [];
      const requestsPerRun: number[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const before = fronts.reduce((n, f) => n + f.requests.length, 0);
        const d = await runMeasured(doctor);
        requestsPerRun.push(fronts.reduce((n, f) => n + f.requests.length, 0) - before);
        if (d.capped) throw new Error('the doctor did not finish within the cap');
        const report = JSON.parse(d.stdout) as { results: Array<{ id: string; status: string; durationMs?: number; findings: Array<{ severity: string; message: string }> }> };
        problems = report.results.flatMap((x) => x.findings.filter((f) => f.severity !== 'info').map((f) => `${x.id} ${f.severity}: ${f.message.slice(0, 160)}`));
        verdict = {};
        for (const x of report.results) verdict[x.status] = (verdict[x.status] ?? 0) + 1;
        slowest = report.results.map((x) => ({ id: x.id, ms: x.durationMs ?? 0 })).sort((a, b) => b.ms - a.ms).slice(0, 5);
        t.doctor.push(d.seconds);
        if (d.rssMB) t.rss.push(d.rssMB);
        t.sequential.push((await runMeasured(sequential)).seconds);
        t.manual.push((await runMeasured(manual)).seconds);
        t.chain.push((await runMeasured(chain)).seconds);
        ctx.log(`  round ${r + 1}/${ctx.runs}: doctor ${t.doctor[r].toFixed(2)} s, sequential ${t.sequential[r].toFixed(2)} s, manual ${t.manual[r].toFixed(2)} s, one chain ${t.chain[r].toFixed(2)} s`);
      }
      const ratio = pairedRatios(t.doctor, t.sequential);
      const ratioVsManual = pairedRatios(t.doctor, t.manual);
      const ratioVsSlowestChain = pairedRatios(t.doctor, t.chain);
      return {
        ratio: round(ratio.median),
        ratioVsManual: round(ratioVsManual.median),
        ratioVsSlowestChain: round(ratioVsSlowestChain.median),
        ratios: { vsSequential: roundSummary(ratio), vsManual: roundSummary(ratioVsManual), vsSlowestChain: roundSummary(ratioVsSlowestChain) },
        seconds: {
          doctor: roundSummary(summarize(t.doctor)),
          sequential: roundSummary(summarize(t.sequential)),
          manual: roundSummary(summarize(t.manual)),
          slowestChain: roundSummary(summarize(t.chain)),
        },
        doctorRssMB: t.rss.length ? roundSummary(summarize(t.rss)) : null,
        setup: {
          modules: moduleCount, goproxyEntries: 3, delayMsPerResponse: delayMs, scheme: 'https', sumdb: 'through the GOPROXY entries',
          manualSteps: 'per entry: dig (lab DNS), openssl s_client, curl / and /sumdb/<name>/supported; per module: curl .info .mod .zip from entry 1; curl /latest and one /lookup per module',
          slowestChain: `go-proxy-doctor resolve ${mods[0].path}@${mods[0].version} (.info, .mod, .zip through the chain)`,
        },
        doctorRequestsPerRun: requestsPerRun[requestsPerRun.length - 1],
        doctorStatuses: verdict,
        doctorWarningsAndErrors: problems.slice(0, 12),
        doctorSlowestChecks: slowest,
        targets: { ratio: '≤ 0.25', ratioVsSlowestChain: '≤ 1.3' },
      };
    } finally {
      await dns.stop();
      for (const f of fronts) await f.close();
      await lab.close();
    }
  },
};
