import type { Host } from '../model/host';

/**
 * A host that keeps the bytes of every file read through it, so that repairs are applied
 * to the very text they were computed from and a later change to the file is seen. A file
 * read twice with different bytes (changed while the workspace was being read) is marked
 * as such.
 */
export function snapshotReads(host: Host): { host: Host; bytesRead(file: string): Buffer | 'changed' | undefined } {
  const seen = new Map<string, Buffer | 'changed'>();
  // Object.create keeps every other member of the host as it is, methods included.
  const recording: Host = Object.create(host);
  recording.readFile = async (file: string, maxBytes?: number) => {
    const bytes = await host.readFile(file, maxBytes);
    const before = seen.get(file);
    if (before === undefined) seen.set(file, Buffer.from(bytes));
    else if (before !== 'changed' && !before.equals(bytes)) seen.set(file, 'changed');
    return bytes;
  };
  return { host: recording, bytesRead: (file) => seen.get(file) };
}
