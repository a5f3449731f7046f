import * as path from 'node:path';
import type { Host } from './model/host';
import type { RunOptions } from './model/options';
import { DEFAULT_OPTIONS } from './model/options';
import type { GoEnvironment } from './model/environment';
import type { Workspace } from './model/workspace';
import { Redactor } from './report/redact';
import { setVariableCommand } from './env/go-config-vars';
import { parseGoVersion } from './env/go-version';
import type { CheckResult } from './model/result';
import { learnNetrcSecrets } from './report/netrc-secrets';
import { runChecks, type ProgressEvent } from './engine/run-checks';
import { allChecks, selectChecks } from './checks/registry';
import { gatherEnvironment } from './env/gather';
import { reportEnvironment } from './env/report-environment';
import { discoverWorkspace } from './sources/discover';
import { type Report, SCHEMA_VERSION, summarize } from './report/report';
import { VERSION } from './version';
import { rulesApplied, type ToolchainSwitch } from './report/go-rules';
import { toolchainPicture } from './toolchain/toolchain-inputs';
import type { Check } from './model/check';

export interface DiagnoseInput {
  dir: string;
  host: Host;
  options?: Partial<RunOptions>;
  signal?: AbortSignal;
  onEvent?(e: ProgressEvent): void;
  /** Replaces the registry (tests, `why`). */
  checks?: Check[];
  /** A picture gathered earlier (the worker reuses it for static re-runs). */
  environment?: GoEnvironment;
}

/** Learns every credential in the environment so that none of it leaves the core. */
export function redactorFor(env: Record<string, string | undefined>): Redactor {
  const r = new Redactor();
  r.learnFromEnv(env);
  return r;
}

/**
 * Teaches the redactor the credentials of every value go resolved and every assignment found
 * in the workspace's files, each read as go reads that variable (a GOPROXY entry or an
 * HTTPS_PROXY without a scheme still carries a userinfo; a secret-named variable is a secret).
 */
export function learnWorkspaceSecrets(redactor: Redactor, env: GoEnvironment | undefined, ws: Workspace | undefined): void {
  for (const [k, v] of Object.entries(env?.vars ?? {})) redactor.learnFromVariable(k, v.value);
  for (const a of ws?.assignments ?? []) {
    redactor.learnFromVariable(a.variable, a.value);
    redactor.learnFromVariable(a.variable, a.raw);
  }
}

/** One whole diagnosis: gather, run the selected checks, build the report. Never throws. */
export async function diagnose(input: DiagnoseInput): Promise<Report> {
  const t0 = Date.now();
  const options: RunOptions = { ...DEFAULT_OPTIONS, ...input.options };
  const dir = path.resolve(input.host.cwd, input.dir);
  const redactor = redactorFor(input.host.env);
  await learnNetrcSecrets(redactor, input.host);
  const env = input.environment ?? (await gatherEnvironment(input.host, { timeoutMs: Math.max(options.timeoutMs, 10000), noExec: options.untrusted, signal: input.signal, cwd: dir, goBinary: options.goBinary?.path }));
  learnWorkspaceSecrets(redactor, env, undefined);
  const memo = new Map<string, Promise<unknown>>();
  const memoize = <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      memo.set(key, p);
    }
    return p;
  };
  const checks = selectChecks(input.checks ?? allChecks(), options.only, options.skip);
  const logs: string[] = [];
  const workspace = () => memoize<Workspace>('workspace', () => discoverWorkspace(input.host, dir, input.signal, { goEnvFile: env.envFile.path }));
  // Gathered before any check starts, as the go environment is: a check's time limit is for
  // its own work, not for reading a large workspace that every check shares.
  await workspace();
  const ctx = {
    dir,
    host: input.host,
    env,
    options,
    redactor,
    workspace,
    memo: memoize,
    log: (m: string) => logs.push(redactor.redact(m)),
  };
  const results = await runChecks(checks, ctx, { signal: input.signal, onEvent: input.onEvent });
  const switchesTo = await toolchainSwitch({ ...ctx, result: () => undefined });
  attachSetCommands(results, env);
  // Results were redacted as each check finished; what the workspace's files hold is known
  // now, so the whole report is redacted again with it.
  if (memo.has('workspace')) learnWorkspaceSecrets(redactor, undefined, await (memo.get('workspace') as Promise<Workspace>).catch(() => undefined));
  const environment: Report['environment'] = reportEnvironment(env);
  return redactor.redactDeep({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'go-proxy-doctor', version: VERSION },
    dir,
    startedAt: new Date(t0).toISOString(),
    durationMs: Date.now() - t0,
    offline: options.offline,
    platform: env.platform,
    go: {
      path: env.go.path,
      version: env.go.version,
      ...(env.go.error ? { error: env.go.error } : {}),
      chosenBy: options.goBinary?.chosenBy ?? 'PATH',
      rules: rulesApplied(env.go),
      ...(switchesTo ? { switchesTo } : {}),
    },
    environment,
    results,
    summary: summarize(results),
  } satisfies Report);
}

/**
 * The toolchain go commands in `dir` switch to, from the toolchain selection (go env itself ran
 * with GOTOOLCHAIN=local, so the version above is the local go's). Null when the local go runs them.
 */
async function toolchainSwitch(ctx: Parameters<typeof toolchainPicture>[0]): Promise<ToolchainSwitch | null> {
  const p = await toolchainPicture(ctx).catch(() => null);
  const v = p?.selection.verdict;
  if (!p || v?.kind !== 'switch') return null;
  return { toolchain: v.target, cause: v.cause, reason: p.selection.reasons[p.selection.reasons.length - 1] ?? '' };
}

/**
 * Gives each environment-level `set-variable` fix the command that really works here: `go env -w`
 * only where go accepts the variable and no OS value hides the go/env file, else the shell.
 */
function attachSetCommands(results: CheckResult[], env: GoEnvironment): void {
  // `go env -w` only where the go that will run accepts the variable (envcmd checkEnvWrite per release).
  const version = parseGoVersion(env.go.version);
  for (const r of results) {
    for (const f of r.findings) {
      for (const x of f.fixes) {
        if (x.kind !== 'set-variable' || !x.variable || x.command) continue;
        const inOs = env.vars[x.variable]?.source === 'os' || Boolean(env.os[x.variable]);
        x.command = setVariableCommand(x.variable, x.value ?? '', env.platform, inOs, version);
      }
    }
  }
}
