import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeAssignments, problemFindings } from './judge-assignments';

const KINDS = ['envrc', 'dotenv', 'devcontainer', 'shell-rc', 'etc-environment', 'vscode-settings', 'go-env-file', 'compose', 'makefile', 'jenkinsfile'] as const;

export const dotenvDevcontainer: Check = {
  id: 'GPD206',
  slug: 'dotenv-devcontainer',
  layer: 'scopes',
  title: 'Go variables in .envrc, .env, compose files, Makefiles, Jenkinsfiles, devcontainer.json, shell and editor settings',
  needs: {},
  timeoutMs: 10000,
  doc: `Reads \`.envrc\` (direnv), \`.env\` files (docker compose, dotenv loaders),
\`devcontainer.json\` (\`containerEnv\` reaches every process of the container, \`remoteEnv\`
only the editor and its terminals), shell rc files (\`.bashrc\`, \`.profile\`, \`.zshrc\`, …,
\`/etc/environment\`, \`/etc/profile.d/*.sh\`; exports after an interactive-only guard such as
\`[ -z "$PS1" ] && return\` never reach non-interactive shells), docker compose files
(\`compose.yaml\`, \`docker-compose*.yml\`: a service's \`environment:\` in map or list form wins
over its \`env_file:\` files; \`$VAR\` is interpolated by compose, \`$$\` is a literal \`$\`), Makefiles (\`export GOPROXY := …\`, \`GOPROXY ?= …\` — a variable
make does not export reaches go only if it was already in make's environment — and
\`VAR=value go …\` recipe lines), Jenkinsfiles (\`environment { GOPROXY = '…' }\` of the pipeline and
of each stage, which wins in its stage), VS Code
settings (\`go.toolsEnvVars\`, \`terminal.integrated.env.*\`, \`go.goroot\`, in
\`.vscode/settings.json\` and in the \`settings\` of a multi-root \`*.code-workspace\` file), and values of the go/env file that the
OS environment hides (the value go uses is checked by the GPD1xx checks themselves). Every
GOPROXY-family value is checked
with the GPD1xx rules at its exact position, with the repair as an edit of that value.`,
  examples: {
    triggers: { description: 'GOPRIVATE with a scheme in .envrc', files: { '.envrc': 'export GOPRIVATE=https://git.corp.example.com\n' } },
    passes: { description: 'a module path pattern', files: { '.envrc': 'export GOPRIVATE=git.corp.example.com\n' } },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const findings: Finding[] = [
      ...problemFindings('GPD206', ws, KINDS, (f) => /(^|[\\/])(\.envrc|\.env(\.[^\\/]+)?|devcontainer\.json|\.devcontainer\.json|settings\.json|[^\\/]+\.code-workspace|(docker-)?compose(\.[^\\/]+)*\.ya?ml|Makefile|makefile|GNUmakefile|[^\\/]+\.mk|Jenkinsfile(\.[^\\/]+)?|[^\\/]+\.jenkinsfile)$/.test(f), ctx.host.homedir),
      ...(await judgeAssignments(ctx, KINDS)),
    ];
    return { findings };
  },
};
