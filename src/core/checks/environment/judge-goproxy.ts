/**
 * The 1xx rules for one GOPROXY value (GPD101-GPD106), on top of the exact parser
 * (go@1.19.8 src/cmd/go/internal/modfetch/proxy.go:61-127, 138-184, 196-222).
 */
import type { GoOS } from '../../model/environment';
import type { Fix } from '../../model/result';
import { parseGoproxy, splitGoproxy, type ProxyEntry } from '../../parse/goproxy-list';
import { BUILTIN_GOPROXY } from '../../env/resolve-variables';
import { goFails, q, setFix, type Judgement } from './judgement';
import { hostnameOf, hostOf, isLoopbackHost, isPublicProxyHost, userinfoOf, withoutUserinfo } from './proxy-hosts';

/** Effective GONOPROXY of a scope: its own value, else GOPRIVATE (cfg.go:317-319). */
export function effectiveGonoproxy(env: Record<string, string>): string {
  return env.GONOPROXY || env.GOPRIVATE || '';
}

/** The written element repaired the way people usually mean it, or null when there is no sure repair. */
function repairElement(raw: string, platform: GoOS, goVersion?: string | null): string | null {
  const lower = raw.toLowerCase();
  if (lower === 'direct' || lower === 'off') return lower;
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  if (quoted) return repairElement(quoted[2].trim(), platform) ?? quoted[2].trim();
  if (/\s|;/.test(raw)) {
    const parts = raw.split(/[\s;]+/).filter(Boolean).map((p) => repairElement(p, platform) ?? p);
    return parts.join(',');
  }
  const kw = /^(direct|off)\/+$/i.exec(raw);
  if (kw) return kw[1].toLowerCase();
  if (platform !== 'windows' && raw.startsWith('/') && !raw.startsWith('//')) return 'file://' + raw;
  if (platform === 'windows' && /^[A-Za-z]:[\\/]/.test(raw)) return 'file:///' + raw.replace(/\\/g, '/');
  return null;
}

/** Applies every known repair to the list; the result only when go accepts it. */
export function repairGoproxy(value: string, gonoproxy: string, platform: GoOS, goVersion?: string | null): string | null {
  const parts = splitGoproxy(value);
  let out = '';
  let pos = 0;
  let changed = false;
  for (const p of parts) {
    const fixed = needsRepair(p.raw, platform, goVersion) ? repairElement(p.raw, platform, goVersion) : null;
    out += value.slice(pos, p.start) + (fixed ?? p.raw);
    if (fixed !== null && fixed !== p.raw) changed = true;
    pos = p.end;
  }
  out += value.slice(pos);
  if (!changed) return null;
  const again = parseGoproxy(out, gonoproxy, platform, goVersion);
  if (again.error) return null;
  return out.trim();
}

function needsRepair(raw: string, platform: GoOS, goVersion?: string | null): boolean {
  if (raw === 'direct' || raw === 'off') return false;
  const single = parseGoproxy(raw, '', platform, goVersion);
  if (single.error) return true;
  return suspiciousURL(raw, single.entries[0]) !== null;
}

/** A URL go accepts but that cannot work, with what go will print. */
function suspiciousURL(raw: string, e: ProxyEntry | undefined): { why: string; goError: string } | null {
  if (!e || e.kind !== 'url' || !e.url) return null;
  const host = hostOf(e.url);
  const scheme = e.url.slice(0, e.url.indexOf(':')).toLowerCase();
  if (scheme === 'file') return null;
  if (/^(direct|off)\/+$/i.test(raw)) {
    return { why: `${q(raw)} is not the keyword ${q(raw.replace(/\/+$/, '').toLowerCase())}: go adds https:// and treats it as the host ${q(hostnameOf(e.url))}`, goError: `Get "${e.url.replace(/\/+$/, '')}/<module>/@v/<version>.info": dial tcp: lookup ${hostnameOf(e.url)}: no such host` };
  }
  if (host.includes(';')) {
    return { why: `${q(raw)} contains ";", which is not a separator: go uses the whole text as one host name`, goError: `Get "${e.url}/<module>/@v/<version>.info": dial tcp: lookup ${hostnameOf(e.url)}: no such host` };
  }
  if (host === '') {
    return { why: `${q(raw)} has no host`, goError: `Get "${e.url.replace(/\/+$/, '')}/<module>/@v/<version>.info": http: no Host in request URL` };
  }
  return null;
}

