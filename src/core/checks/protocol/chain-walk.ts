import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { chainWalks, describeStep, NO_MODULES } from './protocol-common';

export const chainWalkCheck: Check = {
  id: 'GPD602',
  slug: 'chain-walk',
  layer: 'protocol',
  title: 'go can download the required modules through GOPROXY',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `For each module version go.mod requires (and each \`--module M@V\`), walks the GOPROXY list exactly as \`go mod download\` does and says whether go gets the module, from which entry, and otherwise which error go prints.

What go does (go@1.19.8 \`src/cmd/go/internal/modfetch/proxy.go:138-184\`, \`repo.go:229-270\`, \`fetch.go\`):
- \`.info\`, \`.mod\` and \`.zip\` are fetched in turn; for each, the entries are tried in order.
- After an entry followed by \`,\` go tries the next one only on **404 or 410**; after \`|\` on any error.
- A 200 whose \`.info\` is empty or not JSON is a hard error (\`invalid response from proxy "<url>": unexpected end of JSON input\`), never a fall-through; a bad zip fails after the walk.
- Modules matching GONOPROXY/GOPRIVATE go \`direct\`, even with GOPROXY=off.
- When every entry failed, go reports the \`direct\` error if any, else the last proxy error that is not "not found", else the last "not found".
- go has no overall time limit: an entry that never answers hangs it. The doctor stops after its own time limit and says that go would wait there with no time limit.

For \`direct\`, the doctor performs the \`https://<module>?go-get=1\` lookup go starts with; the VCS fetch after it is not run.`,
  examples: {
    triggers: { description: 'GOPROXY=$P/s403,$P: the first proxy answers 403, go stops there', lab: 'chain-403' },
    passes: { description: 'GOPROXY=$P/s404,$P: go walks past the 404 and gets the module', lab: 'chain-404-then-ok' },
  },
  async run(ctx, signal) {
    const walks = await chainWalks(ctx, signal);
    if (walks.length === 0) return { findings: [], status: 'skipped', reason: NO_MODULES };
    const findings: Finding[] = [];
    const failedBy = new Map<string, { modules: string[]; finding: Finding; first: string }>();
    for (const w of walks) {
      const evidence = [`GOPROXY=${w.goproxy}${w.gonoproxy ? ` GONOPROXY=${w.gonoproxy}` : ''}`, ...w.steps.map(describeStep)];
      const mv = `${w.module}@${w.version}`;
      if (w.verdict.unverified && !w.verdict.served && w.verdict.error === null) {
        findings.push({ id: 'GPD602', severity: 'info', message: `${mv}: ${w.verdict.unverified}`, evidence, fixes: [] });
      } else if (w.verdict.hang) {
        findings.push({ id: 'GPD602', severity: 'error', message: `go mod download ${mv} would hang: ${w.verdict.error}`, evidence, fixes: [] });
      } else if (!w.verdict.served) {
        // Many modules failing the same way (GOPROXY=off, an invalid list, one dead proxy) make one finding.
        const tail = (w.verdict.error ?? '').split(`${mv}: `).join('');
        const same = failedBy.get(tail);
        if (same) {
          same.modules.push(mv);
          same.finding.message = `go cannot download ${same.modules.length} modules (${same.modules.slice(0, 5).join(', ')}${same.modules.length > 5 ? ', …' : ''}); for each it prints:\ngo: ${same.first}`;
          continue;
        }
        const finding: Finding = { id: 'GPD602', severity: 'error', message: `go cannot download ${mv}; it prints:\ngo: ${w.verdict.error}`, evidence, fixes: [] };
        failedBy.set(tail, { modules: [mv], finding, first: w.verdict.error ?? '' });
        findings.push(finding);
      } else {
        const failed = w.steps.filter((s) => s.outcome !== 'ok');
        if (failed.length > 0) {
          findings.push({
            id: 'GPD602', severity: 'info',
            message: `go downloads ${mv} from ${w.verdict.by}, after ${failed.length} failed attempt${failed.length > 1 ? 's' : ''} on earlier entries.`,
            evidence, fixes: [],
          });
        }
      }
    }
    return { findings, data: walks };
  },
};
