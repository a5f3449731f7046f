/**
 * Predicts what `go mod download M@V` does with a GOPROXY list: for `.info`, `.mod` and `.zip`
 * in turn, each entry is tried in order (modfetch.TryProxies, go@1.19.8
 * src/cmd/go/internal/modfetch/proxy.go:138-184), its answer validated as proxyRepo does
 * (proxy.go:361-441) and the zip checked as downloadZip does (fetch.go), and the final
 * error chosen with go's ranking. The walk is real: every answer comes from the network,
 * through the route go would take (http-client.ts). Only `direct` is partial: the
 * `?go-get=1` lookup is performed, the VCS fetch that would follow is not.
 */
import type { GoOS } from '../model/environment';
import { parseGoproxy, type ProxyEntry } from '../parse/goproxy-list';
import { escapePath, escapeVersion } from '../parse/module-path';
import { matchPrefixPatterns } from '../parse/match-prefix-patterns';
import { goGet, redactedURL, HttpSession, type GoGetResult, type HopTiming } from './http-client';
import type { ProxyEnvVariant } from './proxy-env';

export type ChainFile = 'info' | 'mod' | 'zip';
export type StepOutcome = 'ok' | 'not-found' | 'error' | 'timeout';

export interface ChainStep {
  /** The GOPROXY entry (redacted URL), "direct" or "off". */
  entry: string;
  file: ChainFile;
  outcome: StepOutcome;
  status?: number;
  /** go's text for this failure. */
  error?: string;
  /** go moves on to the next entry after this answer. */
  fallsThrough: boolean;
  /** The URL requested (redacted). */
  url?: string;
  /** Redirect targets followed. */
  redirects?: string[];
  /** HTTP proxy used for the request, when any. */
  httpProxy?: string | null;
  ms?: number;
  /** Caching evidence headers of the answer. */
  cache?: Record<string, string>;
  /** Why go went direct for this entry (GONOPROXY / GOPRIVATE). */
  via?: string;
  /** Facts worth showing (body snippet, zip entries, unverified parts). */
  notes?: string[];
  /** Phase timings of each request made (redirects included), for the timing waterfall. */
  hops?: HopTiming[];
}

export interface ChainVerdict {
  served: boolean;
  by: string | null;
  /** What go prints after `go: ` (the `Error` of `go mod download -json`), or null. */
  error: string | null;
  /** The walk ended at an entry that never answered: go itself would hang there. */
  hang?: boolean;
  /** Parts of the verdict the doctor could not verify (direct VCS fetches). */
  unverified?: string;
  /**
   * After the download go checks the checksum database (unless GOSUMDB=off or GONOSUMDB
   * matches): not part of this walk.
   */
  checksumDb?: string;
}

export interface ChainWalk {
  module: string;
  version: string;
  goproxy: string;
  gonoproxy: string;
  steps: ChainStep[];
  verdict: ChainVerdict;
}

export interface ChainWalkOptions {
  /** Effective GOPROXY. */
  goproxy: string;
  /** Effective GONOPROXY (GOPRIVATE when GONOPROXY is empty). */
  gonoproxy: string;
  platform: GoOS;
  /** Process environment for the HTTP route (HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE). */
  env: Record<string, string | undefined>;
  /** Time limit of each request. */
  timeoutMs: number;
  signal?: AbortSignal;
  proxyVariant?: ProxyEnvVariant;
  /** Largest zip read (go allows 500 MiB; the doctor stops earlier and says so). */
  maxZipBytes?: number;
  /**
   * false: `direct` lookups (which contact the module's own host) are not performed, e.g. for
   * modules named only by an untrusted workspace.
   */
  directLookups?: boolean;
  /** Effective GOSUMDB / GONOSUMDB, to say whether go would consult the checksum database next. */
  gosumdb?: string;
  gonosumdb?: string;
  /** Reads files for `file://` entries (the host's readFile); without it they are reported unread. */
  readFile?: (path: string, maxBytes?: number) => Promise<Buffer>;
}

