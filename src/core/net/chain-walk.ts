/**
 * Predicts what `go mod download M@V` does with a GOPROXY list: for `.info`, `.mod` and `.zip`
 * in turn, each entry is tried in order (modfetch.TryProxies, go@1.19.8
 * src/cmd/go/internal/modfetch/proxy.go:138-184), its answer validated as proxyRepo does
 * (proxy.go:288-441) and the zip checked as downloadZip does (fetch.go), and the final
 * error chosen with go's ranking and worded as modload wraps it. A revision is first resolved
 * by `.info`, `latest` by `@v/list` (modload/query.go queryProxy); then `.mod` and `.zip` of the
 * version they name. The walk is real: every answer comes from the network, through the route
 * go would take (http-client.ts). Only `direct` is partial: the `?go-get=1` lookup is
 * performed, the VCS fetch that would follow is not. Proven case by case against go1.19.8 by
 * test/go/chain-diff.test.ts.
 */
import type { GoOS } from '../model/environment';
import { parseGoproxy, type ProxyEntry } from '../parse/goproxy-list';
import { escapePath, escapeVersion } from '../parse/module-path';
import { matchPrefixPatterns } from '../parse/match-prefix-patterns';
import { goURLRedacted, parseGoURL } from '../parse/go-url';
import { goGet, redactedURL, HttpSession, type GoGetResult, type HopTiming } from './http-client';
import type { ProxyEnvVariant } from './proxy-env';
import { parseVersionList, pickLatest, queryKind } from './chain-query';

/** `list` and `latest` appear only when resolving `@latest`. */
export type ChainFile = 'info' | 'mod' | 'zip' | 'list' | 'latest';
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
  /** Not asked again: go answered this repeated GOPROXY entry from its lookup cache. */
  fromCache?: boolean;
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
  /** The version a revision or `latest` resolved to. */
  resolvedVersion?: string;
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
  /** The go release whose wording and rules apply (`go1.26.8`; env.go.version). Unknown: go1.19's. */
  goVersion?: string | null;
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

/** Note on a .mod answer without a module directive. */
export const NOT_A_GO_MOD = 'not a go.mod file (no module directive)';

interface Attempt {
  ok: boolean;
  notExist: boolean;
  /** go's error text, before the prefix go adds (see `wrap`). */
  error?: string;
  /**
   * How go prefixes the error: `version` = a ModuleError for `at` (`M@V: `, `invalid version: `
   * for revisions), `module` = `module M: `, `plain` = `M@QUERY: ` added by modload, `final` = as is.
   */
  wrap?: 'version' | 'module' | 'plain' | 'final';
  at?: string;
  timeout?: boolean;
  /** The doctor chose not to perform this attempt. */
  skipped?: boolean;
  /** Tried but never reported by go (noproxy for a path GONOPROXY does not match). */
  silent?: boolean;
  /** The version a query resolved to. */
  resolved?: string;
  steps: ChainStep[];
}

/**
 * The proxy URL as go prints it in `invalid response from proxy %q` (proxy.go: p.redactedURL,
 * url.URL.Redacted): as written, no `/` added to a bare host (WHATWG URLs would add one).
 */
