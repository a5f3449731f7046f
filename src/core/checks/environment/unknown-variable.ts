import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeValue } from './judge-value';
import { lookAlikeOf } from './look-alike';
import { scopeOf } from './env-findings';
import { deleteLine } from './env-shadowed';
import { goEnvWriteRefusal, setVariableCommand } from '../../env/go-config-vars';
import { parseGoVersion } from '../../env/go-version';
import type { EnvFileEntry } from '../../model/environment';
import type { Location } from '../../model/location';

/**
 * Look-alike variable names go never reads, in the OS environment and in the go/env file, and a
 * GOENV line in the go/env file. Mirrors go@1.19.8 src/cmd/go/internal/cfg/cfg.go (the names go
 * reads; EnvFile takes GOENV from os.Getenv only — the same in go1.26.8 and go1.27.3 cfg.go
 * EnvFile) and envcmd/env.go checkEnvWrite (`go env -w GOENV=…` refused in every release).
 */
export const unknownVariable: Check = {
  id: 'GPD134',
  slug: 'unknown-variable',
  layer: 'environment',
  title: 'No look-alike variables go ignores',
  needs: {},
  timeoutMs: 2000,
  doc: `Finds variables in the OS environment that look like Go settings but that go never reads
(it reads the exact names of \`go@1.19.8 src/cmd/go/internal/cfg/cfg.go\`; on Linux and macOS
names are case-sensitive): \`GO_PROXY\`, \`GOPROXY_URL\`, \`GONOSUMCHECK\` (a pre-release name of
GONOSUMDB), \`GO_PRIVATE\`, lower-case \`goproxy\`/\`goprivate\`, \`GO11MODULE\`, ... The setting
silently has no effect and go uses the real variable or its default. The preferred fix sets the
real name when it is not set already.

The same names written into the go/env file (\`go env GOENV\`) are found at their line. A
\`GOENV=\` line in that file is ignored too: go takes GOENV only from the OS environment
(\`cfg.EnvFile\` reads \`os.Getenv("GOENV")\`, in every release), and \`go env -w GOENV=...\`
is refused with \`go: GOENV can only be set using the OS environment\` — such a line was written
by hand and does nothing. The preferred fix deletes the line; to use another file, set GOENV in
the OS environment.`,
  examples: {
    triggers: { description: 'An underscore go does not expect', env: { GO_PROXY: 'https://goproxy.io,direct' } },
    passes: { description: 'The real name', env: { GOPROXY: 'https://goproxy.io,direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const findings: Finding[] = [];
    const scope = scopeOf(ctx);
    for (const [name, value] of Object.entries(ctx.env.os)) {
      if (value === undefined || !lookAlikeOf(name, ctx.env.platform)) continue;
      for (const j of judgeValue(name, value, scope, ctx.env.platform, { goVersion: ctx.env.go.version })) {
        if (j.id !== 'GPD134') continue;
        findings.push({ id: j.id, severity: j.severity, variable: name, message: j.message, evidence: [...j.evidence, `${name} is set in the OS environment`], fixes: j.fixes });
      }
    }
    const file = ctx.env.envFile.path;
    if (file) {
      const version = parseGoVersion(ctx.env.go.version);
      const at = (e: EnvFileEntry): Location => ({ file, startLine: e.line, startColumn: 1, endLine: e.line, endColumn: 1 + `${e.key}=${e.value.replace(/\r$/, '')}`.length });
      for (const e of ctx.env.envFile.entries) {
        if (e.key === 'GOENV') {
          const refusal = goEnvWriteRefusal('GOENV', version) ?? 'go: GOENV can only be set using the OS environment';
          const fixes: Finding['fixes'] = [{ title: `Delete the GOENV line from ${file}: go never reads it`, preferred: true, kind: 'edit', edits: [deleteLine(file, e.line)] }];
          if (e.value !== '' && e.value !== file) fixes.push({ title: `Use ${e.value} as the go/env file: set GOENV in the OS environment (profile, CI, unit file)`, preferred: false, kind: 'command', command: setVariableCommand('GOENV', e.value, ctx.env.platform, true, version) });
          findings.push({
            id: 'GPD134', severity: 'warning', variable: 'GOENV', location: at(e),
            message: `go ignores the GOENV line in its go/env file ${file}: it takes GOENV only from the OS environment, so it reads ${file}, not ${JSON.stringify(e.value)}. \`go env -w GOENV=...\` is refused ("${refusal}"), so this line was written by hand and does nothing.`,
            evidence: [`${file}:${e.line}: GOENV=${e.value}`, `GOENV go uses: ${ctx.env.vars.GOENV?.value ?? file}`],
            fixes,
          });
          continue;
        }
        if (!lookAlikeOf(e.key, ctx.env.platform)) continue;
        for (const j of judgeValue(e.key, e.value, scope, ctx.env.platform)) {
          if (j.id !== 'GPD134') continue;
          findings.push({ id: j.id, severity: j.severity, variable: e.key, location: at(e), message: j.message, evidence: [...j.evidence, `${file}:${e.line}: ${e.key} is in the go/env file`], fixes: [{ title: `Delete the ${e.key} line from ${file}: go never reads it`, preferred: false, kind: 'edit', edits: [deleteLine(file, e.line)] }, ...j.fixes] });
        }
      }
    }
    return { findings };
  },
};
