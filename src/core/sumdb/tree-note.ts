/**
 * The text formats of the checksum database (mod@fe2ec04 sumdb/tlog/note.go): the signed
 * tree head text and a looked-up record.
 */
import { HASH_SIZE, type Hash, TlogError, decodeStdBase64 } from './tlog';
import type { Tree } from './tile';

const TREE_PREFIX = 'go.sum database tree\n';

/** FormatTree: the text a checksum database signs for its tree head. */
export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.N}\n${tree.hash.toString('base64')}\n`;
}

/** ParseTree: trailing lines are ignored, as Go does. */
export function parseTree(text: string): Tree {
  const bad = () => new TlogError('malformed tree note', 'malformed');
  if (!text.startsWith(TREE_PREFIX) || text.split('\n').length - 1 < 3 || text.length > 1e6) throw bad();
  const lines = text.split('\n');
  const nText = lines[1];
  if (!/^(0|[1-9]\d*)$/.test(nText)) throw bad();
  const n = Number(nText);
  if (!Number.isSafeInteger(n)) throw bad();
  const h = decodeStdBase64(lines[2]);
  if (!h || h.length !== HASH_SIZE) throw bad();
  return { N: n, hash: h as Hash };
}

/** Record text: valid UTF-8, no control characters but \n, no blank line, ends in \n. */
export function isValidRecordText(text: Buffer): boolean {
  const s = text.toString('utf8');
  if (!Buffer.from(s, 'utf8').equals(text)) return false;
  let last = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && ch !== '\n') || (last === '\n' && ch === '\n')) return false;
    last = ch;
  }
  return last === '\n';
}

export function formatRecord(id: number, text: Buffer): Buffer {
  if (!isValidRecordText(text)) throw new TlogError('malformed record data', 'malformed');
  return Buffer.concat([Buffer.from(`${id}\n`), text, Buffer.from('\n')]);
}

/** ParseRecord: `<id>\n<text>\n\n<rest>`; rest is the signed tree note. */
export function parseRecord(msg: Buffer): { id: number; text: Buffer; rest: Buffer } {
  const bad = () => new TlogError('malformed record data', 'malformed');
  let i = msg.indexOf(0x0a);
  if (i < 0) throw bad();
  const idText = msg.subarray(0, i).toString('latin1');
  if (!/^[+-]?\d+$/.test(idText)) throw bad();
  const id = Number(idText);
  if (!Number.isSafeInteger(id)) throw bad();
  const body = msg.subarray(i + 1);
  i = body.indexOf('\n\n');
  if (i < 0) throw bad();
  const text = body.subarray(0, i + 1);
  const rest = body.subarray(i + 2);
  if (!isValidRecordText(text)) throw bad();
  return { id, text, rest };
}
