import { createHash } from 'node:crypto';
import type { Host, ReadFileOptions } from '../model/host';

/**
 * A host that remembers a digest of every file read through it, so that the bytes of a file
 * read again later — the repairs' text, read just before it is written — are known to be the
 * text the repairs were computed from. A file read twice with different bytes is changed. A digest, not the bytes: go.sum files of megabytes are read too.
 */
export function snapshotReads(host: Host): { host: Host; changedSinceRead(file: string, bytes: Uint8Array): boolean } {
  const seen = new Map<string, string | 'changed'>();
  // Object.create keeps every other member of the host as it is, methods included.
  const recording: Host = Object.create(host);
  recording.readFile = async (file: string, maxBytes?: number, options?: ReadFileOptions) => {
    const bytes = await host.readFile(file, maxBytes, options);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const before = seen.get(file);
    if (before === undefined) seen.set(file, digest);
    else if (before !== digest) seen.set(file, 'changed');
    return bytes;
  };
  return {
    host: recording,
    // A file never read through the host has nothing to differ from.
    changedSinceRead: (file, bytes) => {
      const before = seen.get(file);
      return before !== undefined && (before === 'changed' || before !== createHash('sha256').update(bytes).digest('hex'));
    },
  };
}
