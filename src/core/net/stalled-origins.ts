/**
 * The GOPROXY entries (and other URL bases) that accepted a request and never answered it
 * within the time limit, once per diagnosis. go has no time limit of its own (go@1.19.8
 * src/cmd/go/internal/web/http.go: the client sets none): at the first request that stalls,
 * `go` waits forever, so nothing it would send after that is meaningful. Checks of the same
 * run learn of the stall here and report it at once instead of waiting the time limit again.
 *
 * Keyed by base URL (a GOPROXY entry, with its path), not by host: one server may stall under
 * one path and answer under another.
 */
import { redactedURL } from './http-client';

export interface Stall {
  /** The base URL (redacted) that did not answer. */
  base: string;
  /** The request that timed out (redacted). */
  url: string;
  timeoutMs: number;
}

export class StalledOrigins {
  private readonly stalls = new Map<string, Stall>();

  /** Records that a request under `base` got no answer within `timeoutMs`. */
  mark(base: string, url: string, timeoutMs: number): void {
    const key = keyOf(base);
    if (!this.stalls.has(key)) this.stalls.set(key, { base: safe(base), url: safe(url), timeoutMs });
  }

  /** The stall recorded for `base`, if any. */
  stalled(base: string): Stall | undefined {
    return this.stalls.get(keyOf(base));
  }

  /** The stall recorded for the base that `url` is under, if any (the longest matching base). */
  stalledUnder(url: string): Stall | undefined {
    const u = keyOf(url);
    let best: Stall | undefined;
    let bestLen = -1;
    for (const [k, s] of this.stalls) {
      if ((u === k || u.startsWith(k.endsWith('/') ? k : `${k}/`)) && k.length > bestLen) {
        best = s;
        bestLen = k.length;
      }
    }
    return best;
  }
}

/** go's text for a request not sent because its base already stalled in this run. */
export function stalledText(s: Stall): string {
  return `no answer from ${s.url} within ${s.timeoutMs} ms (seen earlier in this diagnosis); go would wait here with no time limit`;
}

/** The registry of one run, shared by every check through `memo`. */
export function stalledOriginsOf(ctx: { memo<T>(key: string, compute: () => Promise<T>): Promise<T> }): Promise<StalledOrigins> {
  return ctx.memo('net:stalled-origins', async () => new StalledOrigins());
}

function keyOf(u: string): string {
  try {
    // Redacted, so that a base written with and without its password is one key.
    const url = new URL(safe(u));
    url.hash = '';
    url.search = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return u.replace(/\/+$/, '');
  }
}

function safe(u: string): string {
  try {
    return redactedURL(u);
  } catch {
    return u;
  }
}
