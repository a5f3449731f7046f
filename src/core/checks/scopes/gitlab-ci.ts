import * as path from 'node:path';
import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeAssignments, problemFindings } from './judge-assignments';

export const gitlabCi: Check = {
  id: 'GPD202',
  slug: 'gitlab-ci',
  layer: 'scopes',
  title: 'Go variables in .gitlab-ci.yml',
  needs: {},
  timeoutMs: 10000,
  doc: `Reads \`.gitlab-ci.yml\` and the files it includes with \`include: local:\` — global and
job \`variables:\` (plain values and the \`{ value:, description: }\` form), \`extends\`,
\`inherit: variables:\`, YAML anchors, aliases and \`<<\` merge keys, \`$VAR\`/\`\${VAR}\`
references — and checks every GOPROXY-family value with the same rules as the environment
(GPD1xx), reported at the exact line and column of the value, with the repair as an edit
of that value only. A YAML syntax error or an alias bomb is reported at its position;
\`variables:\` under \`default:\` is reported because GitLab rejects it.

In CI there is no go/env file from your machine: a job uses its variables, then go's
default (\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:275-290\`).`,
  examples: {
    triggers: { description: 'a GOPROXY keyword in the wrong case', files: { '.gitlab-ci.yml': 'variables:\n  GOPROXY: "https://goproxy.example.com,Direct"\n' } },
    passes: { description: 'a valid GOPROXY list', files: { '.gitlab-ci.yml': 'variables:\n  GOPROXY: "https://goproxy.example.com,direct"\n' } },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const findings: Finding[] = [
      ...problemFindings('GPD202', ws, ['gitlab-ci'], (f) => /\.gitlab-ci\.ya?ml$/.test(path.basename(f)), ctx.host.homedir),
      ...(await judgeAssignments(ctx, ['gitlab-ci'])),
    ];
    return { findings };
  },
};