function proxyShown(base: string): string {
  try {
    return goURLRedacted(parseGoURL(base));
  } catch {
    return redactedURL(base);
  }
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

function proxyURL(base: string, escModule: string, tail: string): string {
  // proxy.go:443-448: base path + "/" + escaped module + tail, each segment url.PathEscape'd.
  const u = new URL(base);
  const basePath = u.pathname.replace(/\/+$/, '');
  u.pathname = basePath + (`/${escModule}` + tail).split('/').map(goPathEscape).join('/');
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

async function walkChainIn(session: HttpSession, module: string, query: string, o: ChainWalkOptions): Promise<ChainWalk> {
  const walk: ChainWalk = { module, version: query, goproxy: o.goproxy, gonoproxy: o.gonoproxy, steps: [], verdict: { served: false, by: null, error: null } };
  const mq = `${module}@${query}`;
  const kind = queryKind(query);
  let escModule: string;
  try {
    escModule = escapePath(module);
    if (kind !== 'latest' && kind !== 'unsupported') escapeVersion(query);
  } catch (e) {
    walk.verdict.error = `${mq}: ${(e as Error).message}`;
    return walk;
  }
  if (kind === 'unsupported') {
    walk.verdict.unverified = `"${query}" is a version query go answers from @v/list; the doctor walks exact versions, revisions and "latest"`;
    return walk;
  }
  const parsed = parseGoproxy(o.goproxy, o.gonoproxy, o.platform);
  if (parsed.error) {
    walk.verdict.error = `${mq}: ${parsed.error}`;
    return walk;
  }
  const privateModule = o.gonoproxy !== '' && matchPrefixPatterns(o.gonoproxy, module);
  const directCache = new Map<string, Promise<Attempt>>();

  /** go's full message for a failed attempt (modload wraps what is not already a ModuleError). */
  const goText = (a: Attempt): string => {
    const err = a.error ?? 'unknown error';
    switch (a.wrap ?? 'plain') {
      case 'version': return `${module}@${a.at}: ${queryKind(a.at ?? '') === 'revision' ? 'invalid version: ' : ''}${err}`;
      case 'module': return `module ${module}: ${err}`;
      case 'final': return err;
      default: return `${mq}: ${err}`;
    }
  };

  const entryName = (p: ProxyEntry): string => (p.kind === 'url' ? redactedURL(p.url!) : p.kind === 'noproxy' ? 'direct' : p.kind);

  const tryDirect = (file: ChainFile, via?: string): Promise<Attempt> => {
    // go caches lookups per (entry, module): `noproxy` and `direct` each do their own.
    const key = via ? 'noproxy' : 'direct';
    if (!directCache.has(key)) {
      directCache.set(key, o.directLookups === false
        ? Promise.resolve<Attempt>({
            ok: false, notExist: false, skipped: true, error: `not looked up: the doctor does not contact ${module.split('/')[0]}, a host named only by an untrusted workspace`,
            steps: [{ entry: 'direct', file, outcome: 'error', fallsThrough: false, error: 'not looked up (untrusted workspace)' }],
          })
        : directLookup(module, o, session));
    }
    return directCache.get(key)!.then((a) => ({ ...a, steps: a.steps.map((st) => ({ ...st, file, via })) }));
  };

  /** The entries that are not proxy URLs, as repo.go lookup() treats them. Null: a URL entry. */
  const nonProxyAttempt = (p: ProxyEntry, file: ChainFile): Promise<Attempt | null> | Attempt | null => {
    if (privateModule) {
      if (p.kind === 'noproxy' || p.kind === 'direct') {
        return tryDirect(file, p.kind === 'noproxy' ? `GONOPROXY/GOPRIVATE (${o.gonoproxy}) matches ${module}` : undefined);
      }
      return {
        ok: false, notExist: true, error: 'disabled by GOPRIVATE/GONOPROXY',
        steps: [{ entry: entryName(p), file, outcome: 'not-found', error: 'disabled by GOPRIVATE/GONOPROXY', fallsThrough: true, via: 'GONOPROXY/GOPRIVATE' }],
      };
    }
    if (p.kind === 'off') {
      return {
        ok: false, notExist: true, error: 'module lookup disabled by GOPROXY=off',
        steps: [{ entry: 'off', file, outcome: 'not-found', error: 'module lookup disabled by GOPROXY=off', fallsThrough: true }],
      };
    }
    if (p.kind === 'direct') return tryDirect(file);
    if (p.kind === 'noproxy') return { ok: false, notExist: true, silent: true, steps: [] }; // errUseProxy, never reported
    return null;
  };

  /** One request to a proxy entry; `tail` is what follows the escaped module path. */
  const fetchFromProxy = async (base: string, tail: string, file: ChainFile): Promise<{ step: ChainStep; body?: Buffer; truncated?: boolean; fail?: Attempt }> => {
    const url = proxyURL(base, escModule, tail);
    const maxBody = file === 'zip' ? (o.maxZipBytes ?? 64 << 20) : 4 << 20;
    if (url.startsWith('file:')) {
      const got = await readFileAnswer(url, o.readFile, maxBody);
      const step: ChainStep = { entry: redactedURL(base), file, outcome: got.outcome, status: got.status, fallsThrough: false, url };
      if (got.error !== undefined) {
        step.error = got.error;
        return { step, fail: { ok: false, notExist: got.outcome === 'not-found', error: got.error, steps: [step] } };
      }
      return { step, body: got.body! };
    }
    const r = await goGet(url, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: maxBody, variant: o.proxyVariant, goVersion: o.goVersion, session });
    const step: ChainStep = {
      entry: redactedURL(base), file, outcome: outcomeOf(r), status: r.status, fallsThrough: false, url: redactedURL(url),
      httpProxy: r.proxy, ms: Math.round(r.totalMs),
    };
    if (r.redirects.length) step.redirects = r.redirects;
    if (Object.keys(r.cacheEvidence).length) step.cache = r.cacheEvidence;
    if (r.hops.length) step.hops = r.hops;
    if (r.error?.kind === 'timeout' && r.error.goLimitMs !== undefined) {
      // go stops waiting on its own (a silent CONNECT proxy: one minute) and fails with its error.
      step.error = r.goError;
      return { step, fail: { ok: false, notExist: false, error: r.goError, steps: [step] } };
    }
    if (r.error?.kind === 'timeout') {
      step.error = `no answer from ${redactedURL(url)} within ${o.timeoutMs} ms; go would wait here with no time limit`;
      return { step, fail: { ok: false, notExist: false, timeout: true, error: step.error, wrap: 'final', steps: [step] } };
    }
    if (r.status !== 200) {
      step.error = r.goError;
      return { step, fail: { ok: false, notExist: step.outcome === 'not-found', error: r.goError, steps: [step] } };
    }
    return { step, body: r.body, truncated: r.truncated };
  };

  /**
   * go keeps one repo per (GOPROXY entry, module) for the whole command (go@1.19.8 and
   * go@1.26.8 src/cmd/go/internal/modfetch/repo.go Lookup, lookupCache) and that repo caches
   * what it answered to Versions, Stat, Latest and GoMod, errors included (cache.go
   * cachingRepo; Zip is not cached). An entry written twice (`A,B,A`) is therefore answered
   * from that cache the second time, without a request. Checked against go1.19.8, go1.26.8
   * and go1.27.3 (test/go/chain-diff.test.ts "same URL twice").
   */
  const lookupCache = new Map<string, Promise<Attempt>>();
  const cachedLookup = (base: string, what: string, ask: () => Promise<Attempt>): Promise<Attempt> => {
    const key = `${what}\u0000${base}`;
    const seen = lookupCache.get(key);
    if (seen) {
      return seen.then((a) => ({
        ...a,
        steps: a.steps.map((st) => ({
          entry: st.entry, file: st.file, outcome: st.outcome, status: st.status, error: st.error, fallsThrough: false, url: st.url, fromCache: true,
          notes: ['not asked again: go answers a GOPROXY entry it already asked from its lookup cache'],
        })),
      }));
    }
    const p = ask();
    lookupCache.set(key, p);
    return p;
  };

  /** `.info`, `.mod` or `.zip` of `version` from a proxy URL, validated as proxyRepo does. */
  const fileFromProxy = (base: string, file: ChainFile, version: string): Promise<Attempt> =>
    file === 'zip' ? fileFromProxyUncached(base, file, version) : cachedLookup(base, `${file}:${version}`, () => fileFromProxyUncached(base, file, version));

  const fileFromProxyUncached = async (base: string, file: ChainFile, version: string): Promise<Attempt> => {
    const got = await fetchFromProxy(base, `/@v/${escapeVersion(version)}.${file}`, file);
    const step = got.step;
    if (got.fail) return { ...got.fail, wrap: got.fail.wrap ?? 'version', at: version };
    const body = got.body!;
    const fail = (error: string, extra: Partial<Attempt> = {}): Attempt => {
      step.outcome = 'error';
      step.error = error;
      return { ok: false, notExist: false, error, wrap: 'version', at: version, steps: [step], ...extra };
    };
    if (file === 'info') {
      // proxy.go:361-381 (Stat): a RevInfo, naming the version asked for when it was canonical.
      const text = body.toString('utf8');
      const jerr = goJSONError(text);
      if (jerr) {
        step.notes = [`body starts: ${JSON.stringify(text.slice(0, 120))}`];
        return fail(`invalid response from proxy ${JSON.stringify(proxyShown(base))}: ${jerr}`);
      }
      const info = (JSON.parse(text || 'null') ?? {}) as { Version?: unknown };
      const got2 = typeof info.Version === 'string' ? info.Version : '';
      if (got2 !== version && queryKind(version) === 'exact') return fail(`proxy returned info for version ${got2} instead of requested version`);
      return { ok: true, notExist: false, steps: [step], resolved: got2 };
    }
    if (file === 'mod' && !/^\s*module\s+\S/m.test(body.toString('utf8'))) {
      // go mod download stores any .mod without reading it; builds that load it fail later.
      step.notes = [`${NOT_A_GO_MOD}: ${JSON.stringify(body.toString('utf8').slice(0, 80))}`];
    }
    if (file === 'zip') {
      step.notes = [`${body.length} bytes`];
      if (got.truncated) step.notes.push('zip larger than the doctor reads; its contents were not checked');
      else {
        const names = zipEntryNames(body);
        const prefix = `${module}@${version}/`;
        // Accepted by TryProxies, rejected right after it (fetch.go downloadZip): go stops here
        // whatever the separator.
        if (names === null) return { ...fail('zip: not a valid zip file', { wrap: 'final' }), ok: true };
        const bad = names.find((n) => !n.startsWith(prefix));
        if (bad !== undefined) return { ...fail(`zip for ${prefix.slice(0, -1)} has unexpected file ${bad}`, { wrap: 'final' }), ok: true };
        step.notes.push(`${names.length} files under ${prefix}`);
      }
    }
    return { ok: true, notExist: false, steps: [step] };
  };

  /**
   * `latest` from one proxy (modload/query.go queryProxy): @v/list, the highest version's .info
   * from the same proxy; with no usable version, @latest; else "no matching versions".
   */
  const latestFromProxy = (base: string): Promise<Attempt> => cachedLookup(base, 'latest', () => latestFromProxyUncached(base));

  const latestFromProxyUncached = async (base: string): Promise<Attempt> => {
    const list = await fetchFromProxy(base, '/@v/list', 'list');
    if (list.fail) return { ...list.fail, wrap: list.fail.wrap ?? 'module' };
    const { versions, ignored } = parseVersionList(list.body!.toString('utf8'));
    list.step.notes = [`${versions.length} version(s)${ignored.length ? `, ${ignored.length} line(s) ignored` : ''}`];
    const chosen = pickLatest(versions);
    if (chosen) {
      const info = await fileFromProxy(base, 'info', chosen);
      return { ...info, steps: [list.step, ...info.steps], resolved: info.ok ? chosen : undefined };
    }
    const latest = await fetchFromProxy(base, '/@latest', 'latest');
    if (latest.fail) {
      if (latest.fail.notExist) {
        // NoMatchingVersionError is not "not found": go does not try the next entry.
        latest.step.error = `no matching versions for query "${query}"`;
        latest.step.outcome = 'error';
        return { ok: false, notExist: false, error: latest.step.error, wrap: 'module', steps: [list.step, latest.step] };
      }
      return { ...latest.fail, wrap: latest.fail.wrap ?? 'module', steps: [list.step, latest.step] };
    }
    const text = latest.body!.toString('utf8');
    const jerr = goJSONError(text);
    const v = jerr ? '' : ((JSON.parse(text || 'null') ?? {}) as { Version?: unknown }).Version;
    if (jerr || typeof v !== 'string' || !v) {
      latest.step.outcome = 'error';
      latest.step.error = `invalid response from proxy ${JSON.stringify(proxyShown(base))}: ${jerr ?? 'no Version'}`;
      return { ok: false, notExist: false, error: latest.step.error, wrap: 'module', steps: [list.step, latest.step] };
    }
    return { ok: true, notExist: false, steps: [list.step, latest.step], resolved: v };
  };

  /** modfetch.TryProxies (proxy.go:138-184) with go's error ranking. */
  const tryProxies = async (file: ChainFile, tryURL: (base: string) => Promise<Attempt>): Promise<{ success?: Attempt; by?: string; best?: Attempt; stop?: Attempt }> => {
    let best: Attempt | undefined;
    let rank = 0; // 0 notExist, 1 proxy, 2 direct
    for (const p of parsed.entries) {
      if (o.signal?.aborted) break;
      const a = (await nonProxyAttempt(p, file)) ?? (await tryURL(p.url!));
      walk.steps.push(...a.steps);
      if (a.ok) return { success: a, by: entryName(p) };
      if (a.timeout || a.skipped) return { stop: a };
      if (a.silent) continue;
      const isDirect = p.kind === 'direct' || (p.kind === 'noproxy' && privateModule);
      if (isDirect) {
        best = a;
        rank = 2;
      } else if (rank <= 1 && !a.notExist) {
        best = a;
        rank = 1;
      } else if (rank === 0) {
        best = a;
      }
      const falls = p.fallBackOnError || a.notExist;
      const last = a.steps[a.steps.length - 1];
      if (last) last.fallsThrough = falls;
      if (!falls) break;
    }
    return { best };
  };

  /** Ends the walk on a failed phase; false when the phase succeeded. */
  const ended = (r: { success?: Attempt; best?: Attempt; stop?: Attempt }): boolean => {
    if (r.stop?.timeout) {
      walk.verdict = { served: false, by: null, error: r.stop.error ?? null, hang: true };
      return true;
    }
    if (r.stop?.skipped) {
      walk.verdict = { served: false, by: null, error: null, unverified: r.stop.error };
      return true;
    }
    if (!r.success) {
      walk.verdict = { served: false, by: null, error: r.best ? goText(r.best) : `${mq}: GOPROXY list is not the empty string, but contains no entries` };
      return true;
    }
    if (r.success.error) {
      // An answer accepted by TryProxies but rejected afterwards (zip checks).
      walk.verdict = { served: false, by: null, error: goText(r.success) };
      return true;
    }
    return false;
  };

  let version = query;
  let files: ChainFile[] = ['info', 'mod', 'zip'];
  if (kind !== 'exact') {
    // Resolve the query first (modload.Query), then download the version it names.
    const r = await tryProxies(kind === 'latest' ? 'list' : 'info', (base) => (kind === 'latest' ? latestFromProxy(base) : fileFromProxy(base, 'info', query)));
    if (ended(r)) return walk;
    if (r.by === 'direct' || !r.success!.resolved) {
      walk.verdict = { served: false, by: null, error: null, unverified: `go would resolve "${query}" with the VCS tool of ${module} (not run)` };
      return walk;
    }
    version = r.success!.resolved!;
    walk.resolvedVersion = version;
    // The .info of the resolved version is already in go's cache.
    files = ['mod', 'zip'];
  }
  for (const file of files) {
    const r = await tryProxies(file, (base) => fileFromProxy(base, file, version));
    if (ended(r)) return walk;
    if (file === 'zip') {
      walk.verdict = { served: true, by: r.by ?? null, error: null };
      if (o.gosumdb !== undefined && o.gosumdb !== 'off' && !(o.gonosumdb && matchPrefixPatterns(o.gonosumdb, module))) {
        walk.verdict.checksumDb = `go then verifies ${module}@${version} with the checksum database ${o.gosumdb.split(/\s+/)[0]} unless go.sum already has it (not part of this walk)`;
      }
      if (r.by === 'direct' && r.success!.steps.some((st) => st.notes?.some((n) => n.startsWith('unverified')))) {
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
  const r = await goGet(url, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal, maxBodyBytes: 1 << 20, variant: o.proxyVariant, goVersion: o.goVersion, session });
  const step: ChainStep = { entry: 'direct', file: 'info', outcome: outcomeOf(r), status: r.status, fallsThrough: false, url, httpProxy: r.proxy, ms: Math.round(r.totalMs) };
  if (r.hops.length) step.hops = r.hops;
  const prefix = `unrecognized import path ${JSON.stringify(module)}`;
  if (r.error?.kind === 'timeout' && r.error.goLimitMs === undefined) {
    step.error = `no answer from ${url} within ${o.timeoutMs} ms; go would wait here with no time limit`;
    return { ok: false, notExist: false, timeout: true, error: step.error, wrap: 'final', steps: [step] };
  }
  if (r.error) {
    step.error = `${prefix}: https fetch: ${r.goError}`;
    step.outcome = 'error';
    return { ok: false, notExist: true, error: step.error, steps: [step] };
  }
  const html = r.body.toString('utf8');
  const metas = [...html.matchAll(/<meta\s+name=["']go-import["']\s+content=["']([^"']+)["']/gi)].map((m) => m[1]);
  if (metas.length === 0) {
    step.outcome = r.status === 200 ? 'error' : outcomeOf(r);
    step.error = r.status !== 200 && r.goError ? `${prefix}: ${r.goError}` : `${prefix}: no go-import meta tags ()`;
    return { ok: false, notExist: true, error: step.error, steps: [step] };
  }
  step.outcome = 'ok';
  step.notes = [`go-import: ${metas.join(' | ')}`, 'unverified: go would now fetch the repository with its VCS tool'];
  return { ok: true, notExist: false, steps: [step] };
}
