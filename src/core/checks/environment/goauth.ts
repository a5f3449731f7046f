import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Finding } from '../../model/result';
import type { GoOS } from '../../model/environment';
import { isAbsPath, joinPath } from '../../env/go-path';
import { parseGoVersion, versionAtLeast } from '../../env/go-version';
import { parseGoproxy } from '../../parse/goproxy-list';
import { parseGoURL, type GoURL } from '../../parse/go-url';
import { goauthFatal, gitDirError, parseGoauth, type GoauthCommand, type GoauthParse } from '../../parse/goauth';
import { readNetrc, type NetrcEntry } from '../../parse/netrc';
import { fileLocation, originOf } from './env-findings';

/**
 * Which credentials go sends to each https GOPROXY entry, by the rules of the go in use:
 *
 * - go1.19.8 (and every go before 1.24): src/cmd/go/internal/auth/auth.go AddCredentials —
 *   the first .netrc entry whose `machine` equals the URL's host name (port ignored) sets
 *   Basic auth, even over user info in the URL; GOAUTH does not exist.
 * - go1.26.8 / go1.27.3 (GOAUTH, Go 1.24+): src/cmd/go/internal/auth/auth.go runGoAuth,
 *   loadCredential, storeCredential — each GOAUTH command stores credentials by URL prefix
 *   (`host[:port][/path]`, `https://` and a trailing `/` trimmed); a request takes the
 *   longest stored prefix of its URL as `req.URL.String()` spells it, so the port must be
 *   part of the machine name, and a URL with user info never matches (net/http then sends
 *   the user info). `netrc` stores every complete entry (the first of a machine wins); `git
 *   DIR` asks `git credential fill` only after a 4xx answer; any other command is run, and
 *   what it prints is used. `off` sends nothing from GOAUTH.
 * Both: only https requests get credentials (src/cmd/go/internal/web/http.go).
 */
export type CredentialSource = 'netrc' | 'url-userinfo' | 'none';

export interface ProxyCredentials {
  /** The GOPROXY entry (user info redacted by the report). */
  url: string;
  sends: CredentialSource;
  /** The netrc entry used (never its login or password). */
  netrc?: { machine: string; line: number };
  /** GOAUTH commands that may supply credentials at run time (git, a command). */
  runtime: string[];
}

export interface NetrcFile {
  path: string | null;
  entries: NetrcEntry[];
  incomplete: Array<{ machine: string; line: number }>;
  /** Why go cannot read it (no home folder, unreadable); null when it reads it or it does not exist. */
  error: string | null;
  exists: boolean;
}

/** The .netrc go reads (src/cmd/go/internal/auth/netrc.go netrcPath). */
export function netrcLocation(os: Record<string, string | undefined>, platform: GoOS, modern: boolean, exists: (p: string) => boolean): { path: string | null; error?: string } {
  if (os.NETRC) return { path: os.NETRC };
  // os.UserHomeDir.
  const homeVar = platform === 'windows' ? 'USERPROFILE' : platform === 'plan9' ? 'home' : 'HOME';
  const home = os[homeVar];
  if (!home) return { path: null, error: `$${homeVar} is not defined` };
  if (platform !== 'windows') return { path: joinPath(platform, home, '.netrc') };
  // go1.19.8 reads only _netrc on Windows; newer go prefers _netrc and falls back to .netrc
  // (golang/go#66832, first in Go 1.23; go@1.26.8 netrc.go).
  const legacy = joinPath(platform, home, '_netrc');
  if (!modern || exists(legacy)) return { path: legacy };
  return { path: joinPath(platform, home, '.netrc') };
}

/** url.URL.Hostname(): the host without port and IPv6 brackets. */
function hostname(u: GoURL): string {
  const h = u.host;
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') >= 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(h.slice(colon + 1)) ? h.slice(0, colon) : h;
}

