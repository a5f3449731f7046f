/**
 * The one HTTP operation the checksum-database and mirror code needs: a bounded GET.
 * Implementations must honour the signal, the time limit and the byte cap, follow up to 10
 * redirects as Go does, and throw (never hang) on network failure.
 */
import { promises as fsp } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goGet } from '../net/http-client';

export interface HttpResponse {
  /** The final URL (after redirects). */
  url: string;
  status: number;
  statusText: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The body, at most `maxBytes` long. */
  body: Buffer;
  /** The body was longer than `maxBytes` and was cut. */
  truncated: boolean;
  /** Time to the end of the body, in milliseconds. */
  timeMs: number;
  /** go's own error text for a non-200 answer, when the transport knows it. */
  goError?: string;
  /** Caching evidence headers (Age, ETag, Last-Modified, X-Cache, Via, ...). */
  cacheEvidence?: Record<string, string>;
}

export interface HttpGetOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
}

export type HttpGet = (url: string, o: HttpGetOptions) => Promise<HttpResponse>;

/**
 * The HttpGet of a diagnosis: go's route for each URL (proxy-env), go's redirects and error
 * wording (net/http-client) as `goVersion` (env.go.version) words them, bounded and cancellable.
 */
export function goHttpGet(env: Record<string, string | undefined>, goVersion: string | null = null): HttpGet {
  return async (url, o) => {
    if (url.startsWith('file:')) return readFileURL(url, o);
    const r = await goGet(url, { env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: o.maxBytes, goVersion });
    if (r.error || r.status === undefined) {
      throw new HttpGetError(r.goError ?? r.error?.message ?? `Get "${url}": failed`, r.error?.kind ?? 'other');
    }
    return {
      url: r.finalUrl, status: r.status, statusText: r.statusText ?? statusText(r.status), headers: r.headers, body: r.body,
      truncated: r.truncated, timeMs: Math.round(r.totalMs), goError: r.status === 200 ? undefined : r.goError, cacheEvidence: r.cacheEvidence,
    };
  };
}

/** An error of the transport (DNS, TCP, TLS, proxy, timeout), with Go's wording when known. */
export class HttpGetError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** Go's web.GetBytes error for a non-200 answer: `reading <url>: 503 Service Unavailable`. */
export function statusErrorText(url: string, r: Pick<HttpResponse, 'status' | 'statusText' | 'goError'>): string {
  if (r.goError) return r.goError;
  return `reading ${url}: ${r.status} ${r.statusText || statusText(r.status)}`.trimEnd();
}

/** Go's net/http status texts for the answers a proxy or sumdb gives. */
export function statusText(code: number): string {
  const t: Record<number, string> = {
    200: 'OK', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 407: 'Proxy Authentication Required', 410: 'Gone',
    429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return t[code] ?? '';
}

/** Join as Go's web.Join: base path without its trailing slash, then "/" + path. */
export function joinURL(base: string, path: string): string {
  const u = new URL(base);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
  return u.toString();
}

/**
 * A file:// GOPROXY or GOSUMDB URL, read as go's web package reads it (go@1.19.8
 * src/cmd/go/internal/web/file_unix.go, api.go): a missing file is "not found" (404 for the
 * fallback rules), any other error is an error.
 */
async function readFileURL(url: string, o: HttpGetOptions): Promise<HttpResponse> {
  const t0 = Date.now();
  const base = { url, headers: {}, truncated: false } as const;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch (e) {
    throw new HttpGetError(`reading ${url}: ${(e as Error).message}`, 'other');
  }
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const st = await fh.stat();
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const body = Buffer.alloc(Math.min(st.size, o.maxBytes));
      const { bytesRead } = await fh.read(body, 0, body.length, 0);
      return { ...base, status: 200, statusText: 'OK', body: body.subarray(0, bytesRead), truncated: st.size > o.maxBytes, timeMs: Date.now() - t0 };
    } finally {
      await fh.close();
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
      return { ...base, status: 404, statusText: 'Not Found', body: Buffer.alloc(0), timeMs: Date.now() - t0, goError: `reading ${url}: no such file or directory` };
    }
    throw new HttpGetError(`reading ${url}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`, 'other');
  }
}
