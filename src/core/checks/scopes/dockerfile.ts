import * as path from 'node:path';
import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { classifyFile } from '../../sources/classify';
import { insertEdit } from '../../sources/plan-edits';
import { judgeAssignments, problemFindings, sourceOf } from './judge-assignments';
import { displayPath } from './scope-table';

const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

export const dockerfile: Check = {
  id: 'GPD204',
  slug: 'dockerfile',
  layer: 'scopes',
  title: 'Go variables in Dockerfiles',
  needs: {},
  timeoutMs: 10000,
  doc: `Reads Dockerfiles and Containerfiles as BuildKit does (stages, line continuations,
\`ENV k=v\` and \`ENV k v\`, \`ARG\`, \`RUN go env -w\`) and checks every GOPROXY-family value with
the GPD1xx rules at its exact position.

- An \`ARG\` is in the environment of the build's \`RUN\` steps only; a container started from
  the image does not have it. An \`ARG\` before the first \`FROM\` is seen by \`FROM\` lines only,
  unless the stage declares it again.
- A \`RUN go mod download\` (or build, get, install, …) with no GOPROXY in scope uses go's
  default \`${DEFAULT_GOPROXY}\` (\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:315\`; in Go 1.21+
  \`$GOROOT/go.env\`). When your own go uses another proxy — usually because the default is
  unreachable from your network — the build will not reach it either. The repair adds
  \`ENV GOPROXY=…\` in that stage, just before its first \`RUN go …\`.`,
  examples: {
    triggers: { description: 'a GOPROXY keyword in capitals', files: { Dockerfile: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.example.com,DIRECT\nRUN go mod download\n' } },
    passes: { description: 'a valid list', files: { Dockerfile: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.example.com,direct\nRUN go mod download\n' } },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const findings: Finding[] = [
      ...problemFindings('GPD204', ws, ['dockerfile'], (f) => classifyFile(path.basename(f)) === 'dockerfile', ctx.host.homedir),
      ...(await judgeAssignments(ctx, ['dockerfile'])),
    ];
    const stages = (ws.contexts ?? []).filter((c) => c.kind === 'docker-stage');
    const mine = ctx.env.vars.GOPROXY;
    const needsMirror = mine && mine.value && mine.value !== DEFAULT_GOPROXY && mine.source !== 'default';
    const lastStageOf = new Map<string, string>();
    for (const s of stages) if (s.file) lastStageOf.set(s.file, s.name);
    for (const s of stages) {
      const gp = s.values.GOPROXY;
      if (gp && gp.scope.level === 'ARG' && lastStageOf.get(s.file!) === s.name) {
        findings.push({
          id: 'GPD204',
          severity: 'info',
          variable: 'GOPROXY',
          message: `GOPROXY is an ARG in the last stage of ${displayPath(s.file!, ctx.dir, ctx.host.homedir)}: the build's RUN steps use ${JSON.stringify(gp.value)}, but a container started from the image does not have it and its go uses the default.`,
          location: gp.range,
          evidence: [`${s.name}: ARG GOPROXY=${gp.raw}`],
          fixes: [],
        });
      }
      const run = s.commands?.find((c) => !c.local.includes('GOPROXY'));
      if (!run || gp || !needsMirror) continue;
      const fixes: Fix[] = [];
      const src = await sourceOf(ctx, s.file!);
      const stageName = s.name.replace(/^.* stage /, '');
      if (src && !/:\/\/[^/@\s]*@/.test(mine.value)) {
        const edit = insertEdit(src, { kind: 'dockerfile' }, 'GOPROXY', mine.value, { scope: stageName });
        if (edit) fixes.push({ title: `Add ENV GOPROXY=${mine.value} to stage ${stageName}`, preferred: true, kind: 'edit', variable: 'GOPROXY', value: mine.value, edits: [edit] });
      }
      findings.push({
        id: 'GPD204',
        severity: 'warning',
        variable: 'GOPROXY',
        message: `\`RUN ${run.text}\` in ${s.name} has no GOPROXY: it uses go's default ${DEFAULT_GOPROXY}, while your go uses ${JSON.stringify(mine.value)} (from ${mine.source}). If the default is unreachable from where the image is built, the download fails.`,
        location: run.location,
        evidence: [`stage ${stageName}: no ENV or ARG GOPROXY in scope`, `your GOPROXY: ${mine.value} (${mine.source})`],
        fixes,
      });
    }
    return { findings };
  },
};
