/** What the protocol checks share: one chain walk per module@version, memoized per run. */
import type { CheckContext } from '../../model/check';
import { walkChain, type ChainWalk, type ChainStep } from '../../net/chain-walk';
import { chainInputs, splitModuleVersion } from '../../net/chain-inputs';

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

/** Walks running at once (go mod download itself fetches a handful of modules in parallel). */
const PARALLEL_WALKS = 8;

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
  return Promise.all(mods.map(({ module, version }) => ctx.memo(`chain-walk:${module}@${version}`, () => limited(slots, PARALLEL_WALKS, () =>
    walkChain(module, version, {
      ...inputs, platform: ctx.env.platform, env: ctx.env.os, timeoutMs: ctx.options.timeoutMs, signal,
      readFile: (f, max) => ctx.host.readFile(f, max),
      directLookups: !ctx.options.untrusted,
    })))));
}

export function describeStep(s: ChainStep): string {
  const status = s.status !== undefined ? ` ${s.status}` : '';
  const ms = s.ms !== undefined ? ` in ${s.ms} ms` : '';
  const next = s.outcome === 'ok' ? '' : s.fallsThrough ? ', go tries the next entry' : ', go stops here';
  return `.${s.file} from ${s.entry}: ${s.outcome}${status}${ms}${next}${s.error ? ` — ${s.error}` : ''}`;
}
