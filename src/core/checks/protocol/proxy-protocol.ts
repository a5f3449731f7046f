import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

const VIOLATION = /invalid response from proxy|proxy returned info for version|^zip: |has unexpected file/;

export const proxyProtocol: Check = {
  id: 'GPD601',
  slug: 'proxy-protocol',
  layer: 'protocol',
  title: 'GOPROXY answers follow the module proxy protocol',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Checks the answers met on the chain walk against what go accepts (go@1.19.8 \`src/cmd/go/internal/modfetch/proxy.go:361-441\`, \`fetch.go\` downloadZip): \`.info\` must be JSON naming the requested version (\`invalid response from proxy "<url>": unexpected end of JSON input\`, \`proxy returned info for version X instead of requested version\`); the \`.zip\` must be a real zip whose files all sit under \`<module>@<version>/\` (\`zip: not a valid zip file\`, \`zip for M@V has unexpected file F\`). Module paths are case-encoded in URLs (\`!\` before a lower-cased capital, sent as \`%21\`). A 200 that breaks these rules is a hard error: go never falls through after it.`,
  examples: {
    triggers: { description: 'GOPROXY=$P/empty,$P: an empty 200 .info', lab: 'chain-empty-200' },
    passes: { description: 'GOPROXY=$P', lab: 'chain-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    for (const w of walks) {
      const bad = w.steps.find((s) => s.error && VIOLATION.test(s.error));
      const zipErr = !w.verdict.served && w.verdict.error && VIOLATION.test(w.verdict.error) ? w.verdict.error : null;
      if (!bad && !zipErr) continue;
      findings.push({
        id: 'GPD601',
        severity: 'error',
        message: `A proxy answered 200 for ${w.module}@${w.version} with something go rejects: ${bad?.error ?? zipErr}`,
        evidence: (bad ? [describeStep(bad), ...(bad.notes ?? [])] : w.steps.map(describeStep)),
        fixes: [],
      });
    }
    return { findings };
  },
};
