import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { parseProxyValue, proxyForURL } from '../../net/proxy-env';
import { hostsOf, untilAborted } from '../../net/hosts-probes';
import { proxyVariantOf } from '../../net/hosts-needed';

function norm(u: URL | null): string {
  if (!u) return '';
  return `${u.protocol}//${u.host}`.toLowerCase();
}

export const editorProxy: Check = {
  id: 'GPD403',
  slug: 'editor-proxy',
  layer: 'connection',
  title: 'The editor and go use the same HTTP proxy',
  needs: {},
  timeoutMs: 10_000,
  doc: `VS Code's \`http.proxy\` setting routes the editor's and its extensions' traffic; go never reads it. go takes its proxy from HTTPS_PROXY/HTTP_PROXY in its own environment (x/net httpproxy) — in the Go extension's case, the editor's process environment plus \`go.toolsEnvVars\`. When \`http.proxy\` names a proxy go does not use, the editor reaches the network and \`go mod download\` does not: the classic "works in the browser, fails in go" split.`,
  examples: {
    triggers: { description: '`http.proxy` is http://proxy.corp.test:3128 in .vscode/settings.json and HTTPS_PROXY is unset', files: { '.vscode/settings.json': '{ "http.proxy": "http://proxy.corp.test:3128" }' }, env: { GOPROXY: 'https://proxy.golang.org,direct' } },
    passes: { description: 'HTTPS_PROXY names the same proxy as `http.proxy`', files: { '.vscode/settings.json': '{ "http.proxy": "http://proxy.corp.test:3128" }' }, env: { GOPROXY: 'https://proxy.golang.org,direct', HTTPS_PROXY: 'http://proxy.corp.test:3128' } },
  },
  async run(ctx, signal) {
    const ws = await untilAborted(ctx.workspace(), signal);
    const settings = ws.assignments.filter((a) => a.scope.kind === 'vscode-settings' && a.variable === 'http.proxy' && a.value.trim() !== '');
    if (settings.length === 0) return { findings: [], status: 'skipped', reason: 'no http.proxy setting in the workspace' };
    // What go is run with by the Go extension: the environment plus go.toolsEnvVars.
    const env: Record<string, string | undefined> = { ...ctx.env.os };
    for (const a of ws.assignments) if (a.scope.kind === 'vscode-settings' && a.scope.name === 'go.toolsEnvVars' && a.resolution === 'literal') env[a.variable] = a.value;
    const hosts = (await untilAborted(hostsOf(ctx), signal)).filter((h) => h.role === 'goproxy');
    const target = hosts.find((h) => h.url.protocol === 'https:')?.url ?? hosts[0]?.url ?? new URL('https://proxy.golang.org');
    const variant = proxyVariantOf(ctx.env.go.version);
    const goChoice = proxyForURL(target, env, variant);
    const findings: Finding[] = [];
    for (const a of settings) {
      const editor = parseProxyValue(a.value.trim(), variant).url;
      if (norm(editor) === norm(goChoice.proxy)) continue;
      const goSide = goChoice.proxy ? `through ${goChoice.proxy.protocol}//${goChoice.proxy.host} (${goChoice.variable})` : 'directly, with no proxy';
      const httpsVar = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
      findings.push({
        id: 'GPD403',
        severity: 'warning',
        variable: httpsVar,
        location: a.range,
        message: `VS Code uses the proxy ${a.value.trim()} (\`http.proxy\`), but go reaches ${target.host} ${goSide}: go never reads \`http.proxy\`. If the network requires that proxy, the editor works and go does not.`,
        evidence: [`http.proxy = ${a.value.trim()} (${a.scope.file})`, `go: ${goChoice.reason}`],
        fixes: [{ title: `Set ${httpsVar} to the editor's proxy in the environment go runs in (go env -w cannot set it)`, preferred: true, kind: 'set-variable', variable: httpsVar, value: a.value.trim() }],
      });
    }
    return { findings };
  },
};
