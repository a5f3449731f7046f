import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { versionFromToolchain } from '../../parse/gotoolchain';
import { toolchainAnalysis } from '../../toolchain/toolchain-outcome';
import { relatedVariables, replaceEdit, selectionEvidence } from './toolchain-common';

/**
 * A go.mod/go.work line that makes go ask for a language version (go1.22) as a toolchain.
 * Mirrors cmd/go/internal/toolchain/select.go (Select, Exec) of go1.26.8 and go1.27.3.
 */
export const toolchainLanguageVersion: Check = {
  id: 'GPD151',
  slug: 'toolchain-language-version',
  layer: 'environment',
  title: 'go.mod names a toolchain release, not a language version',
  needs: {},
  timeoutMs: 20000,
  doc: `Since Go 1.21, \`1.22\` is a *language version* and the first release of it is \`go1.22.0\`;
no toolchain named \`go1.22\` exists (\`cmd/go/internal/gover\`). When go switches toolchains
(GOTOOLCHAIN \`auto\`, \`path\`, \`<name>+auto\`, \`<name>+path\`) to one named by a language version,
it fails (\`cmd/go/internal/toolchain/select.go\` Exec):

- a \`toolchain go1.99\` line newer than the running go: go1.26.8 and go1.27.3 print
  \`go: downloading go1.99 (linux/amd64)\` then
  \`go: invalid toolchain: go1.99 is a language version but not a toolchain version (go1.99.x)\`;
- a \`go 1.N\` line newer than the running go: go1.26.8 and go1.27.3 ask for \`go1.N.0\` and are
  fine, but go 1.21 and 1.22 releases asked for \`go1.N\` and failed with
  \`go: download go1.N for linux/amd64: toolchain not available\` (golang/go#62278, #65580);
- with GOTOOLCHAIN \`path\`: \`go: cannot find "go1.99" in PATH\`.

The finding points at the version in the line; the fix appends \`.0\` (\`toolchain go1.99.0\`,
\`go 1.N.0\`). go 1.20 and older do not switch (see GPD152 for what they say about these lines).`,
  examples: {
    triggers: {
      description: 'go1.26.8 with GOTOOLCHAIN=auto and a toolchain line naming a language version',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.21\n\ntoolchain go1.99\n' },
    },
    passes: {
      description: 'The same with a toolchain release',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'auto' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.21\n\ntoolchain go1.99.0\n' },
    },
  },
  async run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput> {
    const a = await toolchainAnalysis(ctx, signal);
    if (!a) return { findings: [], status: 'skipped', reason: 'the go version is unknown, and toolchain switching depends on it' };
    const { picture: p, outcome: o } = a;
    const v = p.selection.verdict;
    if (o.reportedBy !== 'GPD151' || v.kind !== 'switch' || !v.location) return { findings: [], data: o };
    const file = p.inputs.file!;
    const tv = versionFromToolchain(v.target);
    const line = v.cause === 'toolchain line' ? `toolchain ${file.toolchain!.name}` : `go ${file.go!.version}`;
    const fixed = v.cause === 'toolchain line' ? `${file.toolchain!.name}.0` : `${file.go!.version}.0`;
    const f: Finding = {
      id: 'GPD151', severity: 'error',
      message: `\`${line}\` in ${file.shortPath} makes ${p.inputs.local.raw} switch to ${v.target}, a language version: no such toolchain release exists (the first release of ${tv} is go${tv}.0), so every go command here fails:\n${o.stderr}`,
      location: v.location,
      related: relatedVariables(ctx, ['GOTOOLCHAIN']),
      evidence: selectionEvidence(p),
      fixes: [{ title: `Name the release: ${v.cause === 'toolchain line' ? `toolchain ${fixed}` : `go ${fixed}`}`, preferred: true, kind: 'edit', edits: [replaceEdit(v.location, fixed)] }],
    };
    return { findings: [f], data: o };
  },
};
