import * as path from 'node:path';
import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { parseGoflags } from '../../parse/goflags';
import { envFindings, originOf } from './env-findings';
import { setFix } from './judgement';

/** GOFLAGS. Mirrors go@1.19.8 src/cmd/go/internal/base/goflags.go:28-136 and modfetch/repo.go:255-262. */
export const goflags: Check = {
  id: 'GPD132',
  slug: 'goflags',
  layer: 'environment',
  title: 'GOFLAGS is accepted by go',
  needs: {},
  timeoutMs: 3000,
  doc: `Checks GOFLAGS as go does (\`go@1.19.8 src/cmd/go/internal/base/goflags.go:28-136\`). It is
split at spaces with no quoting, so a value cannot contain a space. Then:

- every word must look like \`-flag\`, \`--flag\` or \`-flag=value\`, else every command (except
  \`go env\` and \`go bug\`) stops with \`go: parsing $GOFLAGS: non-flag "x"\`;
- the flag must exist in *some* go command, else \`go: parsing $GOFLAGS: unknown flag -x\`;
- a command applies only the flags it defines and ignores the rest; for those it reports
  \`go: invalid boolean value "x" for flag -e (from $GOFLAGS): parse error\` or
  \`go: flag needs an argument: -mod (from $GOFLAGS)\`;
- \`-insecure\` makes \`go get\` fail with
  \`go: -insecure flag is no longer supported; use GOINSECURE instead\`;
- \`-mod=vendor\` in a module without a vendor directory disables every lookup
  (\`module lookup disabled by -mod=vendor\`).

The table of which command defines which flag was taken from go1.19.8 itself and is re-checked
against the real go by the differential tests.`,
  examples: {
    triggers: { description: 'A flag no go command knows', env: { GOFLAGS: '-modcachrw' } },
    passes: { description: 'Flags go knows', env: { GOFLAGS: '-modcacherw -mod=mod' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const findings = envFindings(ctx, 'GPD132', ['GOFLAGS']);
    const value = ctx.env.vars.GOFLAGS?.value ?? '';
    const p = parseGoflags(value);
    const mod = p.words.filter((w) => w.name === 'mod').pop();
    if (!p.error && mod?.value === 'vendor') {
      const ws = await ctx.workspace();
      const roots = ws.goMods.map((m) => path.dirname(m.file));
      for (const root of roots.length ? roots : []) {
        const st = await ctx.host.stat(path.join(root, 'vendor'));
        if (st?.isDirectory) continue;
        const fixed = (value.slice(0, mod.start) + value.slice(mod.end)).replace(/\s+/g, ' ').trim();
        findings.push({
          id: 'GPD132', severity: 'error', variable: 'GOFLAGS',
          message: `GOFLAGS has -mod=vendor, but ${root} has no vendor directory: go builds only from vendor/ and never downloads, so imports fail with "cannot find module providing package ..." and \`go get\` with "module lookup disabled by -mod=vendor". Run \`go mod vendor\` or drop -mod=vendor.`,
          evidence: [`GOFLAGS=${JSON.stringify(value)} (${originOf(ctx, 'GOFLAGS')})`, `no directory ${path.join(root, 'vendor')}`],
          fixes: [setFix('GOFLAGS', fixed, fixed ? `Set GOFLAGS=${fixed}` : 'Unset GOFLAGS'), { title: 'Create the vendor directory', preferred: false, kind: 'command', command: `cd ${JSON.stringify(root)} && go mod vendor` }],
        });
      }
    }
    return { findings };
  },
};
