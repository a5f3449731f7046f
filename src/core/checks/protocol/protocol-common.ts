/** What the protocol checks share: one chain walk per module@version, memoized per run. */
import type { CheckContext } from '../../model/check';
import { walkChain, type ChainWalk, type ChainStep } from '../../net/chain-walk';
import { chainInputs, splitModuleVersion, type ChainInputs } from '../../net/chain-inputs';
import { parseGoproxy } from '../../parse/goproxy-list';
import { matchPrefixPatterns } from '../../parse/match-prefix-patterns';
import { queryKind } from '../../net/chain-query';
import { escapePath } from '../../parse/module-path';
import { redactedURL } from '../../net/http-client';
import { stalledOriginsOf, stalledText, type StalledOrigins } from '../../net/stalled-origins';

export const NO_MODULES = 'no module to resolve: go.mod requires nothing and no --module M@V was given';

/** module@version pairs to walk: go.mod requirements, then the ones the user named. */
export async function modulesToWalk(ctx: CheckContext): Promise<Array<{ module: string; version: string }>> {
  const seen = new Set<string>();
  const out: Array<{ module: string; version: string }> = [];
  const add = (module: string, version: string) => {
    const k = `${module}@${version}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ module, version });
    }
  };
  let ws;
  try {
    ws = await ctx.workspace();
  } catch {
    ws = undefined;
  }
  for (const gm of ws?.goMods ?? []) for (const r of gm.requires) add(r.path, r.version);
  for (const m of ctx.options.modules) {
    const mv = splitModuleVersion(m);
    if (mv) add(mv.module, mv.version);
  }
  return out;
}

/**
 * Walks running at once. Each walk waits on the network almost all the time (one request
 * after another), so the limit bounds open connections, not CPU: 16 covers a typical go.mod
 * in one round.
 */
const PARALLEL_WALKS = 16;

/** Runs `f` when fewer than `limit` calls sharing `slots` are running. */
async function limited<T>(slots: { running: number; queue: Array<() => void> }, limit: number, f: () => Promise<T>): Promise<T> {
  if (slots.running >= limit) await new Promise<void>((resolve) => slots.queue.push(resolve));
  slots.running++;
  try {
    return await f();
  } finally {
    slots.running--;
    slots.queue.shift()?.();
  }
}

/** Every walk of this run, concurrently (bounded), each computed once whichever check asks first. */
export async function chainWalks(ctx: CheckContext, signal: AbortSignal): Promise<ChainWalk[]> {
  const mods = await modulesToWalk(ctx);
  const inputs = chainInputs(ctx.env);
  const slots = await ctx.memo('chain-walk:slots', async () => ({ running: 0, queue: [] as Array<() => void> }));
  const stalls = await stalledOriginsOf(ctx);
  return Promise.all(mods.map(({ module, version }) => ctx.memo(`chain-walk:${module}@${version}`, () => limited(slots, PARALLEL_WALKS, async () => {
    const known = walkEndingAtStall(stalls, inputs, ctx, module, version);
    if (known) return known;
    const w = await walkChain(module, version, {
      ...inputs, platform: ctx.env.platform, env: ctx.env.os, timeoutMs: ctx.options.timeoutMs, signal,
      readFile: (f, max) => ctx.host.readFile(f, max),
      directLookups: !ctx.options.untrusted,
    });
    for (const st of w.steps) if (st.outcome === 'timeout' && st.entry !== 'direct' && st.url) stalls.mark(st.entry, st.url, ctx.options.timeoutMs);
    return w;
  }))));
}

/**
 * The walk of a module whose first request would go to an entry that already stalled in this
 * run: go hangs at that request (it has no time limit), so the walk ends there without
 * waiting the time limit again. Null when the walk must be performed.
 */
function walkEndingAtStall(stalls: StalledOrigins, inputs: ChainInputs, ctx: CheckContext, module: string, version: string): ChainWalk | null {
  const parsed = parseGoproxy(inputs.goproxy, inputs.gonoproxy, ctx.env.platform, ctx.env.go.version);
  if (parsed.error) return null;
  if (inputs.gonoproxy !== '' && matchPrefixPatterns(inputs.gonoproxy, module)) return null;
  // For a module GONOPROXY does not match, `noproxy` entries are silent: the first other entry is asked first.
  const first = parsed.entries.find((e) => e.kind !== 'noproxy');
  if (!first || first.kind !== 'url' || !first.url || !/^https?:/i.test(first.url)) return null;
  const stall = stalls.stalled(first.url);
  if (!stall) return null;
  const kind = queryKind(version);
  if (kind === 'unsupported') return null;
  try {
    escapePath(module);
  } catch {
    return null;
  }
  const error = stalledText(stall);
  const step: ChainStep = { entry: redactedURL(first.url), file: kind === 'latest' ? 'list' : 'info', outcome: 'timeout', fallsThrough: false, error, notes: ['not sent again: this entry already stalled in this diagnosis'] };
  return { module, version, goproxy: inputs.goproxy, gonoproxy: inputs.gonoproxy, steps: [step], verdict: { served: false, by: null, error, hang: true } };
}

export function describeStep(s: ChainStep): string {
  const status = s.status !== undefined ? ` ${s.status}` : '';
  const ms = s.ms !== undefined ? ` in ${s.ms} ms` : '';
  const next = s.outcome === 'ok' ? '' : s.fallsThrough ? ', go tries the next entry' : ', go stops here';
  return `.${s.file} from ${s.entry}: ${s.outcome}${status}${ms}${next}${s.error ? ` — ${s.error}` : ''}`;
}
