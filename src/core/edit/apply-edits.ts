import type { TextEdit } from '../model/location';
import { LineIndex } from './line-index';

/** An edit that cannot be applied: the file changed, spans overlap or lie outside the text. */
export class EditError extends Error {
  readonly code = 'EDIT_CONFLICT';
}

const BOM = '\uFEFF';

/** Splits a decoded file into its BOM and the text positions refer to. */
export function stripBom(text: string): { bom: boolean; text: string } {
  return text.startsWith(BOM) ? { bom: true, text: text.slice(1) } : { bom: false, text };
}

/** Offsets of an edit's span in `index`'s text; throws EditError when it is outside. */
export function editOffsets(index: LineIndex, e: TextEdit): { start: number; end: number } {
  const start = index.offset(e.startLine, e.startColumn);
  const end = index.offset(e.endLine, e.endColumn);
  if (start < 0 || end < 0 || end < start) {
    throw new EditError(`${e.file}:${e.startLine}:${e.startColumn}: edit span ${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn} is outside the file`);
  }
  return { start, end };
}

/**
 * Applies edits of one file to its text (positions as in `LineIndex`: no BOM). All or
 * nothing: overlapping or out-of-range edits throw before anything is changed.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({ ...editOffsets(index, e), newText: e.newText, e }));
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1];
    const cur = spans[i];
    if (cur.start < prev.end || (cur.start === prev.start && cur.end === prev.end && cur.start === cur.end && prev.newText !== cur.newText)) {
      throw new EditError(`${cur.e.file}:${cur.e.startLine}:${cur.e.startColumn}: edits overlap`);
    }
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Applies edits to a file's bytes: UTF-8 decoded, the BOM kept aside and put back, every
 * byte outside the edited spans unchanged. Throws EditError when the bytes are not UTF-8.
 */
export function applyEditsToBytes(bytes: Uint8Array, edits: readonly TextEdit[]): Buffer {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new EditError(`${edits[0]?.file ?? 'file'}: not UTF-8 text; nothing was changed`);
  }
  const { bom, text } = stripBom(decoded);
  const next = applyTextEdits(text, edits);
  return Buffer.from((bom ? BOM : '') + next, 'utf8');
}

/** Groups edits by file, keeping their order. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const m = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = m.get(e.file);
    if (list) list.push(e);
    else m.set(e.file, [e]);
  }
  return m;
}
