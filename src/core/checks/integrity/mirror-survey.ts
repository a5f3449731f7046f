/**
 * Asks every mirror the user relies on (each GOPROXY URL entry plus the mirrors listed with
 * `--mirror`; never a public mirror they did not name) about the workspace's modules with
 * the GOPROXY protocol (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go; GO-FACTS §5.2):
 * `@v/list`, `<v>.info`, `<v>.mod`, `<v>.zip` — hashing `.mod` and `.zip` as go.sum does —
 * and records each answer's time and caching headers. Modules matched by GONOPROXY
 * (GOPRIVATE) are never sent to any mirror: go would not send them either.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckContext } from '../../model/check';
import { escapePath, escapeVersion } from '../../parse/module-path';
import { impliedProxyURL, validateProxyURL } from '../../parse/goproxy-list';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';
import { hashGoMod, hashZip } from '../../cache/dirhash';
import { mapLimit } from '../../cache/modcache-scan';
import { type HttpResponse, HttpGetError, joinURL, statusErrorText } from '../../sumdb/http-get';
import { stalledOriginsOf, stalledText } from '../../net/stalled-origins';
import { workspaceModules, type WorkspaceModule } from '../cache/cache-common';
import { httpGetOf, noProxyPatterns, proxiesOf } from './integrity-common';

export interface Mirror {
  url: string;
  /** Where it comes from: its GOPROXY position, or the user's --mirror list. */
  from: 'GOPROXY' | 'listed';
}

export interface Answer {
  url: string;
  status?: number;
  error?: string;
  timeMs: number;
  bytes: number;
  cache: Record<string, string>;
}

export interface MirrorModule {
  mirror: string;
  module: string;
  version: string;
  list?: { answer: Answer; versions?: string[] };
  info?: { answer: Answer; version?: string; time?: string };
  mod?: { answer: Answer; h1?: string };
  zip?: { answer: Answer; h1?: string; note?: string };
}

export interface MirrorSurvey {
  mirrors: Mirror[];
  modules: WorkspaceModule[];
  results: MirrorModule[];
  /** Modules not asked because GONOPROXY/GOPRIVATE matches them. */
  privateSkipped: string[];
  limited: number;
}

/** Largest zip downloaded for comparison (bigger ones are compared by .mod and .info only). */
export const MAX_ZIP_BYTES = 32 << 20;
const MAX_MODULES = 25;
/**
 * Modules asked at once per mirror, every mirror at the same time: the survey waits on the
 * network, so the limit bounds connections per server, not CPU.
 */
const PER_MIRROR = 5;

export function mirrorsOf(ctx: CheckContext): Mirror[] {
  const out: Mirror[] = [];
  const seen = new Set<string>();
  const add = (url: string, from: Mirror['from']) => {
    const u = url.replace(/\/+$/, '');
    if (!seen.has(u)) {
      seen.add(u);
      out.push({ url: u, from });
    }
  };
  const p = proxiesOf(ctx);
  for (const e of p.entries) if (e.kind === 'url' && e.url && /^https?:/.test(e.url)) add(e.url, 'GOPROXY');
  for (const m of ctx.options.mirrors) {
    const u = impliedProxyURL(m.trim(), ctx.env.platform);
    if (validateProxyURL(u, ctx.env.go.version) === null && /^https?:/.test(u)) add(u, 'listed');
  }
  return out;
}

export function surveyOf(ctx: CheckContext, signal: AbortSignal): Promise<MirrorSurvey> {
  return ctx.memo('integrity:mirror-survey', () => survey(ctx, signal));
}

