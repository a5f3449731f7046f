import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeAssignments, problemFindings } from './judge-assignments';

export const systemd: Check = {
  id: 'GPD205',
  slug: 'systemd',
  layer: 'scopes',
  title: 'Go variables in systemd units',
  needs: {},
  timeoutMs: 10000,
  doc: `Reads systemd units and drop-ins (\`*.service\`, \`*.service.d/*.conf\`): \`Environment=\`
with systemd's quoting (\`systemd.exec(5)\`, \`systemd.syntax(7)\`), \`EnvironmentFile=\` (its
values override \`Environment=\`), \`User=\` and \`DynamicUser=\`. Every GOPROXY-family value is
checked with the GPD1xx rules at its exact position.

A unit does not read your login shell or its rc files, so an \`export GOPROXY=…\` in
\`.bashrc\` never reaches it. Without \`User=\`, systemd sets no HOME for a system service, so
go finds no go/env file (\`os.UserConfigDir\`: "neither $XDG_CONFIG_HOME nor $HOME are
defined", \`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:216-231\`) and your \`go env -w\` settings
do not apply; with \`User=\` it reads that user's file.`,
  examples: {
    triggers: { description: 'GO111MODULE=yes in a unit', files: { 'deploy/app.service': '[Service]\nEnvironment=GO111MODULE=yes\nExecStart=/usr/bin/go run .\n' } },
    passes: { description: 'GO111MODULE=on', files: { 'deploy/app.service': '[Service]\nEnvironment=GO111MODULE=on\nExecStart=/usr/bin/go run .\n' } },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const findings: Finding[] = [
      ...problemFindings('GPD205', ws, ['systemd'], (f) => /\.(service|socket|timer|mount)$|\.service\.d[\\/][^\\/]+\.conf$/.test(f), ctx.host.homedir),
      ...(await judgeAssignments(ctx, ['systemd'])),
    ];
    const goEnvFileValues = ctx.env.envFile.entries.filter((e) => /^(GOPROXY|GONOPROXY|GOPRIVATE|GONOSUMDB|GOSUMDB|GOINSECURE|GOFLAGS)$/.test(e.key));
    for (const u of (ws.contexts ?? []).filter((c) => c.kind === 'systemd-unit')) {
      const noHome = (u.notes ?? []).find((n) => n.startsWith('no User=') || n.startsWith('DynamicUser='));
      const missing = goEnvFileValues.filter((e) => !u.values[e.key]);
      if (noHome && missing.length) {
        findings.push({
          id: 'GPD205',
          severity: 'warning',
          message: `${u.name} does not see your go env -w settings (${missing.map((e) => `${e.key}=${e.value}`).join(', ')}): ${noHome}. Set them with Environment= in the unit.`,
          ...(u.file ? { location: { file: u.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } } : {}),
          evidence: [...(u.notes ?? []), `go/env file: ${ctx.env.envFile.path ?? '(none)'}`],
          fixes: [],
        });
      }
    }
    return { findings };
  },
};
