import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeValue } from './judge-value';
import { lookAlikeOf } from './look-alike';
import { scopeOf } from './env-findings';

/** Look-alike variable names go never reads. Mirrors go@1.19.8 src/cmd/go/internal/cfg/cfg.go (the names go reads). */
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
real name when it is not set already.`,
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
    return { findings };
  },
};