/** storeCredential's key for a netrc machine. */
function prefixKey(machine: string): string {
  let p = machine.startsWith('https://') ? machine.slice('https://'.length) : machine;
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The URL as loadCredential walks it: `req.URL.String()` without `https://` and a trailing `/`. */
function requestPrefix(u: GoURL): string {
  const user = u.user ? `${u.user.username}${u.user.passwordSet ? ':' + u.user.password : ''}@` : '';
  const p = `${user}${u.host}${u.path}`;
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/** The longest stored prefix of `prefix`, walking up at each `/` (loadCredential). */
function longestPrefix<T>(store: Map<string, T>, prefix: string): T | undefined {
  let cur = prefix;
  for (;;) {
    const hit = store.get(cur);
    if (hit !== undefined) return hit;
    const slash = cur.lastIndexOf('/');
    if (slash < 0) return undefined;
    cur = cur.slice(0, slash);
  }
}

/** What go sends to one https proxy URL. */
export function credentialsFor(u: GoURL, modern: boolean, goauth: GoauthParse | null, netrc: readonly NetrcEntry[]): ProxyCredentials {
  const base: ProxyCredentials = { url: '', sends: 'none', runtime: [] };
  if (u.scheme !== 'https') return base;
  const userinfo: CredentialSource = u.user ? 'url-userinfo' : 'none';
  if (!modern) {
    const host = hostname(u);
    const e = netrc.find((l) => l.machine === host);
    return e ? { ...base, sends: 'netrc', netrc: { machine: e.machine, line: e.line } } : { ...base, sends: userinfo };
  }
  const commands = goauth?.commands ?? [{ kind: 'netrc', text: 'netrc' } as GoauthCommand];
  if (commands.some((c) => c.kind === 'off')) return { ...base, sends: userinfo };
  const runtime = commands.filter((c) => c.kind === 'git' || c.kind === 'command').map((c) => c.text);
  if (u.user) return { ...base, sends: 'url-userinfo' };
  const store = new Map<string, NetrcEntry>();
  if (commands.some((c) => c.kind === 'netrc')) {
    // Stored in reverse so that the first entry of a machine wins.
    for (let i = netrc.length - 1; i >= 0; i--) store.set(prefixKey(netrc[i].machine), netrc[i]);
  }
  const e = longestPrefix(store, requestPrefix(u));
  return { ...base, runtime, ...(e ? { sends: 'netrc' as const, netrc: { machine: e.machine, line: e.line } } : {}) };
}

async function readNetrcFile(ctx: CheckContext, modern: boolean): Promise<NetrcFile> {
  const platform = ctx.env.platform;
  const existing = new Set<string>();
  if (platform === 'windows') {
    const home = ctx.env.os.USERPROFILE;
    if (home) {
      const legacy = joinPath(platform, home, '_netrc');
      if (await ctx.host.stat(legacy).catch(() => null)) existing.add(legacy);
    }
  }
  const loc = netrcLocation(ctx.env.os, platform, modern, (p) => existing.has(p));
  const none: NetrcFile = { path: loc.path, entries: [], incomplete: [], error: loc.error ?? null, exists: false };
  if (!loc.path) return none;
  try {
    const text = (await ctx.host.readFile(loc.path, 1024 * 1024)).toString('utf8');
    return { ...none, ...readNetrc(text), exists: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return none;
    return { ...none, error: `cannot read ${loc.path}: ${(e as Error).message}` };
  }
}

function where(file: NetrcFile, e: { machine: string; line: number }): string {
  return `the netrc entry for machine \`${e.machine}\` (${file.path} line ${e.line})`;
}

function netrcLocationOf(file: NetrcFile, e: { machine: string; line: number }): Finding['location'] {
  return file.path ? { file: file.path, startLine: e.line, startColumn: 1, endLine: e.line + 1, endColumn: 1 } : undefined;
}

export const goauth: Check = {
  id: 'GPD108',
  slug: 'goauth',
  layer: 'environment',
  title: 'The credentials go sends to each proxy',
  needs: {},
  timeoutMs: 5000,
  doc: `Explains which credentials go sends to each https GOPROXY entry, by the rules of the go
release in use, and never shows one (only the netrc file, line and machine name).

- **Before Go 1.24** (go1.19.8 \`src/cmd/go/internal/auth/auth.go\`): the first \`.netrc\` entry
  (\`$NETRC\`, else \`~/.netrc\`; \`%USERPROFILE%\\_netrc\` on Windows) whose \`machine\` equals the
  proxy's host name, **port ignored**, is sent as Basic auth — even when the GOPROXY URL has its
  own \`user:password@\`. GOAUTH does not exist: a GOAUTH setting is ignored (warning).
- **Go 1.24+** (go1.26.8 / go1.27.3 \`src/cmd/go/internal/auth/auth.go\`, \`netrc.go\`,
  \`gitauth.go\`, \`userauth.go\`): \`GOAUTH\` (default \`netrc\`) is a \`;\`-separated list of
  \`netrc\`, \`git DIR\` (ask \`git credential fill\` in DIR, after a 4xx answer), \`off\`, or a
  command whose output gives headers per URL prefix. Credentials are stored by URL prefix and a
  request takes the longest one: the netrc machine must include the **port** when the URL has one
  (\`machine goproxy.corp.example:8443\`), may include a path, and a URL with user info never
  matches (go then sends the URL's user info). \`GOAUTH=off\` sends nothing from netrc (user info
  in the URL still is). A malformed GOAUTH stops go at its first https request
  (\`go: GOAUTH encountered an empty command (GOAUTH=netrc;)\`,
  \`go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=netrc;off)\`,
  \`go: GOAUTH=git dir method requires an absolute path to the git working directory\`…):
  an error. Keywords are lower case: \`GOAUTH=NETRC\` runs a program called NETRC.

Warnings: GOAUTH=off while the netrc has an entry for a proxy (the proxy then answers 401/403),
a netrc entry that matched before Go 1.24 but not now (or the reverse) because of the port,
an entry go ignores because its login or password is missing, a GOAUTH command not found.`,
  examples: {
    triggers: { description: 'GOAUTH=off combined with netrc: go stops at its first https request', env: { GOAUTH: 'netrc;off' } },
    passes: { description: 'The default GOAUTH=netrc, no .netrc file', env: { GOPROXY: 'https://proxy.golang.org,direct' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const platform = ctx.env.platform;
    const version = parseGoVersion(ctx.env.go.version);
    // Unknown version: the newest rules (the report's go.rules says so).
    const modern = !version || versionAtLeast(version, 1, 24);
    const release = version ? version.raw : 'go (version unknown: Go 1.24+ rules)';
    const gv = ctx.env.vars.GOAUTH;
    const goauthSet = gv && gv.value !== '' && gv.source !== 'default';
    const findings: Finding[] = [];
    const loc = gv ? fileLocation(ctx, 'GOAUTH') : undefined;
    const atGoauth = loc ? { location: loc } : {};

    let parsed: GoauthParse | null = null;
    if (!modern) {
      if (goauthSet) {
        findings.push({
          id: 'GPD108', severity: 'warning', variable: 'GOAUTH', ...atGoauth,
          message: `GOAUTH=${gv.value} is set, but ${release} ignores it (GOAUTH appeared in Go 1.24): it sends the .netrc entry whose machine is the proxy's host name, nothing else.`,
          evidence: [`GOAUTH is ${originOf(ctx, 'GOAUTH')}`, `go version: ${release}`],
          fixes: [],
        });
      }
    } else {
      parsed = parseGoauth(gv?.value ?? '', (p) => isAbsPath(platform, p));
      for (const c of parsed.commands) {
        if (c.kind === 'git' && !c.error) c.error = gitDirError(c.dir, await ctx.host.stat(c.dir).catch(() => null));
      }
      const fatal = goauthFatal(parsed.commands);
      if (fatal) {
        findings.push({
          id: 'GPD108', severity: 'error', variable: 'GOAUTH', ...atGoauth,
          message: `go stops at its first https request (every proxy and checksum database download): \`${fatal.error}\`.`,
          evidence: [`GOAUTH=${parsed.value} (${originOf(ctx, 'GOAUTH')})`, `go processes the commands last to first; \`${fatal.command.text}\` is the first it rejects`],
          fixes: [{ title: 'Use the default: credentials from .netrc', preferred: true, kind: 'set-variable', variable: 'GOAUTH', value: 'netrc' }],
        });
      }
      for (const c of parsed.commands) {
        if (c.kind !== 'command') continue;
        const lower = c.program.toLowerCase();
        if (lower === 'netrc' || lower === 'off' || lower === 'git') {
          findings.push({
            id: 'GPD108', severity: 'warning', variable: 'GOAUTH', ...atGoauth,
            message: `GOAUTH keywords are lower case: go takes \`${c.text}\` for a command and tries to run a program called ${c.program}, which gives no credentials (go reports why only with -x).`,
            evidence: [`GOAUTH=${parsed.value}`],
            fixes: [{ title: `Write ${lower}`, preferred: true, kind: 'set-variable', variable: 'GOAUTH', value: parsed.commands.map((x) => (x === c ? c.text.replace(c.program, lower) : x.text)).join(';') }],
          });
        } else if (!isAbsPath(platform, c.program) && !c.program.includes('/') && !(await ctx.host.which(c.program).catch(() => null))) {
          findings.push({
            id: 'GPD108', severity: 'warning', variable: 'GOAUTH', ...atGoauth,
            message: `The GOAUTH command \`${c.program}\` is not on PATH: go cannot run it and sends no credentials from it, silently (go prints the error only with -x).`,
            evidence: [`GOAUTH=${parsed.value}`, `PATH=${ctx.env.os.PATH ?? ''}`],
            fixes: [],
          });
        }
      }
      if (fatal) return { findings, data: { goauth: parsed.value, fatal: fatal.error } };
    }

    const netrc = await readNetrcFile(ctx, modern);
    if (netrc.error && netrc.exists === false && netrc.path) {
      findings.push({ id: 'GPD108', severity: 'warning', message: `go cannot read ${netrc.path} and sends no credentials from it (${netrc.error}).`, evidence: [], fixes: [] });
    }

    const gp = parseGoproxy(ctx.env.vars.GOPROXY?.value ?? '', '', platform, ctx.env.go.version);
    const plans: ProxyCredentials[] = [];
    const off = parsed?.commands.some((c) => c.kind === 'off') ?? false;
    for (const entry of gp.entries) {
      if (entry.kind !== 'url' || !entry.url) continue;
      let u: GoURL;
      try {
        u = parseGoURL(entry.url, ctx.env.go.version);
      } catch {
        continue;
      }
      if (u.scheme !== 'https') continue;
      const plan = { ...credentialsFor(u, modern, parsed, netrc.entries), url: entry.url };
      plans.push(plan);
      const label = `https://${u.host}${u.path}`;
      // What the other generation of go would have sent: a netrc entry that matches there and not here.
      const other = credentialsFor(u, !modern, modern ? null : parseGoauth('', (p) => isAbsPath(platform, p)), netrc.entries);
      const ignoredForOff = off ? credentialsFor(u, true, null, netrc.entries) : null;

      if (plan.sends === 'netrc') {
        findings.push({
          id: 'GPD108', severity: 'info',
          message: `${release} sends ${where(netrc, plan.netrc!)} to ${label} (Basic auth).${u.user ? ` The user info written in the GOPROXY URL is not used: before Go 1.24 the netrc entry wins.` : ''}${plan.runtime.length ? ` At run time, GOAUTH's ${plan.runtime.map((t) => `\`${t}\``).join(', ')} may supply other credentials for this URL (the first command written wins).` : ''}`,
          location: netrcLocationOf(netrc, plan.netrc!),
          evidence: [`GOAUTH=${parsed?.value ?? '(not read by this go)'}`, `netrc: ${netrc.path}`],
          fixes: [],
        });
      } else if (plan.sends === 'url-userinfo') {
        findings.push({
          id: 'GPD108', severity: 'info', variable: 'GOPROXY',
          message: `${release} sends the user name and password written in the GOPROXY URL to ${label}${modern && !off ? ' (since Go 1.24 a URL with user info never takes GOAUTH credentials)' : ''}${off ? ' (GOAUTH=off does not stop that)' : ''}.`,
          evidence: [], fixes: [],
        });
      } else if (off && ignoredForOff?.sends === 'netrc') {
        findings.push({
          id: 'GPD108', severity: 'warning', variable: 'GOAUTH', ...atGoauth,
          message: `GOAUTH=off: ${release} sends no credentials to ${label}, although ${where(netrc, ignoredForOff.netrc!)} is meant for it; a proxy that needs them answers 401 or 403.`,
          evidence: [`GOAUTH is ${originOf(ctx, 'GOAUTH')}`],
          fixes: [{ title: 'Send the .netrc credentials', preferred: true, kind: 'set-variable', variable: 'GOAUTH', value: 'netrc' }],
        });
      } else if (other.sends === 'netrc' && (!modern || parsed?.commands.some((c) => c.kind === 'netrc'))) {
        const e = other.netrc!;
        findings.push({
          id: 'GPD108', severity: 'warning',
          message: modern
            ? `${release} sends no credentials to ${label}: ${where(netrc, e)} matched before Go 1.24, which compared host names only; since Go 1.24 the machine must be the URL's prefix \`${requestPrefix(u).split('/')[0]}\` (port included). Add an entry for machine ${requestPrefix(u).split('/')[0]} with the same login and password.`
            : `${release} sends no credentials to ${label}: it compares the netrc machine with the host name \`${hostname(u)}\` only (no port, no path), so ${where(netrc, e)} is used only by Go 1.24+. Add an entry for machine ${hostname(u)} with the same login and password.`,
          location: netrcLocationOf(netrc, e),
          evidence: [`netrc: ${netrc.path}`, `go version: ${release}`],
          fixes: [],
        });
      } else if (plan.runtime.length) {
        findings.push({
          id: 'GPD108', severity: 'info', variable: 'GOAUTH', ...atGoauth,
          message: `${release} gets credentials for ${label} only at run time, from ${plan.runtime.map((t) => `\`${t}\``).join(', ')} (git: after a 4xx answer; a command: its output, per URL prefix).`,
          evidence: [`GOAUTH=${parsed?.value}`], fixes: [],
        });
      }
      const host = hostname(u);
      for (const m of netrc.incomplete) {
        if (m.machine !== host && prefixKey(m.machine).split('/')[0] !== u.host) continue;
        findings.push({
          id: 'GPD108', severity: 'warning',
          message: `go ignores the netrc entry for machine \`${m.machine}\` (${netrc.path} line ${m.line}): it needs both login and password (on the same line as each keyword's value), so nothing is sent to ${label} from it.`,
          location: netrcLocationOf(netrc, m),
          evidence: [`netrc: ${netrc.path}`], fixes: [],
        });
      }
    }
    return { findings, data: { goauth: parsed?.value ?? null, netrc: netrc.path, proxies: plans.map((p) => ({ url: p.url, sends: p.sends, machine: p.netrc?.machine, line: p.netrc?.line, runtime: p.runtime })) } };
  },
};