const EXAMPLE = 'example.com/m/@v/v1.0.0.info';

export function judgeGoproxy(value: string, env: Record<string, string>, platform: GoOS, goVersion?: string | null): Judgement[] {
  const out: Judgement[] = [];
  if (value === '') return out; // unset: go uses its default (cfg.go:315)
  const gonoproxy = effectiveGonoproxy(env);
  const p = parseGoproxy(value, gonoproxy, platform, goVersion);
  const repaired = repairGoproxy(value, gonoproxy, platform, goVersion);
  const repairFix = (): Fix[] => (repaired !== null ? [setFix('GOPROXY', repaired, `Set GOPROXY=${repaired}`)] : []);

  // GPD101: go rejects the list.
  if (p.error) {
    const evidence = [`GOPROXY=${q(value)}`];
    if (p.errorEntry) evidence.push(`rejected entry: ${q(p.errorEntry.raw)}`);
    const hint = p.errorEntry ? entryHint(p.errorEntry.raw) : value.trim() === '' || /^[\s,|]*$/.test(value) ? ' The value is not empty (an empty GOPROXY means the default), but it has no entries.' : '';
    const fixes = repairFix();
    if (fixes.length === 0 && !p.errorEntry) fixes.push(setFix('GOPROXY', BUILTIN_GOPROXY, `Set GOPROXY to go's default ${BUILTIN_GOPROXY}`));
    out.push({
      id: 'GPD101', severity: 'error',
      message: `go rejects this GOPROXY, so every module download fails before any request is sent: "${goFails(p.error)}".${hint}`,
      evidence, fixes,
      ...(p.errorEntry ? { span: { start: p.errorEntry.start, end: p.errorEntry.end } } : {}),
    });
  }
  for (const e of p.entries) {
    if (e.kind !== 'url') continue;
    const s = suspiciousURL(e.raw, e);
    if (s) {
      out.push({
        id: 'GPD101', severity: 'error',
        message: `GOPROXY entry ${q(e.raw)} parses but cannot work: ${s.why}. go fails with "${goFails(s.goError)}".`,
        evidence: [`GOPROXY=${q(value)}`, `go's URL for this entry: ${e.url}`], fixes: repairFix(), span: { start: e.start, end: e.end },
      });
    } else if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(e.raw)) {
      out.push({
        id: 'GPD101', severity: 'info',
        message: `GOPROXY entry ${q(e.raw)} has no scheme, so go uses ${e.url}. A server that speaks plain HTTP then fails with "${goFails(`Get "${e.url}/${EXAMPLE}": http: server gave HTTP response to HTTPS client`)}".`,
        evidence: [`GOPROXY=${q(value)}`],
        fixes: [setFix('GOPROXY', replaceSpan(value, e, e.url ?? e.raw), `Write the scheme explicitly: ${e.url}`, false), setFix('GOPROXY', replaceSpan(value, e, 'http://' + e.raw), `If the server speaks plain HTTP: http://${e.raw}`, false)],
        span: { start: e.start, end: e.end },
      });
    }
  }

  // GPD102: entries go never reads; duplicates.
  const lastUsed = [...p.entries].reverse().find((e) => e.kind !== 'noproxy');
  for (const ig of p.ignored) {
    const cut = lastUsed ? value.slice(0, lastUsed.end).trim() : value;
    out.push({
      id: 'GPD102', severity: 'warning',
      message: `GOPROXY entry ${q(ig.raw)} comes after ${q(lastUsed?.raw ?? '')}, so go never uses it (nor even checks it): the list ends at "direct" or "off" (proxy.go:84-95).`,
      evidence: [`GOPROXY=${q(value)}`], span: { start: ig.start, end: ig.end },
      fixes: [setFix('GOPROXY', cut, `Drop what go ignores: GOPROXY=${cut}`)],
    });
  }
  const seen = new Map<string, ProxyEntry>();
  for (const e of p.entries) {
    if (e.kind !== 'url' || !e.url) continue;
    const key = e.url.replace(/\/+$/, '').toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, e);
      continue;
    }
    const without = removeEntry(value, e);
    out.push({
      id: 'GPD102', severity: 'warning',
      message: `GOPROXY lists ${e.url} twice. go asks it again after it failed once, which only repeats the same answer (and doubles the wait on a slow proxy).`,
      evidence: [`GOPROXY=${q(value)}`], span: { start: e.start, end: e.end },
      fixes: [setFix('GOPROXY', without, `Remove the duplicate: GOPROXY=${without}`)],
    });
  }

  // GPD103: off.
  const used = p.entries.filter((e) => e.kind !== 'noproxy');
  const off = used.find((e) => e.kind === 'off');
  if (off && !p.error) {
    const onlyOff = used[0] === off;
    const nonote = gonoproxy ? ` Modules matching GONOPROXY/GOPRIVATE (${q(gonoproxy)}) are still fetched directly from their repositories.` : '';
    out.push({
      id: 'GPD103', severity: onlyOff ? 'warning' : 'info',
      message: onlyOff
        ? `GOPROXY=off: go downloads nothing. Every module that is not already in the module cache fails with "${goFails('module lookup disabled by GOPROXY=off')}" (repo.go:267), including \`go get\`, \`go mod tidy\` and toolchain downloads.${nonote}`
        : `GOPROXY ends in "off": when every proxy before it answers 404 or 410, go stops with "${goFails('module lookup disabled by GOPROXY=off')}" instead of showing the proxies' answers, and never tries the module's own repository.${nonote}`,
      evidence: [`GOPROXY=${q(value)}`], span: { start: off.start, end: off.end },
      fixes: onlyOff ? [setFix('GOPROXY', BUILTIN_GOPROXY, `Let go download again: GOPROXY=${BUILTIN_GOPROXY}`, false)] : [],
    });
  }

  // GPD104: what each separator means.
  // go's own default needs no explanation on every machine.
  if (!p.error && used.length > 1 && value.trim() !== BUILTIN_GOPROXY) {
    const steps: string[] = [];
    for (let i = 0; i < used.length - 1; i++) {
      const a = used[i];
      const b = used[i + 1];
      if (a.kind !== 'url') continue;
      steps.push(a.fallBackOnError
        ? `after any error from ${a.url} (a 5xx, 401/403, TLS, DNS or connection failure, not only 404/410) go tries ${describe(b)}`
        : `after a 404 or 410 from ${a.url} go tries ${describe(b)}; any other error (5xx, 401/403, TLS, DNS, refused, timeout) stops the download there`);
    }
    const hasPipe = used.some((e) => e.kind === 'url' && e.fallBackOnError);
    if (steps.length) {
      out.push({
        id: 'GPD104', severity: 'info',
        message: `GOPROXY=${value.trim()}: ${steps.join('; ')}.${hasPipe ? ' A proxy that accepts the connection and never answers is not an error: go waits for it forever, "|" does not help.' : ''} When all fail go reports the error of "direct" if it was reached, else the last error that is not a 404/410 (proxy.go:138-184).`,
        evidence: [`GOPROXY=${q(value)}`], fixes: [],
      });
    }
    for (let i = 0; i < used.length - 1; i++) {
      const a = used[i];
      const b = used[i + 1];
      if (a.kind === 'url' && a.url && b.kind === 'url' && b.url && a.fallBackOnError && !isPublicProxyHost(hostnameOf(a.url)) && isPublicProxyHost(hostnameOf(b.url))) {
        const fixed = value.slice(0, a.end) + value.slice(a.end).replace('|', ',');
        out.push({
          id: 'GPD104', severity: 'warning',
          message: `GOPROXY has "|" after your own proxy ${a.url}: whenever it fails for any reason (outage, 401/403, TLS), go sends the module path — private ones included — to the public ${b.url}. With "," go only moves on after a 404/410.`,
          evidence: [`GOPROXY=${q(value)}`], span: { start: a.start, end: b.end },
          fixes: [setFix('GOPROXY', fixed, `Fall through only on 404/410: GOPROXY=${fixed}`)],
        });
      }
    }
  }

  // GPD105: an HTTP forward proxy in GOPROXY (heuristic).
  const fwd = [env.HTTPS_PROXY || env.https_proxy || '', env.HTTP_PROXY || env.http_proxy || ''].filter(Boolean).map(normalizeURL);
  for (const e of used) {
    if (e.kind !== 'url' || !e.url) continue;
    const n = normalizeURL(e.url);
    const port = /:(\d+)$/.exec(hostOf(e.url))?.[1];
    const path = e.url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, '');
    const sameAsProxy = fwd.includes(n);
    // Two signals at least: module proxies (Athens, goproxy, Artifactory) also run on 8080.
    const noPath = path === '' || path === '/';
    const squidPort = port === '3128' || port === '3129';
    const proxyPort = ['8080', '8888', '8118', '1080', '9090', '3128', '3129'].includes(port ?? '');
    const proxyish = /(^|[.-])(squid|proxy|gateway|bluecoat|zscaler|websense|fw|firewall)([.-]|$)/i.test(hostnameOf(e.url)) && !/goproxy|athens|gomod|artifactory|nexus/i.test(hostnameOf(e.url)) && !isPublicProxyHost(hostnameOf(e.url));
    const looksLikeProxy = noPath && (squidPort || (proxyPort && (proxyish || Boolean(userinfoOf(e.url)))));
    if (!sameAsProxy && !looksLikeProxy) continue;
    const rest = removeEntry(value, e) || BUILTIN_GOPROXY;
    out.push({
      id: 'GPD105', severity: 'warning',
      message: `GOPROXY entry ${q(e.raw)} looks like an HTTP forward proxy${sameAsProxy ? ' (it is the same URL as HTTP(S)_PROXY)' : ` (${port ? `port ${port}` : 'a proxy-like host'}, no path)`} — this is a heuristic. GOPROXY must name a module proxy that serves /<module>/@v/...; go sends "GET ${e.url.replace(/\/+$/, '')}/${EXAMPLE}" to it as to a module mirror, and a forward proxy answers with an error (often 400, 403, 404 or 407), so downloads fail. A forward proxy belongs in HTTPS_PROXY.`,
      evidence: [`GOPROXY=${q(value)}`, ...(fwd.length ? [`HTTP(S)_PROXY=${fwd.join(' / ')}`] : [])],
      span: { start: e.start, end: e.end },
      fixes: [
        setFix('GOPROXY', rest, `Remove it from GOPROXY: GOPROXY=${rest}`),
        setFix('HTTPS_PROXY', e.url, `Use it as the HTTPS proxy instead: HTTPS_PROXY=${e.url}`, false),
      ],
    });
  }

  // GPD106: plain http to a remote host; credentials in URLs.
  for (const e of used) {
    if (e.kind !== 'url' || !e.url) continue;
    const scheme = e.url.slice(0, e.url.indexOf(':')).toLowerCase();
    const info = userinfoOf(e.url);
    const host = hostnameOf(e.url);
    if (scheme === 'http' && info !== null) {
      out.push({
        id: 'GPD106', severity: 'error',
        message: `GOPROXY entry ${q(withoutUserinfo(e.raw))} carries credentials over plain http. go refuses to send them and every request through it fails with "${goFails(`refusing to pass credentials to insecure URL: ${redactURL(e.url).replace(/\/+$/, '')}/${EXAMPLE}`)}" (web/http.go:170-175). The credentials are also visible to anyone who runs \`go env\` or reads the logs.`,
        evidence: [`GOPROXY=${redactURL(value)}`], span: { start: e.start, end: e.end },
        fixes: [setFix('GOPROXY', replaceSpan(value, e, 'https://' + withoutUserinfo(e.url).replace(/^http:\/\//i, '')), 'Use https and keep the credentials in ~/.netrc (machine <host> login <user> password <token>)', false)],
      });
      continue;
    }
    if (info !== null) {
      out.push({
        id: 'GPD106', severity: 'warning',
        message: `GOPROXY entry ${q(redactURL(e.raw))} contains credentials. go sends them (over https only), but they are also printed by \`go env\`, in CI logs and in error messages. Put them in ~/.netrc (or $NETRC) instead: go sends .netrc credentials to https proxies itself.`,
        evidence: [`GOPROXY=${redactURL(value)}`], span: { start: e.start, end: e.end },
        fixes: [setFix('GOPROXY', replaceSpan(value, e, withoutUserinfo(e.url)), 'Remove the credentials from GOPROXY (after adding them to ~/.netrc)', false)],
      });
    }
    if (scheme === 'http' && !isLoopbackHost(host)) {
      out.push({
        id: 'GPD106', severity: 'warning',
        message: `GOPROXY entry ${q(redactURL(e.raw))} uses plain http to ${host}: module downloads can be read and altered on the way. go.sum and the checksum database still catch altered public modules, but nothing protects modules excluded by GONOSUMDB/GOPRIVATE or GOSUMDB=off.`,
        evidence: [`GOPROXY=${redactURL(value)}`], span: { start: e.start, end: e.end },
        fixes: [setFix('GOPROXY', replaceSpan(value, e, e.url.replace(/^http:/i, 'https:')), `Use https: ${redactURL(e.url.replace(/^http:/i, 'https:'))}`, false)],
      });
    }
  }
  return out;
}

function describe(e: ProxyEntry): string {
  if (e.kind === 'direct') return 'the module\'s own repository ("direct")';
  if (e.kind === 'off') return '"off", which fails with "module lookup disabled by GOPROXY=off"';
  return e.url ?? e.raw;
}

function entryHint(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower === 'direct' || lower === 'off') return ` Keywords are lower-case only: write ${q(lower)}.`;
  if (/\s/.test(raw)) return ' Entries are separated by "," or "|", not by spaces.';
  if (/^["']/.test(raw)) return ' The quotes are part of the value: remove them where the variable is set.';
  if (raw === 'noproxy') return ' "noproxy" is not a keyword you can write.';
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw)) return ' A directory must be written as a file:// URL.';
  return '';
}

function replaceSpan(value: string, e: { start: number; end: number }, text: string): string {
  return (value.slice(0, e.start) + text + value.slice(e.end)).trim();
}

/** The list without entry `e` and its separator. */
function removeEntry(value: string, e: { start: number; end: number }): string {
  let a = e.start;
  let b = e.end;
  const after = /^\s*[,|]/.exec(value.slice(b));
  if (after) b += after[0].length;
  else {
    const before = /[,|]\s*$/.exec(value.slice(0, a));
    if (before) a -= before[0].length;
  }
  return (value.slice(0, a) + value.slice(b)).trim();
}

function normalizeURL(u: string): string {
  let s = u.trim().toLowerCase().replace(/\/+$/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = 'http://' + s;
  return s.replace(/^(https?:\/\/[^/:]+):(80|443)$/, '$1');
}

/** Password → xxxxx, as Go's URL.Redacted (and our reports) print it. */
export function redactURL(s: string): string {
  return s.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#@]*)@/g, '$1$2:xxxxx@');
}