const FILES: ChainFile[] = ['info', 'mod', 'zip'];

interface Attempt {
  ok: boolean;
  notExist: boolean;
  /** go's error text (without the module@version prefix go adds for proxy errors). */
  error?: string;
  /** go wraps this error as a ModuleError (prints `M@V: ` before it). */
  prefixed?: boolean;
  timeout?: boolean;
  /** The doctor chose not to perform this attempt. */
  skipped?: boolean;
  step?: ChainStep;
}

/** Go's error text of encoding/json for a body that is not a RevInfo object. */
export function goJSONError(body: string): string | null {
  const t = body.replace(/^[ \t\r\n]+/, '');
  if (t === '') return 'unexpected end of JSON input';
  const c = t[0];
  if (!'{["-0123456789tfn'.includes(c)) return `invalid character ${goQuoteChar(c)} looking for beginning of value`;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : -1;
    if (pos < 0 || pos >= t.replace(/[ \t\r\n]+$/, '').length) return 'unexpected end of JSON input';
    return `invalid character ${goQuoteChar(t[pos])} after top-level value`;
  }
  if (v === null || (typeof v === 'object' && !Array.isArray(v))) return null;
  const kind = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type modfetch.RevInfo`;
}

function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

/** Names of the entries of a zip, read from its central directory only. */
export function zipEntryNames(zip: Buffer): string[] | null {
  const min = 22;
  if (zip.length < min) return null;
  for (let i = zip.length - min; i >= Math.max(0, zip.length - min - 0xffff); i--) {
    if (zip.readUInt32LE(i) !== 0x06054b50) continue;
    const count = zip.readUInt16LE(i + 10);
    const size = zip.readUInt32LE(i + 12);
    const offset = zip.readUInt32LE(i + 16);
    if (offset + size > i) return null;
    const names: string[] = [];
    let p = offset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) return null;
      const n = zip.readUInt16LE(p + 28);
      const extra = zip.readUInt16LE(p + 30);
      const comment = zip.readUInt16LE(p + 32);
      names.push(zip.subarray(p + 46, p + 46 + n).toString('utf8'));
      p += 46 + n + extra + comment;
    }
    return names;
  }
  return null;
}

function fileURL(base: string, escModule: string, escVersion: string, file: ChainFile): string {
  // proxy.go:443-448: base path + "/" + escaped module + "/@v/" + escaped version + ext.
  const u = new URL(base);
  const basePath = u.pathname.replace(/\/+$/, '');
  const suffix = `/${escModule}/@v/${escVersion}.${file}`;
  u.pathname = basePath + suffix.split('/').map(goPathEscape).join('/');
  // The base URL's query is carried onto every request (observed with go1.19.8).
  u.hash = '';
  return u.href;
}

/** url.PathEscape (go@1.19.8 src/net/url/url.go shouldEscape, encodePathSegment): `!` becomes %21. */
export function goPathEscape(seg: string): string {
  let out = '';
  for (const b of Buffer.from(seg, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~$&+,:;=@]/.test(c)) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function outcomeOf(r: GoGetResult): StepOutcome {
  if (r.error?.kind === 'timeout') return 'timeout';
  if (r.status === 200) return 'ok';
  if (r.status === 404 || r.status === 410) return 'not-found';
  return 'error';
}

/** Walks the chain for module@version as `go mod download` would. Never throws. */
export async function walkChain(module: string, version: string, o: ChainWalkOptions): Promise<ChainWalk> {
  const session = new HttpSession(true);
  try {
    return await walkChainIn(session, module, version, o);
  } finally {
    await session.close();
  }
}

async function walkChainIn(session: HttpSession, module: string, version: string, o: ChainWalkOptions): Promise<ChainWalk> {
  const walk: ChainWalk = { module, version, goproxy: o.goproxy, gonoproxy: o.gonoproxy, steps: [], verdict: { served: false, by: null, error: null } };
  const mv = `${module}@${version}`;
  let escModule: string;
  let escVersion: string;
  try {
    escModule = escapePath(module);
    escVersion = escapeVersion(version);
  } catch (e) {
    walk.verdict.error = `${mv}: ${(e as Error).message}`;
    return walk;
  }
  const parsed = parseGoproxy(o.goproxy, o.gonoproxy, o.platform);
  if (parsed.error) {
    walk.verdict.error = `${mv}: ${parsed.error}`;
    return walk;
  }
  const privateModule = o.gonoproxy !== '' && matchPrefixPatterns(o.gonoproxy, module);
  const directCache = new Map<string, Promise<Attempt>>();

  const entryName = (p: ProxyEntry): string => (p.kind === 'url' ? redactedURL(p.url!) : p.kind === 'noproxy' ? 'direct' : p.kind);

  const tryDirect = (file: ChainFile, via?: string): Promise<Attempt> => {
    // go caches lookups per (entry, module): `noproxy` and `direct` each do their own.
    const key = via ? 'noproxy' : 'direct';
    if (!directCache.has(key)) {
      directCache.set(key, o.directLookups === false
        ? Promise.resolve<Attempt>({
            ok: false, notExist: false, skipped: true, error: `not looked up: the doctor does not contact ${module.split('/')[0]}, a host named only by an untrusted workspace`,
            step: { entry: 'direct', file, outcome: 'error', fallsThrough: false, error: 'not looked up (untrusted workspace)' },
          })
        : directLookup(module, o, session));
    }
    return directCache.get(key)!.then((a) => ({ ...a, step: a.step ? { ...a.step, file, via, notes: a.step.notes } : undefined }));
  };

  const attempt = async (p: ProxyEntry, file: ChainFile): Promise<Attempt | null> => {
    // repo.go lookup(): GONOPROXY first, then the entry kind.
    if (privateModule) {
      if (p.kind === 'noproxy' || p.kind === 'direct') {
        return tryDirect(file, p.kind === 'noproxy' ? `GONOPROXY/GOPRIVATE (${o.gonoproxy}) matches ${module}` : undefined);
      }
      return {
        ok: false, notExist: true, error: 'disabled by GOPRIVATE/GONOPROXY', prefixed: true,
        step: { entry: entryName(p), file, outcome: 'not-found', error: 'disabled by GOPRIVATE/GONOPROXY', fallsThrough: true, via: 'GONOPROXY/GOPRIVATE' },
      };
    }
    if (p.kind === 'off') {
      return {
        ok: false, notExist: true, error: 'module lookup disabled by GOPROXY=off', prefixed: true,
        step: { entry: 'off', file, outcome: 'not-found', error: 'module lookup disabled by GOPROXY=off', fallsThrough: true },
      };
    }
    if (p.kind === 'direct') return tryDirect(file);
    if (p.kind === 'noproxy') return null; // errUseProxy: not-exist, never reported
    return proxyAttempt(p.url!, file);
  };

  const proxyAttempt = async (base: string, file: ChainFile): Promise<Attempt> => {
    const url = fileURL(base, escModule, escVersion, file);
    const maxBody = file === 'zip' ? (o.maxZipBytes ?? 64 << 20) : 4 << 20;
    let step: ChainStep;
    let body: Buffer;
    let truncated = false;
    if (url.startsWith('file:')) {
      const got = await readFileAnswer(url, o.readFile, maxBody);
      step = { entry: redactedURL(base), file, outcome: got.outcome, status: got.status, fallsThrough: false, url };
      if (got.error !== undefined) {
        step.error = got.error;
        return { ok: false, notExist: got.outcome === 'not-found', error: got.error, prefixed: true, step };
      }
      body = got.body!;
    } else {
      const r = await goGet(url, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: maxBody, variant: o.proxyVariant, session });
      step = {
        entry: redactedURL(base), file, outcome: outcomeOf(r), status: r.status, fallsThrough: false, url: redactedURL(url),
        httpProxy: r.proxy, ms: Math.round(r.totalMs),
      };
      if (r.redirects.length) step.redirects = r.redirects;
      if (Object.keys(r.cacheEvidence).length) step.cache = r.cacheEvidence;
      if (r.hops.length) step.hops = r.hops;
      if (r.error?.kind === 'timeout') {
        step.error = `no answer from ${redactedURL(url)} within ${o.timeoutMs} ms; go would wait here with no time limit`;
        return { ok: false, notExist: false, timeout: true, error: step.error, step };
      }
      if (r.status !== 200) {
        step.error = r.goError;
        return { ok: false, notExist: step.outcome === 'not-found', error: r.goError, prefixed: true, step };
      }
      body = r.body;
      truncated = r.truncated;
    }
    const r = { body, truncated };
    // proxy.go:361-381 (Stat): the body must be a RevInfo for the requested version.
    if (file === 'info') {
      const text = r.body.toString('utf8');
      const jerr = goJSONError(text);
      if (jerr) {
        const msg = `invalid response from proxy ${JSON.stringify(redactedURL(base))}: ${jerr}`;
        step.outcome = 'error';
        step.error = msg;
        step.notes = [`body starts: ${JSON.stringify(text.slice(0, 120))}`];
        return { ok: false, notExist: false, error: msg, prefixed: true, step };
      }
      const info = (JSON.parse(text || 'null') ?? {}) as { Version?: unknown };
      const got = typeof info.Version === 'string' ? info.Version : '';
      if (got !== version) {
        const msg = `proxy returned info for version ${got} instead of requested version`;
        step.outcome = 'error';
        step.error = msg;
        return { ok: false, notExist: false, error: msg, prefixed: true, step };
      }
    }
    if (file === 'zip') {
      // Checked by downloadZip after TryProxies succeeded: never a fall-through.
      step.notes = [`${r.body.length} bytes`];
      if (r.truncated) step.notes.push('zip larger than the doctor reads; its contents were not checked');
      else {
        const names = zipEntryNames(r.body);
        const prefix = `${module}@${version}/`;
        // Accepted by TryProxies, rejected right after it: go stops here whatever the separator.
        const reject = (error: string): Attempt => {
          step.outcome = 'error';
          step.error = error;
          return { ok: true, notExist: false, step, error, prefixed: false };
        };
        if (names === null) return reject('zip: not a valid zip file');
        const bad = names.find((n) => !n.startsWith(prefix));
        if (bad !== undefined) return reject(`zip for ${prefix.slice(0, -1)} has unexpected file ${bad}`);
        step.notes.push(`${names.length} files under ${prefix}`);
      }
    }
    return { ok: true, notExist: false, step };
  };

  for (const file of FILES) {
    // TryProxies (proxy.go:138-184) with go's error ranking.
    let bestErr: Attempt | null = null;
    let rank = 0; // 0 notExist, 1 proxy, 2 direct
    let success: Attempt | null = null;
    let successEntry: string | null = null;
    for (const p of parsed.entries) {
      if (o.signal?.aborted) break;
      const a = await attempt(p, file);
      if (a === null) continue;
      if (a.step) walk.steps.push(a.step);
      if (a.ok) {
        success = a;
        successEntry = entryName(p);
        break;
      }
      if (a.timeout) {
        walk.verdict = { served: false, by: null, error: a.error ?? null, hang: true };
        return walk;
      }
      if (a.skipped) {
        walk.verdict = { served: false, by: null, error: null, unverified: a.error };
        return walk;
      }
      const isDirect = p.kind === 'direct' || (p.kind === 'noproxy' && privateModule);
      if (isDirect) {
        bestErr = a;
        rank = 2;
      } else if (rank <= 1 && !a.notExist) {
        bestErr = a;
        rank = 1;
      } else if (rank === 0) {
        bestErr = a;
      }
      const falls = p.fallBackOnError || a.notExist;
      if (a.step) a.step.fallsThrough = falls;
      if (!falls) break;
    }
    if (!success) {
      const err = bestErr ? (bestErr.prefixed === false ? bestErr.error! : `${mv}: ${bestErr.error}`) : `${mv}: GOPROXY list is not the empty string, but contains no entries`;
      walk.verdict = { served: false, by: null, error: err };
      return walk;
    }
    if (success.error) {
      // An answer accepted by TryProxies but rejected afterwards (zip checks).
      walk.verdict = { served: false, by: null, error: success.error };
      return walk;
    }
    if (file === 'zip') {
      walk.verdict = { served: true, by: successEntry, error: null };
      if (o.gosumdb !== undefined && o.gosumdb !== 'off' && !(o.gonosumdb && matchPrefixPatterns(o.gonosumdb, module))) {
        walk.verdict.checksumDb = `go then verifies ${mv} with the checksum database ${o.gosumdb.split(/\s+/)[0]} unless go.sum already has it (not part of this walk)`;
      }
      if (success.step?.entry === 'direct' && success.step.notes?.some((n) => n.startsWith('unverified'))) {
        walk.verdict.unverified = 'go-import meta tags were found; the VCS fetch that go would run next was not performed';
      }
    }
  }
  return walk;
}

/**
 * A `file://` entry as go's web.getFile reads it (go@1.19.8 src/cmd/go/internal/web/http.go
 * getFile): a missing file is a 404 (not-exist), an unreadable one a 403.
 */
