/** What the toolchain checks (GPD151-GPD154) share: the selection picture and how to show it. */
import type { CheckContext } from '../../model/check';
import type { Location, TextEdit } from '../../model/location';
import type { Finding } from '../../model/result';
import type { SourcedValue, ToolchainSelection } from '../../toolchain/select-toolchain';
import { toolchainPicture, variableSource, type ToolchainPicture } from '../../toolchain/toolchain-inputs';

export { toolchainPicture, variableSource, type ToolchainPicture };

/** Skip reason when the go version is unknown or predates toolchain switching. */
export function toolchainSkipReason(p: ToolchainPicture | null): string | null {
  if (!p) return 'the go version is unknown, and toolchain switching depends on it';
  return null;
}

/** Replace the text at `loc`. */
export function replaceEdit(loc: Location, newText: string): TextEdit {
  return { ...loc, newText };
}

/** Evidence lines: the inputs of the selection with their sources, then go's reasoning. */
export function selectionEvidence(p: ToolchainPicture): string[] {
  const i = p.inputs;
  const out = [`local go: ${i.local.raw}`, `GOTOOLCHAIN=${JSON.stringify(i.gotoolchain.value)} (${where(i.gotoolchain)})`];
  if (i.file?.go) out.push(`${i.file.shortPath}:${i.file.go.location.startLine}: go ${i.file.go.version}`);
  if (i.file?.toolchain) out.push(`${i.file.shortPath}:${i.file.toolchain.location.startLine}: toolchain ${i.file.toolchain.name}`);
  return [...out, ...p.selection.reasons];
}

export function where(v: SourcedValue): string {
  return v.location ? `${v.location.file}:${v.location.startLine}` : v.origin;
}

/** Related places: where GOTOOLCHAIN (and other named variables) are set, when in a file. */
export function relatedVariables(ctx: CheckContext, names: string[]): NonNullable<Finding['related']> {
  const out: NonNullable<Finding['related']> = [];
  for (const n of names) {
    const v = variableSource(ctx, n);
    if (v.location) out.push({ location: v.location, message: `${n}=${v.value} is set here` });
  }
  return out;
}

/** "go: downloading go1.99.0 (linux/amd64)", the line go prints before a toolchain download. */
export function downloadingLine(sel: ToolchainSelection, goos: string, goarch: string): string {
  return sel.verdict.kind === 'switch' ? `go: downloading ${sel.verdict.target} (${goos}/${goarch})` : '';
}
