import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { deleteLineEdit } from '../cache/cache-common';
import { toolchainAnalysis } from '../../toolchain/toolchain-outcome';
import { relatedVariables, replaceEdit, selectionEvidence } from './toolchain-common';

/**
 * The go that runs is older than go.mod/go.work asks for, and will not switch.
 * Mirrors cmd/go/internal/toolchain/select.go Select and cmd/go/internal/gover/toolchain.go
 * TooNewError (go1.26.8, go1.27.3); for go1.19.8 go@1.19.8
 * src/cmd/vendor/golang.org/x/mod/modfile/rule.go:299,340,359.
 */
export const toolchainLocalTooOld: Check = {
  id: 'GPD152',
  slug: 'toolchain-local-too-old',
  layer: 'environment',
  title: 'The go that runs can build this module',
  needs: {},
  timeoutMs: 20000,
  doc: `The \`go\` line of go.mod (or go.work) is the minimum Go release the module needs. Go 1.21+
switches to a newer toolchain only when GOTOOLCHAIN allows it (\`auto\`, \`path\`, \`+auto\`, \`+path\`);
with \`local\` (the default of go1.26.8's \`$GOROOT/go.env\` on this machine, and of many Linux
packages), a plain name such as \`go1.26.8\`, or an empty GOTOOLCHAIN, every module command stops
(\`cmd/go/internal/gover/toolchain.go\` TooNewError):

    go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)

The finding points at the \`go\` line and names where GOTOOLCHAIN is set (OS environment, the
go/env file, \`$GOROOT/go.env\`); the fix lets go switch (\`GOTOOLCHAIN=auto\`, or \`<name>+auto\`),
which downloads the toolchain (see GPD153, GPD154) — or install that Go. A \`toolchain default\` line
overrides \`+auto\`/\`+path\` (go keeps the configured minimum, and says
\`...; go.mod sets toolchain default)\`): the fix then removes that line.

Go 1.20 and older never switch, and cannot even read the Go 1.21 go.mod syntax: go1.19.8 stops with
\`go: errors parsing go.mod:\` followed by \`<file>:<line>: invalid go version '1.22.0': must match
format 1.23\` for a go line with a patch release, or \`<file>:<line>: unknown directive: toolchain\`.
Those lines are reported too, with the edit that makes that go read the file (\`go 1.22\`, no
toolchain line) — not preferred, since newer go then loses the exact minimum.`,
  examples: {
    triggers: {
      description: 'go1.26.8 with GOTOOLCHAIN=local and a go.mod for a newer Go',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'local' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.99.0\n' },
    },
    passes: {
      description: 'A go.mod the local go satisfies',
      env: { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'local' },
      files: { 'go.mod': 'module example.com/m\n\ngo 1.22.0\n' },
    },
  },
  async run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutput> {
    const a = await toolchainAnalysis(ctx, signal);
    const p = a?.picture;
    if (!a || !p) return { findings: [], status: 'skipped', reason: 'the go version is unknown, and whether it is new enough depends on it' };
    const v = p.selection.verdict;
    const findings: Finding[] = [];
    if (v.kind === 'local' && v.tooNew && v.tooNewLocation) {
      const gt = p.inputs.gotoolchain.value;
      const allow = gt === '' || gt === 'local' ? 'auto' : gt.includes('+') ? null : `${gt}+auto`;
      const file = p.inputs.file!;
      const fixes: Fix[] = [];
      if (file.toolchain?.name === 'default' && p.selection.mode !== '') {
        // `toolchain default` overrides +auto/+path: go keeps the configured minimum (select.go).
        fixes.push({ title: `Remove \`toolchain default\` from ${file.shortPath} so that go switches to the release its go line asks for`, preferred: true, kind: 'edit', edits: [deleteLineEdit(file.toolchain.location)] });
      } else if (allow) {
        fixes.push({ title: `Let go switch to the Go release ${file.shortPath} asks for: GOTOOLCHAIN=${allow}`, preferred: true, kind: 'set-variable', variable: 'GOTOOLCHAIN', value: allow });
      }
      findings.push({
        id: 'GPD152', severity: 'error',
        message: `${p.inputs.local.raw} runs here (GOTOOLCHAIN=${gt || '""'} from ${p.inputs.gotoolchain.origin} does not let it switch) and stops every module command:\n${v.tooNew}`,
        location: v.tooNewLocation,
        related: relatedVariables(ctx, ['GOTOOLCHAIN']),
        evidence: selectionEvidence(p),
        fixes,
      });
    }
    if (v.kind === 'unsupported') {
      for (const e of v.fileErrors) {
        const file = p.inputs.file!;
        const isGo = file.go && e.location === file.go.location;
        const lang = isGo ? /^(\d+\.\d+)/.exec(file.go!.version)?.[1] : undefined;
        const fixes: Fix[] = isGo
          ? (lang ? [{ title: `Write the language version ${lang}, which ${p.inputs.local.raw} reads`, preferred: false, kind: 'edit', edits: [replaceEdit(e.location, lang)] }] : [])
          : [{ title: `Remove the toolchain line, which ${p.inputs.local.raw} does not know`, preferred: false, kind: 'edit', edits: [deleteLineEdit(e.location)] }];
        findings.push({
          id: 'GPD152', severity: 'error',
          message: `${p.inputs.local.raw} predates the Go 1.21 go.mod syntax and refuses the whole file (install Go 1.21 or newer, or write the file as ${p.inputs.local.raw} reads it):\n${a.outcome.stderr}`,
          location: e.location,
          evidence: selectionEvidence(p),
          fixes,
        });
      }
    }
    return { findings, data: a.outcome };
  },
};
