import type { Check, CheckContext, CheckOutput } from '../../model/check';
import type { Location } from '../../model/location';
import type { Finding } from '../../model/result';
import { matchPrefixPatterns, splitPatterns } from '../../parse/match-prefix-patterns';
import { setFix } from './judgement';
import { privateHostReason } from './proxy-hosts';

/** Public code hosts: one private path there says nothing about the host's other paths. */
const PUBLIC_CODE_HOSTS = ['github.com', 'gitlab.com', 'bitbucket.org', 'golang.org', 'google.golang.org', 'gopkg.in', 'go.googlesource.com', 'dev.azure.com', 'codeberg.org', 'gitee.com', 'sr.ht', 'git.sr.ht', 'go.uber.org', 'k8s.io', 'sigs.k8s.io', 'cloud.google.com'];

/** Hosts named by any private-pattern variable (GOPRIVATE=git.corp.example/team-a → git.corp.example). */
function privateHostsOf(values: string[]): Set<string> {
  const hosts = new Set<string>();
  for (const v of values) {
    for (const g of splitPatterns(v)) {
      const host = g.glob.trim().split('/')[0];
      if (host && !/[*?[\\]/.test(host) && host.includes('.') && !PUBLIC_CODE_HOSTS.includes(host)) hosts.add(host);
    }
  }
  return hosts;
}

/**
 * Private-looking modules of go.mod/go.sum that GONOPROXY/GONOSUMDB do not cover. Static part:
 * "private" from the path alone (no dot, a private top-level name, an IP, or the host of an
 * existing private pattern). Mirrors go@1.19.8 src/cmd/go/internal/modfetch/repo.go:229-253
 * (GONOPROXY) and sumdb.go:35-37 (GONOSUMDB), both via module.MatchPrefixPatterns.
 */
export const privateModuleUncovered: Check = {
  id: 'GPD122',
  slug: 'private-module-uncovered',
  layer: 'environment',
  title: 'Private modules are covered by GOPRIVATE',
  needs: {},
  timeoutMs: 5000,
  doc: `Finds modules required in go.mod (or listed in go.sum) that are evidently private and that
GONOPROXY or GONOSUMDB (both default to GOPRIVATE) do not cover. go then asks GOPROXY for them
(\`go@1.19.8 src/cmd/go/internal/modfetch/repo.go:229-253\`) and looks them up in the checksum
database (\`sumdb.go:35-37\`): their paths leak to public services, and the download fails with
\`reading https://proxy.golang.org/...: 404 Not Found\` / \`410 Gone\` or
\`verifying module: ... 404 Not Found\` unless go.sum already has them.

"Private" is judged from the path here: a host without a dot, a non-public top-level name
(\`.local\`, \`.internal\`, \`.corp\`, \`.lan\`, ...), an IP address, or a host already named in
GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE for other paths (\`GOPRIVATE=git.corp.example/team-a\` but
\`git.corp.example/team-b/lib\` required). Modules replaced by a local directory are never
downloaded and are skipped. Network checks confirm other private modules by the 404/410 answers
of the proxy and the checksum database. The preferred fix adds the host to GOPRIVATE.`,
  examples: {
    triggers: { description: 'A module on an internal host, no GOPRIVATE', env: {}, files: { 'go.mod': 'module example.com/app\n\ngo 1.19\n\nrequire git.corp.internal/platform/log v1.2.0\n' } },
    passes: { description: 'The internal host in GOPRIVATE', env: { GOPRIVATE: 'git.corp.internal' }, files: { 'go.mod': 'module example.com/app\n\ngo 1.19\n\nrequire git.corp.internal/platform/log v1.2.0\n' } },
  },
  async run(ctx: CheckContext): Promise<CheckOutput> {
    const ws = await ctx.workspace();
    const v = (n: string) => ctx.env.vars[n]?.value ?? '';
    const gonoproxy = v('GONOPROXY');
    const gonosumdb = v('GONOSUMDB');
    const gopriv = v('GOPRIVATE');
    const known = privateHostsOf([gopriv, gonoproxy, gonosumdb, v('GOINSECURE')]);
    const local = new Set<string>();
    for (const m of ws.goMods) {
      for (const r of m.replaces ?? []) {
        if (/^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/])/.test(r.new.path) || r.new.path === '.' || r.new.path === '..') local.add(r.old.path);
      }
    }
    const seen = new Map<string, { location?: Location; source: string }>();
    for (const m of ws.goMods) for (const r of m.requires ?? []) if (!seen.has(r.path)) seen.set(r.path, { location: r.location, source: m.file });
    for (const s of ws.goSums) for (const l of s.lines ?? []) if (!seen.has(l.path)) seen.set(l.path, { location: l.location, source: s.file });
    const findings: Finding[] = [];
    for (const [mod, where] of seen) {
      if (local.has(mod)) continue;
      const host = mod.split('/')[0];
      const reason = privateHostReason(host) ?? (known.has(host) ? `${host} is already named in your private patterns for other paths` : null);
      if (!reason) continue;
      const proxied = !matchPrefixPatterns(gonoproxy, mod);
      const summed = !matchPrefixPatterns(gonosumdb, mod);
      if (!proxied && !summed) continue;
      const leaks = [proxied ? 'asks GOPROXY for it' : '', summed ? 'looks it up in the checksum database' : ''].filter(Boolean).join(' and ');
      // Go does not trim patterns (module.go MatchPrefixPatterns): the new value drops stray spaces and empty elements too.
      const kept = gopriv.split(',').map((p) => p.trim()).filter(Boolean);
      const newPriv = [...kept, host].join(',');
      const f: Finding = {
        id: 'GPD122', severity: 'warning',
        message: `${mod} looks private (${reason}), but ${proxied && summed ? 'neither GONOPROXY nor GONOSUMDB' : proxied ? 'GONOPROXY does not' : 'GONOSUMDB does not'} cover${proxied && summed ? '' : 's'} it: go ${leaks}, which sends the path to public services and fails with a 404/410 ("reading .../${mod}/@v/...: 404 Not Found" or "verifying module: ...: 410 Gone") unless go.sum already has it.`,
        evidence: [`${mod} in ${where.source}`, `GOPRIVATE=${JSON.stringify(gopriv)}`, `GONOPROXY=${JSON.stringify(gonoproxy)}`, `GONOSUMDB=${JSON.stringify(gonosumdb)}`],
        fixes: [setFix('GOPRIVATE', newPriv, `Add ${host} to GOPRIVATE: GOPRIVATE=${newPriv}`)],
        variable: 'GOPRIVATE',
      };
      if (where.location) f.location = where.location;
      findings.push(f);
    }
    return { findings };
  },
};
