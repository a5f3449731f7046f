import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import { versionFromToolchain } from '../../parse/gotoolchain';
import { toolchainAnalysis } from '../../toolchain/toolchain-outcome';
import { compareGo, isLangVersion } from '../../toolchain/gover';
import { releasesFailingOnLanguageVersion } from '../../toolchain/select-toolchain';
import type { ToolchainPicture } from '../../toolchain/toolchain-inputs';
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
  fine, but the first Go 1.21 and 1.22 releases ask for \`go1.N\` and fail (observed with
  go1.21.0, go1.21.8, go1.22.0 and go1.22.1, GOPROXY=off or a proxy answering 404):
  \`go: downloading go1.23 (linux/amd64)\` then
  \`go: download go1.23 for linux/amd64: toolchain not available\`. go1.21.13 and go1.22.6 carry
  the fix (select.go "See golang.org/issue/62278"); go1.21.9-12 and go1.22.2-5 were not observed
  and are counted as failing. When the go in use is one of those and switches, this is an error;
  otherwise a \`go 1.N\` line (N >= 22) is a **warning**: it breaks everyone who builds the module
  with those releases (\`go 1.21\` breaks nobody: every 1.21 release is at least 1.21);
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
    if (o.reportedBy !== 'GPD151' || v.kind !== 'switch' || !v.location) {
      const w = olderReleasesWarning(ctx, a.picture);
      return { findings: w ? [w] : [], data: o };
    }
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

/**
 * A `go 1.N` line (N >= 22) the go in use is fine with, but that breaks the Go 1.21/1.22
 * releases which ask for go1.N (select-toolchain.ts LANG_VERSION_FIXED): a warning for everyone
 * else who builds the module. go 1.20 and older never switch, so they are not warned.
 */
function olderReleasesWarning(ctx: CheckContext, p: ToolchainPicture): Finding | null {
  const file = p.inputs.file;
  const go = file?.go;
  if (!file || !go || p.selection.verdict.kind === 'unsupported' || !isLangVersion(go.version) || compareGo(go.version, '1.21') < 0) return null;
  const failing = releasesFailingOnLanguageVersion(go.version);
  if (failing.length === 0) return null;
  const { goos, goarch } = p.inputs;
  const words = `go: downloading go${go.version} (${goos}/${goarch})\ngo: download go${go.version} for ${goos}/${goarch}: toolchain not available`;
  return {
    id: 'GPD151', severity: 'warning',
    message: `\`go ${go.version}\` in ${file.shortPath} is a language version: ${p.inputs.local.raw} is fine with it, but ${failing.join(' and ')} (with GOTOOLCHAIN=auto, their default) switch to go${go.version}, a toolchain that does not exist, and every go command in this module fails there:\n${words}`,
    location: go.location,
    related: relatedVariables(ctx, ['GOTOOLCHAIN']),
    evidence: [...selectionEvidence(p), 'observed: go1.21.0, go1.21.8, go1.22.0 and go1.22.1 ask for go1.N; go1.21.13, go1.22.6, go1.26.8 and go1.27.3 ask for go1.N.0'],
    fixes: [{ title: `Name the release: go ${go.version}.0`, preferred: true, kind: 'edit', edits: [replaceEdit(go.location, `${go.version}.0`)] }],
  };
}