async function survey(ctx: CheckContext, signal: AbortSignal): Promise<MirrorSurvey> {
  const mirrors = mirrorsOf(ctx);
  const noproxy = noProxyPatterns(ctx);
  const all = await workspaceModules(ctx);
  const privateSkipped = all.filter((m) => matchPrefixPatterns(noproxy, m.path)).map((m) => `${m.path}@${m.version}`);
  const eligible = all.filter((m) => !matchPrefixPatterns(noproxy, m.path));
  const modules = [...eligible.filter((m) => m.required), ...eligible.filter((m) => !m.required)].slice(0, MAX_MODULES);
  const get = httpGetOf(ctx);
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-mirror-'));
  try {
    const stalls = await stalledOriginsOf(ctx);
    const surveyOne = async (mirror: Mirror, m: WorkspaceModule): Promise<MirrorModule> => {
      const r: MirrorModule = { mirror: mirror.url, module: m.path, version: m.version };
      let base: string;
      let ev: string;
      try {
        base = joinURL(mirror.url, escapePath(m.path));
        ev = escapeVersion(m.version);
      } catch {
        return r;
      }
      const ask = async (url: string, maxBytes: number): Promise<{ answer: Answer; res?: HttpResponse }> => {
        // go would hang at the first request a mirror never answers: ask it nothing more.
        const stall = stalls.stalled(mirror.url);
        if (stall) return { answer: { url, error: stalledText(stall), timeMs: 0, bytes: 0, cache: {} } };
        const t0 = Date.now();
        try {
          const res = await get(url, { signal, timeoutMs: ctx.options.timeoutMs, maxBytes });
          return {
            answer: { url, status: res.status, ...(res.status !== 200 ? { error: statusErrorText(url, res).split('\n')[0] } : {}), timeMs: res.timeMs, bytes: res.body.length, cache: res.cacheEvidence ?? pickCache(res.headers) },
            res,
          };
        } catch (e) {
          if (signal.aborted) throw e;
          if (e instanceof HttpGetError && e.code === 'timeout') stalls.mark(mirror.url, url, ctx.options.timeoutMs);
          return { answer: { url, error: (e as Error).message, timeMs: Date.now() - t0, bytes: 0, cache: {} } };
        }
      };
      // go.sum lists only the go.mod of most versions in the graph: go never downloads their
      // zips, and neither do we. Whether the zip is wanted is known up front, so it is asked
      // together with the rest.
      const wantZip = m.zip.length > 0 || m.required;
      const [list, info, mod, zip] = await Promise.all([
        ask(`${base}/@v/list`, 1 << 20),
        ask(`${base}/@v/${ev}.info`, 64 << 10),
        ask(`${base}/@v/${ev}.mod`, 16 << 20),
        wantZip ? ask(`${base}/@v/${ev}.zip`, MAX_ZIP_BYTES) : undefined,
      ]);
      r.list = { answer: list.answer, ...(list.res?.status === 200 ? { versions: list.res.body.toString('utf8').split('\n').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) } : {}) };
      r.info = { answer: info.answer };
      if (info.res?.status === 200) {
        try {
          const j = JSON.parse(info.res.body.toString('utf8')) as { Version?: string; Time?: string };
          r.info.version = j.Version;
          r.info.time = j.Time;
        } catch {
          r.info.answer.error = 'the .info answer is not JSON';
        }
      }
      r.mod = { answer: mod.answer, ...(mod.res?.status === 200 && !mod.res.truncated ? { h1: hashGoMod(mod.res.body) } : {}) };
      if (!zip) return r;
      r.zip = { answer: zip.answer };
      if (zip.res?.status === 200) {
        if (zip.res.truncated) r.zip.note = `larger than ${MAX_ZIP_BYTES >> 20} MiB: not compared`;
        else {
          const f = path.join(tmp, `${Math.random().toString(36).slice(2)}.zip`);
          try {
            await fsp.writeFile(f, zip.res.body);
            r.zip.h1 = (await hashZip(f, { signal })).hash;
          } catch (e) {
            r.zip.note = `not a usable zip: ${(e as Error).message}`;
          } finally {
            await fsp.rm(f, { force: true });
          }
        }
      }
      return r;
    };
    const perMirror = await Promise.all(mirrors.map((mirror) => mapLimit(modules, (m) => surveyOne(mirror, m), PER_MIRROR, signal)));
    const results = perMirror.flat();
    return { mirrors, modules, results, privateSkipped, limited: Math.max(0, eligible.length - modules.length) };
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

const CACHE_HEADERS = ['age', 'etag', 'last-modified', 'x-cache', 'x-cache-status', 'cf-cache-status', 'cache-control', 'via'];

function pickCache(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CACHE_HEADERS) if (h[k]) out[k] = h[k];
  return out;
}

export interface MirrorHealth {
  mirror: string;
  from: Mirror['from'];
  requests: number;
  ok: number;
  notFound: number;
  failed: number;
  medianMs: number;
  maxMs: number;
  /** Caching evidence seen (header → example value). */
  cache: Record<string, string>;
}

/** One row per mirror: answers, timings and caching evidence. */
export function healthTable(s: MirrorSurvey): MirrorHealth[] {
  return s.mirrors.map((m) => {
    const answers = s.results.filter((r) => r.mirror === m.url).flatMap((r) => [r.list?.answer, r.info?.answer, r.mod?.answer, r.zip?.answer]).filter((a): a is Answer => !!a);
    const times = answers.map((a) => a.timeMs).sort((a, b) => a - b);
    const cache: Record<string, string> = {};
    for (const a of answers) for (const [k, v] of Object.entries(a.cache)) if (k !== 'date' && !(k in cache)) cache[k] = v;
    return {
      mirror: m.url, from: m.from, requests: answers.length,
      ok: answers.filter((a) => a.status === 200).length,
      notFound: answers.filter((a) => a.status === 404 || a.status === 410).length,
      failed: answers.filter((a) => a.status === undefined || (a.status !== 200 && a.status !== 404 && a.status !== 410)).length,
      medianMs: times.length ? times[Math.floor(times.length / 2)] : 0,
      maxMs: times.length ? times[times.length - 1] : 0,
      cache,
    };
  });
}

export function healthLine(h: MirrorHealth): string {
  const cache = Object.entries(h.cache).map(([k, v]) => `${k}: ${v}`).join('; ');
  return `${h.mirror} (${h.from}): ${h.ok}/${h.requests} OK, ${h.notFound} not found, ${h.failed} failed; median ${h.medianMs} ms, max ${h.maxMs} ms; cache headers: ${cache || 'none'}`;
}
