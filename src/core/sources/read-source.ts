import type { Host } from '../model/host';
import type { SourceProblem } from '../model/workspace';
import { LineIndex } from '../edit/line-index';

/** Config files larger than this are not read (a real one is a few kilobytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** go.sum files of big projects reach megabytes. */
export const MAX_GO_SUM_BYTES = 32 * 1024 * 1024;

/**
 * Reads a text file within `maxBytes`: a larger file, a binary file (a NUL byte) or bytes
 * that are not UTF-8 give a problem naming the file (and the position), never a throw and
 * never a partly read file. With `within` (the workspace), a file whose real path leaves that
 * folder is not read: the problem says where it points.
 */
export async function readSource(host: Host, file: string, maxBytes = MAX_CONFIG_BYTES, within?: string): Promise<{ text: string } | { problem: SourceProblem } | null> {
  const st = await host.stat(file);
  if (!st || !st.isFile) return null;
  let bytes: Buffer;
  try {
    bytes = await host.readFile(file, maxBytes, within !== undefined ? { within } : undefined);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { target?: string };
    if (err.code === 'ENOENT') return null;
    if (err.code === 'EOUTSIDE') return { problem: outsideProblem(file, err.target ?? '') };
    if (err.code === 'EFBIG') return { problem: { file, message: `file is ${formatBytes(st.size)}, more than the ${formatBytes(maxBytes)} read for this kind of file; it was not read` } };
    return { problem: { file, message: `cannot read: ${err.message}` } };
  }
  if (bytes.length > maxBytes) return { problem: { file, message: `file is ${formatBytes(bytes.length)}, more than the ${formatBytes(maxBytes)} read for this kind of file; it was not read` } };
  return decodeSource(file, bytes);
}

/** What the workspace points at outside itself is said, never read. */
export function outsideProblem(file: string, target: string): SourceProblem {
  return { file, message: `points outside the workspace, not read: ${target}`, severity: 'warning' };
}

/** UTF-8 text of a file, or a problem at the first NUL byte or invalid byte sequence. */
export function decodeSource(file: string, bytes: Uint8Array): { text: string } | { problem: SourceProblem } {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { problem: { file, message: 'binary content (a NUL byte): not a text file; it was not read', location: at(file, bytes, nul) } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const loose = Buffer.from(bytes).toString('utf8');
    const bad = loose.indexOf('\uFFFD');
    const idx = new LineIndex(loose.replace(/^\uFEFF/, ''));
    const p = idx.position(Math.max(0, bad - (loose.startsWith('\uFEFF') ? 1 : 0)));
    return { problem: { file, message: 'not valid UTF-8 text; it was not read', location: { file, startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.column + 1 } } };
  }
}

function at(file: string, bytes: Uint8Array, offset: number) {
  const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
  const p = new LineIndex(before.replace(/^\uFEFF/, '')).position(before.length);
  return { file, startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.column + 1 };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}
