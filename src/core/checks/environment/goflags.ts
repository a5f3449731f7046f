import * as path from 'node:path';
import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { parseGoflags } from '../../parse/goflags';
import { envFindings, originOf } from './env-findings';
import { setFix } from './judgement';

/** GOFLAGS, by the rules of the go that will run. Mirrors src/cmd/go/internal/base/goflags.go (go@1.19.8 :28-136, go@1.26.8 :29-145). */
export const goflags: Check = {
  id: 'GPD132',
  slug: 'goflags',
  layer: 'environment',
  title: 'GOFLAGS is accepted by go',
  needs: {},
  timeoutMs: 3000,
  doc: `Checks GOFLAGS as the go that will run does (\`src/cmd/go/internal/base/goflags.go\`; the
rules of the newest release when its version is unknown). go1.19 splits it at spaces with no
quoting; newer releases (go1.26, go1.27) also take a word in single or double quotes
(\`'-ldflags=-s -w'\`; an unclosed quote stops every command with
\`go: parsing $GOFLAGS: unterminated ' string\`), but a quote inside a word is kept. Then:

- every word must look like \`-flag\`, \`--flag\` or \`-flag=value\`, else every command (except
  \`go env\` and \`go bug\`) stops with \`go: parsing $GOFLAGS: non-flag "x"\`;
- the flag must exist in *some* go command of that release, else
  \`go: parsing $GOFLAGS: unknown flag -x\` (the \`-test.*\` names of \`go test\`, such as
  \`--test.benchtime=1s\`, exist);
- a command applies only the flags it defines and ignores the rest; for those it reports
  \`go: invalid boolean value "x" for flag -e (from $GOFLAGS): parse error\` or
  \`go: flag needs an argument: -mod (from $GOFLAGS)\`;
- \`-insecure\` makes \`go get\` fail with
  \`go: -insecure flag is no longer supported; use GOINSECURE instead\`;
- \`-mod=vendor\` in a module without a vendor directory disables every lookup
  (\`module lookup disabled by -mod=vendor\`);
- \`-modfile=F\` or \`-overlay=F\` naming a file that does not exist: every module command stops
  (\`go: open F: no such file or directory\`, \`go: reading overlay file: open F: ...\`).

The tables of which command defines which flag are generated from the go1.19.8, go1.26.8 and
go1.27.3 binaries themselves (\`scripts/goflags-table.mjs\`) and re-checked against them by the
differential tests; other releases are judged by the nearest older table.`,
  examples: {
    triggers: { description: 'A flag no go command knows', env: { GOFLAGS: '-modcachrw' } },
    passes: { description: 'Flags go knows', env: { GOFLAGS: '-modcacherw -mod=mod' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const findings = envFindings(ctx, 'GPD132', ['GOFLAGS']);
    const value = ctx.env.vars.GOFLAGS?.value ?? '';
    const p = parseGoflags(value, ctx.env.go.version);
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
    // -modfile=F and -overlay=F must name existing files (relative to where go runs): every
    // module command fails otherwise (modload/init.go, fsys.Init).
    if (!p.error) {
      for (const w of p.words) {
        if ((w.name !== 'modfile' && w.name !== 'overlay') || !w.value) continue;
        const file = path.isAbsolute(w.value) ? w.value : path.join(ctx.dir, w.value);
        if ((await ctx.host.stat(file))?.isFile) continue;
        const said = w.name === 'overlay' ? `go: reading overlay file: open ${w.value}: no such file or directory` : `go: open ${w.value}: no such file or directory`;
        const fixed = (value.slice(0, w.start) + value.slice(w.end)).replace(/\s+/g, ' ').trim();
        findings.push({
          id: 'GPD132', severity: 'error', variable: 'GOFLAGS',
          message: `GOFLAGS has ${w.raw}, but ${file} does not exist: go commands run here stop with "${said}".`,
          evidence: [`GOFLAGS=${JSON.stringify(value)} (${originOf(ctx, 'GOFLAGS')})`, `no file ${file}`],
          fixes: [setFix('GOFLAGS', fixed, fixed ? `Set GOFLAGS=${fixed}` : 'Unset GOFLAGS')],
        });
      }
    }
    return { findings };
  },
};
