/**
 * The 1xx rules for GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE values (GPD121, GPD123,
 * GPD124), on top of module.MatchPrefixPatterns (go@1.19.8
 * src/cmd/vendor/golang.org/x/mod/module/module.go:802-841; go@1.26.8 and go@1.27.3 :801-840
 * and path.Match are refactored with the same meaning): comma-separated path.Match
 * globs, no trimming, case-sensitive, one trailing slash ignored, bad globs ignored.
 */
import type { GoOS } from '../../model/environment';
import { matchPrefixPatterns, pathMatch, splitPatterns } from '../../parse/match-prefix-patterns';
import { parseGoproxy } from '../../parse/goproxy-list';
import { q, setFix, type Judgement } from './judgement';
import { hostnameOf, isPublicProxyHost } from './proxy-hosts';

export const PATTERN_VARIABLES = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE'] as const;

/** A glob repaired the way people usually mean it (null = nothing to repair). */
function repairGlob(glob: string): string | null {
  let g = glob.trim();
  g = g.replace(/^(["'])(.*)\1$/, '$2').trim();
  g = g.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
  g = g.replace(/^[^@/]*@/, ''); // user@host
  g = g.replace(/\.git$/, '');
  g = g.replace(/\/+$/, '');
  const slash = g.indexOf('/');
  const first = slash < 0 ? g : g.slice(0, slash);
  g = first.toLowerCase() + (slash < 0 ? '' : g.slice(slash));
  return g === glob ? null : g;
}

/** Why go can never match `glob` against a module path, or null. */
function globProblem(glob: string): string | null {
  if (glob === '') return null;
  if (glob !== glob.trim()) return 'it has spaces around it, and go does not trim patterns, so the spaces must appear in the module path';
  if (/^["']|["']$/.test(glob)) return 'the quote characters are part of the pattern, so it matches nothing';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(glob)) return 'patterns match module paths, which have no scheme ("https://..."), so it matches nothing';
  if (/\s/.test(glob)) return 'module paths contain no spaces, so it matches nothing';
  if (pathMatch(glob.replace(/\/$/, ''), '').error) return 'it is not a valid path.Match pattern, and go silently ignores malformed patterns';
  if (/^[^/]*@/.test(glob)) return 'module paths contain no "user@", so it matches nothing';
  if (glob.replace(/\/$/, '').endsWith('/')) return 'after go drops one trailing "/", an empty element is left, which matches nothing';
  const first = glob.split('/')[0];
  if (/[A-Z]/.test(first) && !/[*?[\\]/.test(first)) return 'the first element of a module path is always lower-case, and matching is case-sensitive';
  if (/\.git\/?$/.test(glob)) return 'module paths do not end in ".git" (unless the module is really named so)';
  return null;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * The first required module that a GOPRIVATE glob written with a scheme was meant for: it
 * matches the glob without its scheme, and no other glob of the list covers it (go then treats
 * it as public: GOPROXY and the checksum database, which fail for a private module).
 */
function strandedModule(glob: string, value: string, required: readonly string[]): string | null {
  if (!SCHEME.test(glob)) return null;
  const bare = glob.replace(SCHEME, '').replace(/^[^@/]*@/, '');
  if (bare === '') return null;
  return required.find((m) => matchPrefixPatterns(bare, m) && !matchPrefixPatterns(value, m)) ?? null;
}

/**
 * GPD121 for one pattern variable. GONOPROXY=none is the documented "match nothing" value,
 * never a problem. `required` (go.mod's require paths) makes a GOPRIVATE glob with a scheme an
 * error when it was meant for one of them.
 */
export function judgePatternSyntax(variable: string, value: string, required: readonly string[] = []): Judgement[] {
  const out: Judgement[] = [];
  if (value === '') return out;
  const globs = splitPatterns(value);
  let fixed = '';
  let changed = false;
  for (const g of globs) {
    const why = globProblem(g.glob);
    const rep = why ? repairGlob(g.glob) : null;
    fixed += (fixed === '' && g === globs[0] ? '' : ',') + (rep ?? g.glob);
    if (rep !== null) changed = true;
    if (!why) continue;
    const stranded = variable === 'GOPRIVATE' ? strandedModule(g.glob, value, required) : null;
    out.push({
      id: 'GPD121', severity: stranded ? 'error' : 'warning',
      message: stranded
        ? `GOPRIVATE pattern ${q(g.glob)} never matches: ${why}. go.mod requires ${stranded}, which it was meant to cover: go treats that module as public, asks GOPROXY for it and checks it against the checksum database, where a private module fails (404 Not Found / 410 Gone, or "verifying module: ... reading https://sum.golang.org/lookup/...").`
        : `${variable} pattern ${q(g.glob)} never matches: ${why}. Modules it was meant to cover are treated as public${variable === 'GOINSECURE' ? ' (still fetched with TLS verification)' : variable === 'GONOPROXY' ? ' (fetched through GOPROXY)' : variable === 'GONOSUMDB' ? ' (checked against the checksum database)' : ' (fetched through GOPROXY and checked against the checksum database, which leaks their paths and fails for private ones)'}.`,
      evidence: [`${variable}=${q(value)}`, ...(stranded ? [`go.mod requires ${stranded}`] : [])], span: { start: g.start, end: g.end },
      fixes: [],
    });
  }
  if (changed) {
    const clean = fixed.split(',').filter((x) => x !== '').join(',');
    for (const j of out) j.fixes.push(setFix(variable, clean, `Set ${variable}=${clean}`));
  }
  if (variable !== 'GONOPROXY') {
    for (const g of globs) {
      if (g.glob.replace(/\/$/, '') !== '*') continue;
      out.push({
        id: 'GPD121', severity: 'warning',
        message: variable === 'GOINSECURE'
          ? 'GOINSECURE=* lets every direct (VCS) fetch use plain http and skip certificate checks, for all modules. It never affects GOPROXY or the checksum database.'
          : `${variable}=* matches every module: ${variable === 'GONOSUMDB' ? 'nothing is checked against the checksum database' : 'every module is fetched directly from its repository (GOPROXY is never used) and nothing is checked against the checksum database'}. List your private hosts instead (e.g. "git.corp.example,github.com/your-org").`,
        evidence: [`${variable}=${q(value)}`], span: { start: g.start, end: g.end }, fixes: [],
      });
    }
  }
  return out;
}

/** GPD123 (overbroad / none / one without the other) for a scope's pattern variables. */
export function judgePatternCoverage(variable: string, value: string, env: Record<string, string>, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  const priv = env.GOPRIVATE ?? '';
  if (variable === 'GONOPROXY') {
    if (value !== '' && splitPatterns(value).some((g) => g.glob.replace(/\/$/, '') === '*')) {
      out.push({
        id: 'GPD123', severity: 'warning',
        message: 'GONOPROXY=* makes go fetch every module directly from its repository (git, hg, ...): GOPROXY is never used, so downloads need network access to every origin and VCS tools.',
        evidence: [`GONOPROXY=${q(value)}`], fixes: priv ? [setFix('GONOPROXY', '', 'Remove GONOPROXY so it follows GOPRIVATE')] : [],
      });
    }
    if (value === 'none' && priv !== '') {
      const proxy = env.GOPROXY || 'https://proxy.golang.org,direct';
      const pp = parseGoproxy(proxy, '', 'linux', goVersion);
      const pub = pp.entries.find((e) => e.kind === 'url' && e.url && isPublicProxyHost(hostnameOf(e.url)));
      out.push({
        id: 'GPD123', severity: pub ? 'warning' : 'info',
        message: pub
          ? `GONOPROXY=none overrides GOPRIVATE=${q(priv)} for downloads: private modules are requested from GOPROXY, including the public ${pub.url}, which learns their paths and answers 404/410. (GONOSUMDB still follows GOPRIVATE, so the checksum database is skipped.)`
          : `GONOPROXY=none overrides GOPRIVATE=${q(priv)} for downloads: private modules are fetched through GOPROXY (${proxy}), which must be able to serve them; the checksum database is still skipped for them (GONOSUMDB follows GOPRIVATE).`,
        evidence: [`GONOPROXY=none`, `GOPRIVATE=${q(priv)}`, `GOPROXY=${q(proxy)}`], fixes: [],
      });
    }
  }
  if (variable === 'GONOSUMDB' && value !== '' && priv === '' && (env.GONOPROXY ?? '') === '') {
    out.push({
      id: 'GPD123', severity: 'warning',
      message: `GONOSUMDB=${q(value)} is set without GONOPROXY or GOPRIVATE: those modules skip the checksum database but are still requested from GOPROXY first, so a public proxy learns their paths (and answers 404/410 before go falls back to direct). GOPRIVATE sets both.`,
      evidence: [`GONOSUMDB=${q(value)}`], fixes: [setFix('GOPRIVATE', value, `Set GOPRIVATE=${value} (covers downloads and the checksum database)`)],
    });
  }
  if (variable === 'GONOPROXY' && value !== '' && value !== 'none' && priv === '' && (env.GONOSUMDB ?? '') === '') {
    out.push({
      id: 'GPD123', severity: 'warning',
      message: `GONOPROXY=${q(value)} is set without GONOSUMDB or GOPRIVATE: those modules are fetched directly, but go still looks them up in the checksum database, which leaks their paths to sum.golang.org and fails for private modules with "verifying module: ... 404 Not Found" or "410 Gone". GOPRIVATE sets both.`,
      evidence: [`GONOPROXY=${q(value)}`], fixes: [setFix('GOPRIVATE', value, `Set GOPRIVATE=${value} (covers downloads and the checksum database)`)],
    });
  }
  return out;
}

/** GPD124: GOINSECURE only relaxes direct fetches (go@1.19.8 modfetch/repo.go:272-294). */
export function judgeGoinsecure(value: string, env: Record<string, string>, platform: GoOS, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  if (value === '') return out;
  const proxy = env.GOPROXY || 'https://proxy.golang.org,direct';
  const pp = parseGoproxy(proxy, env.GONOPROXY || env.GOPRIVATE || '', platform, goVersion);
  for (const e of pp.entries) {
    if (e.kind !== 'url' || !e.url) continue;
    const hostPath = e.url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?/, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
    const hostOnly = hostnameOf(e.url);
    if (!matchPrefixPatterns(value, hostPath) && !matchPrefixPatterns(value, hostOnly)) continue;
    out.push({
      id: 'GPD124', severity: 'warning',
      message: `GOINSECURE=${q(value)} covers the GOPROXY host ${hostOnly}, but GOINSECURE never applies to GOPROXY requests (nor to the checksum database): go still verifies ${e.url}'s certificate and refuses https→http redirects. It only relaxes direct (VCS) fetches of matching module paths. For a proxy with a private CA, give go the CA: SSL_CERT_FILE=<bundle> (Linux/BSD) or the OS trust store (macOS/Windows).`,
      evidence: [`GOINSECURE=${q(value)}`, `GOPROXY=${q(proxy)}`], fixes: [],
    });
  }
  const hasDirect = pp.entries.some((e) => e.kind === 'direct' || e.kind === 'noproxy');
  if (!hasDirect && !pp.error) {
    out.push({
      id: 'GPD124', severity: 'info',
      message: `GOINSECURE=${q(value)} has no effect here: GOPROXY=${q(proxy)} has no "direct" and GONOPROXY/GOPRIVATE are empty, so go never fetches directly, and GOINSECURE only relaxes direct fetches.`,
      evidence: [`GOINSECURE=${q(value)}`, `GOPROXY=${q(proxy)}`], fixes: [],
    });
  }
  return out;
}
