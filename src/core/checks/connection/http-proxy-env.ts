import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { hostsOf, tunnelOf, untilAborted } from '../../net/hosts-probes';
import { proxyConfigFromEnv } from '../../net/proxy-env';
import { joinHostPort } from '../../net/tcp-connect';
import { GO_CONNECT_WAIT_MS } from '../../net/connect-tunnel';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

export const httpProxyEnv: Check = {
  id: 'GPD402',
  slug: 'http-proxy-env',
  layer: 'connection',
  title: 'The HTTP proxy go uses works',
  // Reads the variables offline too (--offline): only opening the tunnels needs the network.
  needs: {},
  timeoutMs: 40_000,
  appliesTo: (ctx) => (PROXY_VARS.some((k) => (ctx.env.os[k] ?? '') !== '') ? null : 'no HTTP proxy variable is set: go connects directly'),
  doc: `Applies go's own proxy rules (golang.org/x/net/http/httpproxy, used through net/http.ProxyFromEnvironment): \`HTTPS_PROXY\` for https URLs and \`HTTP_PROXY\` for http URLs only — no cross-fallback; the upper-case name wins whenever it is non-empty; \`NO_PROXY\` entries trimmed and lower-cased; localhost and loopback addresses are never proxied; \`ALL_PROXY\` is not read at all. Then, for each GOPROXY/checksum-database URL that goes through a proxy, it opens the tunnel exactly as go does (\`CONNECT host:443\`, \`Proxy-Authorization\` from the proxy URL's user:password).

What go prints (go@1.19.8 src/net/http/transport.go): a proxy that cannot be reached → \`proxyconnect tcp: dial tcp 10.0.0.1:3128: connect: connection refused\` (:1575-1580); a refused CONNECT → the bare status text, e.g. \`Get "https://proxy.golang.org/…": Proxy Authentication Required\` for 407 or \`Forbidden\` for 403 (:1721-1728); a proxy that never answers the CONNECT → \`context deadline exceeded\` after one minute (:1683-1688).

With \`--offline\` the variables are still judged (upper/lower-case conflicts, \`ALL_PROXY\`, HTTP_PROXY without HTTPS_PROXY, the CGI refusal); only the tunnels are not opened.

These variables only come from the environment go runs in: \`go env -w HTTPS_PROXY=…\` fails with \`go: unknown go command variable HTTPS_PROXY\` (go1.19.8).`,
  examples: {
    triggers: { description: 'HTTPS_PROXY points at a proxy that answers 407 to CONNECT', lab: 'connect-407' },
    passes: { description: 'HTTPS_PROXY points at a proxy that opens the tunnel', lab: 'connect-ok' },
  },
  async run(ctx, signal) {
    const env = ctx.env.os;
    const cfg = proxyConfigFromEnv(env);
    const findings: Finding[] = [];
    const hosts = await untilAborted(hostsOf(ctx), signal);
    const targets = hosts.filter((h) => h.role !== 'http-proxy');
    const proxies = hosts.filter((h) => h.role === 'http-proxy');

    // Upper and lower case both set and different: say which one go reads.
    for (const [upper, lower] of [['HTTPS_PROXY', 'https_proxy'], ['HTTP_PROXY', 'http_proxy'], ['NO_PROXY', 'no_proxy']]) {
      const u = env[upper] ?? '';
      const l = env[lower] ?? '';
      if (u !== '' && l !== '' && u !== l) {
        findings.push({
          id: 'GPD402', severity: 'warning', variable: upper,
          message: `${upper} and ${lower} are both set and differ; go reads ${upper} (the upper-case name wins whenever it is non-empty) and ignores ${lower}=${l}. Other tools (curl reads the lower-case name first) may use the other value.`,
          evidence: [`${upper}=${u}`, `${lower}=${l}`],
          fixes: [{ title: `Give ${lower} the same value as ${upper}`, preferred: true, kind: 'set-variable', variable: lower, value: u }],
        });
      }
    }
    if ((env.ALL_PROXY ?? env.all_proxy ?? '') !== '' && !cfg.httpsProxy && !cfg.httpProxy) {
      findings.push({
        id: 'GPD402', severity: 'warning', variable: 'ALL_PROXY',
        message: 'ALL_PROXY is set but go does not read it: go only uses HTTPS_PROXY/HTTP_PROXY and connects directly.',
        evidence: [`ALL_PROXY=${env.ALL_PROXY ?? env.all_proxy}`],
        fixes: [{ title: 'Set HTTPS_PROXY to the same proxy in the environment go runs in', preferred: true, kind: 'set-variable', variable: 'HTTPS_PROXY', value: env.ALL_PROXY ?? env.all_proxy ?? '' }],
      });
    }
    for (const h of targets) {
      if (h.proxyError) {
        findings.push({
          id: 'GPD402', severity: 'error', variable: 'HTTP_PROXY',
          message: `go refuses every request to ${h.label}: \`Get "${h.url.href}…": ${h.proxyError}\` (REQUEST_METHOD is set, so x/net httpproxy treats the process as CGI and refuses HTTP_PROXY).`,
          evidence: [`REQUEST_METHOD=${env.REQUEST_METHOD}`, h.proxyReason],
          fixes: [{ title: 'Unset REQUEST_METHOD in the environment that runs go', preferred: true, kind: 'command', command: 'unset REQUEST_METHOD' }],
        });
        continue;
      }
      if (!h.proxy && h.url.protocol === 'https:' && cfg.httpProxy && !cfg.httpsProxy) {
        findings.push({
          id: 'GPD402', severity: 'warning', variable: 'HTTPS_PROXY',
          message: `Only ${cfg.httpProxyVar} is set: go uses it for http:// URLs only, so ${h.label} is reached directly, not through ${cfg.httpProxy}.`,
          evidence: [`${cfg.httpProxyVar}=${cfg.httpProxy}`, h.proxyReason],
          fixes: [{ title: 'Set HTTPS_PROXY to the same proxy in the environment go runs in', preferred: true, kind: 'set-variable', variable: 'HTTPS_PROXY', value: cfg.httpProxy }],
        });
      }
    }
    const proxied = targets.filter((h) => h.proxy && !h.proxyError);
    if (ctx.options.offline) {
      const untested = proxied.map((h) => ({ target: h.label, proxy: `${h.proxy!.protocol}//${h.proxy!.host}`, variable: h.proxyVariable ?? 'HTTPS_PROXY', skipped: 'offline: tunnel not opened' }));
      if (findings.length === 0 && untested.length) return { findings, data: untested, status: 'skipped', reason: 'offline: the proxy variables are consistent; the tunnels through the proxy were not opened' };
      return { findings, data: untested };
    }
    // Through the proxy: open each tunnel as go would.
    const tunnels = await untilAborted(Promise.all(proxied.map(async (h) => {
      const proxy = h.proxy!;
      if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') return { h, skipped: `${proxy.protocol} proxies are not probed` };
      if (h.url.protocol !== 'https:') return { h, skipped: 'plain-http requests are sent to the proxy as absolute URLs (no CONNECT)' };
      return { h, r: await tunnelOf(ctx, proxy, joinHostPort(h.hostname, h.port)) };
    })), signal);
    const data: unknown[] = [];
    for (const t of tunnels) {
      const h = t.h;
      const proxy = h.proxy!;
      const pv = h.proxyVariable ?? 'HTTPS_PROXY';
      const proxyText = `${proxy.protocol}//${proxy.host}`;
      data.push({ target: h.label, proxy: proxyText, variable: pv, ...('r' in t && t.r ? { ok: t.r.ok, failure: t.r.failure, ms: t.r.ms } : { skipped: t.skipped }) });
      if (!('r' in t) || !t.r || t.r.ok) continue;
      const f = t.r.failure!;
      const goText = `Get "${h.url.href.replace(/\/$/, '')}/…": ${f.goError}`;
      const fixes: Fix[] = [];
      let what: string;
      if (f.stage === 'proxy-dns' || f.stage === 'proxy-tcp') what = `the proxy ${proxyText} (from ${pv}) cannot be reached`;
      else if (f.stage === 'proxy-tls') what = `${pv} says https:// but ${proxyText} does not speak TLS`;
      else if (f.status === 407) {
        what = `the proxy ${proxyText} wants credentials (407${f.headers?.['proxy-authenticate'] ? `, ${f.headers['proxy-authenticate']}` : ''})${proxy.username ? ' and rejects the ones in the proxy URL' : ' and the proxy URL carries none'}`;
        fixes.push({ title: `Put the proxy credentials in ${pv} (http://user:password@host:port)`, preferred: true, kind: 'set-variable', variable: pv, value: `${proxy.protocol}//USER:PASSWORD@${proxy.host}` });
      } else if (f.status !== undefined) what = `the proxy ${proxyText} refuses to open a tunnel to ${h.hostname}:${h.port} (${f.statusLine ?? f.status})`;
      else if (f.timedOut) what = `the proxy ${proxyText} accepts the connection but never answers the CONNECT; go waits ${GO_CONNECT_WAIT_MS / 1000} s, then fails with \`context deadline exceeded\``;
      else what = `the proxy ${proxyText} answers CONNECT with something that is not HTTP`;
      if (f.stage === 'proxy-tls') fixes.push({ title: `Use http:// for the proxy in ${pv}`, preferred: true, kind: 'set-variable', variable: pv, value: `http://${proxy.host}` });
      findings.push({
        id: 'GPD402', severity: 'error', variable: pv,
        message: `go sends ${h.label} through ${pv}, and ${what}. go fails with \`${goText}\`${f.stage === 'connect' && f.status ? ' — not a "not found" error, so a `,` in GOPROXY stops here' : ''}.`,
        evidence: [h.proxyReason, ...(f.statusLine ? [`CONNECT ${h.hostname}:${h.port} → ${f.statusLine}`] : []), ...(f.detail ? [f.detail] : []), `go: ${f.goError}`],
        fixes,
      });
    }
    for (const p of proxies) data.push({ proxy: p.label, serves: p.serves });
    return { findings, data };
  },
};
