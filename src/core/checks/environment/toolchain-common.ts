/** What the toolchain checks (GPD151-GPD154) share: the selection picture and how to show it. */
import type { CheckContext } from '../../model/check';
import type { Location, TextEdit } from '../../model/location';
import type { Finding } from '../../model/result';
import type { SourcedValue } from '../../toolchain/select-toolchain';
import { variableSource, type ToolchainPicture } from '../../toolchain/toolchain-inputs';

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
