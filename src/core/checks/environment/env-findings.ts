/**
 * Turns the per-variable judgements (judge-value.ts) into findings about the effective Go
 * environment: which value go uses, where it comes from, and — when it comes from the
 * go/env file — the exact place in that file.
 */
import type { CheckContext } from '../../model/check';
import type { EnvValue } from '../../model/environment';
import type { Finding } from '../../model/result';
import { judgeValue } from './judge-value';
import type { JudgeFacts } from './judgement';

const SOURCE_TEXT: Record<EnvValue['source'], string> = {
  os: 'the OS environment',
  'go-env-file': 'the go/env file (go env -w)',
  'goroot-go-env': '$GOROOT/go.env',
  default: "go's default",
};

/** The variables of the effective environment as one scope (own values; inherited ones empty). */
export function scopeOf(ctx: CheckContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.env.vars)) env[k] = v.inheritedFrom ? '' : v.value;
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    const v = ctx.env.os[k];
    if (v) env[k] = v;
  }
  return env;
}

/** Where the value of `name` comes from, in words. */
export function originOf(ctx: CheckContext, name: string): string {
  const v = ctx.env.vars[name];
  if (!v) return 'unset';
  if (v.inheritedFrom) return `inherited from ${v.inheritedFrom}`;
  if (v.source === 'go-env-file' && ctx.env.envFile.path) return `from ${ctx.env.envFile.path}`;
  return `from ${SOURCE_TEXT[v.source]}`;
}

/**
 * The facts the rules take from the workspace (go.mod requirements, being in a module) and
 * the go version whose rules apply; the newest rules when the version is unknown.
 */
export async function workspaceFacts(ctx: CheckContext): Promise<JudgeFacts> {
  const ws = await ctx.workspace();
  const requiredModules = [...new Set(ws.goMods.flatMap((m) => m.requires.map((r) => r.path)))];
  return { goVersion: ctx.env.go.version, requiredModules, inModule: ws.goMods.length > 0 || !!ws.goWork };
}

/**
 * Findings of check `id` for the given variables of the effective environment, judged by the
 * rules of the go that will run (`facts` defaults to its version alone).
 */
export function envFindings(ctx: CheckContext, id: string, variables: readonly string[], facts: JudgeFacts = { goVersion: ctx.env.go.version }): Finding[] {
  const scope = scopeOf(ctx);
  const out: Finding[] = [];
  for (const name of variables) {
    const v = ctx.env.vars[name];
    if (!v || v.inheritedFrom) continue;
    for (const j of judgeValue(name, v.value, scope, ctx.env.platform, facts)) {
      if (j.id !== id) continue;
      const f: Finding = {
        id: j.id, severity: j.severity, variable: name, message: j.message,
        evidence: [...j.evidence, `${name} is ${originOf(ctx, name)}`], fixes: j.fixes,
      };
      const loc = fileLocation(ctx, name, j.span);
      if (loc) f.location = loc;
      out.push(f);
    }
  }
  return out;
}

/** The value's place in the go/env file (KEY=VALUE lines; the last line of a key wins). */
export function fileLocation(ctx: CheckContext, name: string, span?: { start: number; end: number }): Finding['location'] | undefined {
  const v = ctx.env.vars[name];
  if (!v || v.source !== 'go-env-file' || !ctx.env.envFile.path) return undefined;
  const line = ctx.env.envFile.entries.filter((e) => e.key === name).pop();
  if (!line || line.value !== v.value) return undefined;
  const col = name.length + 2; // 1-based column of the value's first character
  const s = span ?? { start: 0, end: v.value.length };
  return { file: ctx.env.envFile.path, startLine: line.line, startColumn: col + s.start, endLine: line.line, endColumn: col + s.end };
}
