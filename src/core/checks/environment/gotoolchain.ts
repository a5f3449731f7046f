import type { Check, CheckContext, CheckOutput } from '../../model/check';
import { envFindings } from './env-findings';

function goMinor(version: string | null): number | null {
  const m = /^go1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

/** GOTOOLCHAIN (Go 1.21+). Mirrors cmd/go/internal/toolchain/select.go and cmd/go/internal/gover (golang/go after 1.21). */
export const gotoolchain: Check = {
  id: 'GPD133',
  slug: 'gotoolchain',
  layer: 'environment',
  title: 'GOTOOLCHAIN can be honoured',
  needs: {},
  timeoutMs: 2000,
  doc: `GOTOOLCHAIN (Go 1.21+) is \`local\`, \`auto\`, \`path\`, a toolchain name such as \`go1.22.3\`, or a
name followed by \`+auto\`/\`+path\` (\`cmd/go/internal/toolchain/select.go\`; versions per
\`cmd/go/internal/gover\`). This check reports:

- values go rejects at start-up, before doing anything: \`go 1.22\`, \`1.22.3\`, \`go1.22+latest\` →
  \`go: invalid GOTOOLCHAIN "go 1.22"\`, \`... invalid minimum toolchain "..."\`,
  \`... only version suffixes are +auto and +path\`;
- a language version instead of a release: since Go 1.21 releases are named \`go1.22.0\`, so
  \`go1.22\` has no download (\`download go1.22 for linux/amd64: toolchain not available\`);
- switching that cannot download: a toolchain is the module \`golang.org/toolchain\`, fetched
  through GOPROXY and always verified with the checksum database, so \`GOPROXY=off\`, a proxy list
  without a public mirror or \`direct\`, or \`GOSUMDB=off\` break it.

go 1.20 and older ignore GOTOOLCHAIN (and \`go env -w GOTOOLCHAIN=...\` fails there with
\`go: unknown go command variable GOTOOLCHAIN\`); findings are then info.`,
  examples: {
    triggers: { description: 'A space between go and the version', env: { GOTOOLCHAIN: 'go 1.22' } },
    passes: { description: 'Never switch', env: { GOTOOLCHAIN: 'local' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const findings = envFindings(ctx, 'GPD133', ['GOTOOLCHAIN']);
    const minor = goMinor(ctx.env.go.version);
    if (minor !== null && minor < 21) {
      for (const f of findings) {
        f.severity = 'info';
        f.message = `${ctx.env.go.version} ignores GOTOOLCHAIN (it appeared in Go 1.21), so this matters only for newer go: ${f.message}`;
        // That go refuses `go env -w GOTOOLCHAIN=...` ("go: unknown go command variable GOTOOLCHAIN",
        // go@1.19.8 src/cmd/go/internal/envcmd/env.go checkEnvWrite): no set-variable fix for it.
        f.fixes = f.fixes.filter((x) => x.kind !== 'set-variable' || x.variable !== 'GOTOOLCHAIN');
      }
    }
    return { findings };
  },
};