async function readFileAnswer(
  url: string, readFile: ChainWalkOptions['readFile'], maxBytes: number,
): Promise<{ outcome: StepOutcome; status?: number; body?: Buffer; error?: string }> {
  if (!readFile) return { outcome: 'error', error: `reading ${url}: the doctor was not given file access` };
  const path = decodeURIComponent(new URL(url).pathname);
  try {
    return { outcome: 'ok', status: 200, body: await readFile(path, maxBytes) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = err.code === 'ENOENT' || err.code === 'ENOTDIR' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
    const notExist = err.code === 'ENOENT' || err.code === 'ENOTDIR';
    return { outcome: notExist ? 'not-found' : 'error', status: notExist ? 404 : 403, error: `reading ${url}: ${text}` };
  }
}

/**
 * `direct`: go resolves the repository with `https://<path>?go-get=1`
 * (go@1.19.8 src/cmd/go/internal/vcs/vcs.go repoRootForImportDynamic). The doctor performs that
 * request; the VCS fetch after it is not run.
 */
async function directLookup(module: string, o: ChainWalkOptions, session: HttpSession): Promise<Attempt> {
  const url = `https://${module}?go-get=1`;
  const r = await goGet(url, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: 1 << 20, variant: o.proxyVariant, session });
  const step: ChainStep = { entry: 'direct', file: 'info', outcome: outcomeOf(r), status: r.status, fallsThrough: false, url, httpProxy: r.proxy, ms: Math.round(r.totalMs) };
  if (r.hops.length) step.hops = r.hops;
  const prefix = `unrecognized import path ${JSON.stringify(module)}`;
  if (r.error?.kind === 'timeout') {
    step.error = `no answer from ${url} within ${o.timeoutMs} ms; go would wait here with no time limit`;
    return { ok: false, notExist: false, timeout: true, error: step.error, step };
  }
  if (r.error) {
    step.error = `${prefix}: https fetch: ${r.goError}`;
    step.outcome = 'error';
    return { ok: false, notExist: true, error: step.error, prefixed: true, step };
  }
  const html = r.body.toString('utf8');
  const metas = [...html.matchAll(/<meta\s+name=["']go-import["']\s+content=["']([^"']+)["']/gi)].map((m) => m[1]);
  if (metas.length === 0) {
    step.outcome = r.status === 200 ? 'error' : outcomeOf(r);
    step.error = r.status !== 200 && r.goError ? `${prefix}: ${r.goError}` : `${prefix}: no go-import meta tags ()`;
    return { ok: false, notExist: true, error: step.error, prefixed: true, step };
  }
  step.outcome = 'ok';
  step.notes = [`go-import: ${metas.join(' | ')}`, 'unverified: go would now fetch the repository with its VCS tool'];
  return { ok: true, notExist: false, step };
}
