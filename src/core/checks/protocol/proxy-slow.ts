import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, NO_MODULES } from './protocol-common';

/** A proxy answer slower than this is worth a warning. */
export const PROXY_SLOW_MS = 2000;

export const proxySlow: Check = {
  id: 'GPD605',
  slug: 'proxy-slow',
  layer: 'protocol',
  title: 'GOPROXY entries answer quickly',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Measures latency and throughput of each GOPROXY entry during the chain walk and warns when an answer takes longer than ${PROXY_SLOW_MS} ms or never comes. go has no overall HTTP time limit (go@1.19.8 \`src/cmd/go/internal/web/http.go\` uses a client without Timeout), so a stalled proxy hangs \`go\` with no message.`,
  examples: {
    triggers: { description: 'GOPROXY=$P/delay2500', lab: 'chain-slow' },
    passes: { description: 'GOPROXY=$P', lab: 'chain-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const per = new Map<string, { worst: number; bytes: string[]; timeout: boolean }>();
    for (const w of walks) {
      for (const s of w.steps) {
        if (s.entry === 'off' || s.ms === undefined) continue;
        const e = per.get(s.entry) ?? { worst: 0, bytes: [], timeout: false };
        e.worst = Math.max(e.worst, s.ms);
        if (s.outcome === 'timeout') e.timeout = true;
        if (s.file === 'zip' && s.outcome === 'ok') e.bytes.push(`${s.notes?.[0] ?? ''} in ${s.ms} ms`);
        per.set(s.entry, e);
      }
    }
    const findings: Finding[] = [];
    for (const [entry, e] of per) {
      if (!e.timeout && e.worst < PROXY_SLOW_MS) continue;
      findings.push({
        id: 'GPD605',
        severity: e.timeout ? 'error' : 'warning',
        message: e.timeout
          ? `${entry} did not answer within ${ctx.options.timeoutMs} ms; go would wait for it with no time limit.`
          : `${entry} took ${e.worst} ms for one answer; every go command that needs it waits that long.`,
        evidence: [`slowest answer: ${e.worst} ms`, ...e.bytes.map((b) => `zip: ${b}`)],
        fixes: [],
      });
    }
    return { findings };
  },
};
