/**
 * Scenario 5: a generated monorepo of 200 modules (go.mod files) and 50 CI and Docker files
 * (GitHub Actions workflows, GitLab CI files, Dockerfiles) that set Go variables. The
 * static analysis (`--offline --only environment,scopes`, and the `scopes` table): time and
 * peak memory.
 */
import * as path from 'node:path';
import type { BenchContext, Scenario, ScenarioResult } from '../context';
import { cliArgs } from '../context';
import { hermeticEnv, writeFiles } from '../env';
import { runMeasured, type RunSpec } from '../measure';
import { round, roundSummary, summarize } from '../stats';

const GOPROXIES = ['https://proxy.golang.org,direct', 'https://goproxy.cn,direct', 'https://goproxy.io|https://proxy.golang.org|direct', 'off', 'https://athens.corp.example/,direct', ''];

/** The files of the monorepo: `mods` go.mod files in nested services, `ci` CI/Docker files. */
export function monorepoFiles(mods: number, ci: number): Record<string, string> {
  const files: Record<string, string> = {};
  files['go.work'] = `go 1.19\n\nuse (\n${Array.from({ length: mods }, (_, i) => `\t./${modDir(i)}\n`).join('')})\n`;
  for (let i = 0; i < mods; i++) {
    const deps = [1, 2, 3].map((k) => `\tgithub.com/corp/lib${(i * 7 + k) % 40} v1.${k}.${i % 9}\n`).join('');
    const priv = i % 5 === 0 ? `\tgit.corp.example/team${i % 7}/internal v0.${i % 4}.0\n` : '';
    files[`${modDir(i)}/go.mod`] = `module github.com/corp/mono/${modDir(i)}\n\ngo 1.19\n\nrequire (\n${deps}${priv})\n`;
    files[`${modDir(i)}/main.go`] = `package main\n\nfunc main() {}\n`;
  }
  for (let i = 0; i < ci; i++) {
    const gp = GOPROXIES[i % GOPROXIES.length];
    switch (i % 3) {
      case 0:
        files[`.github/workflows/ci-${i}.yml`] = `name: ci ${i}\non: [push]\nenv:\n  GOPROXY: "${gp}"\n  GOFLAGS: -mod=mod\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOPRIVATE: git.corp.example\n      GONOSUMDB: git.corp.example/team${i % 7}\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build ./...\n        env:\n          GOSUMDB: ${i % 4 ? 'sum.golang.org' : 'off'}\n`;
        break;
      case 1:
        files[`ci/gitlab/job-${i}.gitlab-ci.yml`] = `variables:\n  GOPROXY: "${gp}"\n  GOPRIVATE: "git.corp.example/*"\nbuild-${i}:\n  image: golang:1.19\n  variables:\n    GONOPROXY: "git.corp.example"\n  script:\n    - go env -w GOFLAGS=-mod=mod\n    - go build ./...\n`;
        break;
      default:
        files[`${modDir(i)}/Dockerfile`] = `FROM golang:1.19 AS build\nENV GOPROXY=${gp || 'direct'} GOPRIVATE=git.corp.example\nARG GOSUMDB=sum.golang.org\nWORKDIR /src\nCOPY . .\nRUN GOFLAGS=-mod=mod go build -o /app ./...\n\nFROM debian:12\nENV GOPROXY=off\nCOPY --from=build /app /app\n`;
    }
  }
  files['.gitlab-ci.yml'] = `include:\n${Array.from({ length: ci }, (_, i) => i).filter((i) => i % 3 === 1).map((i) => `  - local: ci/gitlab/job-${i}.gitlab-ci.yml\n`).join('')}variables:\n  GOPROXY: "https://proxy.golang.org,direct"\n`;
  return files;
}

function modDir(i: number): string {
  return `services/group${Math.floor(i / 20)}/svc${i}`;
}

export const monorepo: Scenario = {
  name: 'monorepo',
  title: 'Large workspace: static analysis',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const ws = path.join(ctx.tmp, 'mono');
    const files = monorepoFiles(200, 49);
    writeFiles(ws, files);
    const goMods = Object.keys(files).filter((f) => f.endsWith('go.mod')).length;
    const ciFiles = Object.keys(files).filter((f) => /\.ya?ml$|Dockerfile$/.test(f)).length;
    const env = hermeticEnv(path.join(ctx.tmp, 'home'), { GOPROXY: 'http://127.0.0.1:1/mirror,off', GOSUMDB: 'off' });
    const diag: RunSpec = { ...cliArgs(ctx, [ws, '--offline', '--only', 'environment,scopes', '--format', 'json']), env, cwd: ws, timeoutMs: 300_000, rss: true, okCodes: [0, 1] };
    const scopes: RunSpec = { ...cliArgs(ctx, ['scopes', ws, '--format', 'json']), env, cwd: ws, timeoutMs: 300_000, rss: true, okCodes: [0, 1] };
    const d: number[] = [], drss: number[] = [], s: number[] = [], srss: number[] = [];
    let findings = 0;
    for (let r = 0; r < ctx.runs; r++) {
      const dr = await runMeasured(diag);
      const report = JSON.parse(dr.stdout) as { results: Array<{ findings: unknown[] }> };
      findings = report.results.reduce((n, x) => n + x.findings.length, 0);
      d.push(dr.seconds);
      if (dr.rssMB) drss.push(dr.rssMB);
      const sr = await runMeasured(scopes);
      JSON.parse(sr.stdout);
      s.push(sr.seconds);
      if (sr.rssMB) srss.push(sr.rssMB);
      ctx.log(`  round ${r + 1}/${ctx.runs}: diagnose --offline ${dr.seconds.toFixed(2)} s ${dr.rssMB?.toFixed(0)} MB, scopes ${sr.seconds.toFixed(2)} s ${sr.rssMB?.toFixed(0)} MB`);
    }
    const ds = summarize(d);
    const dm = summarize(drss);
    return {
      seconds: round(ds.median),
      rssMB: round(dm.median),
      diagnose: { seconds: roundSummary(ds), rssMB: roundSummary(dm), findings },
      scopes: { seconds: roundSummary(summarize(s)), rssMB: roundSummary(summarize(srss)) },
      workspace: { goModFiles: goMods, ciAndDockerFiles: ciFiles, files: Object.keys(files).length },
      command: 'go-proxy-doctor DIR --offline --only environment,scopes --format json',
      targets: { seconds: '< 3', rssMB: '< 300' },
    };
  },
};
