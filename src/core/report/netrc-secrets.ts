import * as path from 'node:path';
import type { Host } from '../model/host';
import type { Redactor } from './redact';

/**
 * The .netrc go would read: $NETRC, else .netrc in the home folder (_netrc on Windows)
 * (go@1.19.8 src/cmd/go/internal/auth/netrc.go netrcPath).
 */
export function netrcPath(host: Pick<Host, 'env' | 'homedir' | 'platform'>): string | null {
  if (host.env.NETRC) return host.env.NETRC;
  if (!host.homedir) return null;
  const p = host.platform === 'windows' ? path.win32 : path.posix;
  return p.join(host.homedir, host.platform === 'windows' ? '_netrc' : '.netrc');
}

/** Teaches the redactor the passwords of the user's .netrc, so no output can carry them. */
export async function learnNetrcSecrets(redactor: Redactor, host: Host): Promise<void> {
  const file = netrcPath(host);
  if (!file) return;
  try {
    redactor.learnFromNetrc((await host.readFile(file, 1024 * 1024)).toString('utf8'));
  } catch {
    // No .netrc (or unreadable): nothing to learn.
  }
}
