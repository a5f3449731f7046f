import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { findLeftovers, type Leftover } from '../../cache/modcache-scan';
import { NO_MODCACHE, modcacheOf, shQuote } from './cache-common';

const WHAT: Record<Leftover['kind'], string> = {
  partial: 'extraction never finished (`.partial`)',
  'tmp-file': 'temporary download file',
  'tmp-dir': 'temporary extraction tree',
  'lock-only': 'lock file of a download that stored nothing',
};

export const modcacheLeftovers: Check = {
  id: 'GPD802',
  slug: 'modcache-leftovers',
  layer: 'cache',
  title: 'No leftovers of interrupted downloads in the module cache',
  needs: {},
  timeoutMs: 60_000,
  doc: `Finds what interrupted downloads leave in the module cache (go@1.19.8 src/cmd/go/internal/modfetch/fetch.go, cache.go):

- \`cache/download/<module>/@v/<version>.partial\`: go writes it before extracting a zip and removes it after. If it is still there, the extracted tree \`<module>@<version>/\` is incomplete: go treats the version as not extracted (\`go mod verify\` skips it, \`go list\` re-extracts — mod_download_partial.txt), but editors and tools that read the tree directly see missing files.
- \`<file><digits>.tmp\` (tempFile, cache.go:661) and \`<module>@<version>.tmp-<digits>/\` (fetch.go:105): temporary files of a download or extraction that was killed. go removes them only when it downloads that same version again; until then they take space.
- \`<version>.lock\` alone: go's per-version lock files are kept on purpose and are released by the kernel when go exits, so a lock never goes stale. One with nothing beside it only tells that a download was attempted and failed.

The fix deletes exactly the files listed.`,
  examples: {
    triggers: {
      description: 'a module cache (the default $HOME/go/pkg/mod) with v1.0.0.partial next to a half-extracted tree',
      files: { 'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.partial': '', 'go/pkg/mod/example.com/hello@v1.0.0/hello.go': 'package hello\n' },
    },
    passes: {
      description: 'a module cache with only complete downloads',
      files: { 'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.mod': 'module example.com/hello\n', 'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.lock': '' },
    },
  },
  async run(ctx, signal) {
    const dir = modcacheOf(ctx);
    if (!dir) return { findings: [], status: 'skipped', reason: NO_MODCACHE };
    const r = await findLeftovers(dir, { signal });
    const findings: Finding[] = [];
    const byKind = (k: Leftover['kind']) => r.leftovers.filter((l) => l.kind === k);
    const win = ctx.env.platform === 'windows';
    const rmPaths = (ps: string[]) => (win
      ? `Remove-Item -Recurse -Force -ErrorAction SilentlyContinue ${ps.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ')}`
      : ps.map((p) => `chmod -R u+w ${shQuote(p)} 2>/dev/null; rm -rf -- ${shQuote(p)}`).join(' && '));
    const rm = (ls: Leftover[]) => rmPaths(ls.map((l) => l.path));
    const partial = byKind('partial');
    if (partial.length) {
      findings.push({
        id: 'GPD802', severity: 'warning',
        message: `${partial.length} module version${partial.length > 1 ? 's were' : ' was'} never completely extracted (${partial.map((l) => l.module).join(', ')}): go ignores ${partial.length > 1 ? 'those trees' : 'that tree'} and extracts again, but other tools may read incomplete sources.`,
        evidence: partial.map((l) => `${l.path} (${WHAT.partial}, ${new Date(l.mtimeMs).toISOString()})`),
        fixes: [{
          title: 'Delete the incomplete trees and their .partial markers (go extracts them again from the cached zip)', preferred: true, kind: 'command',
          command: rmPaths(partial.flatMap((l) => [l.tree!, l.path])),
        }],
      });
    }
    const tmp = [...byKind('tmp-file'), ...byKind('tmp-dir')];
    if (tmp.length) {
      const bytes = tmp.reduce((n, l) => n + (l.bytes ?? 0), 0);
      findings.push({
        id: 'GPD802', severity: 'warning',
        message: `${tmp.length} temporary file${tmp.length > 1 ? 's' : ''} from interrupted downloads ${tmp.length > 1 ? 'are' : 'is'} left in the module cache${bytes ? ` (${Math.round(bytes / 1024)} KiB of files)` : ''}; go does not use them.`,
        evidence: tmp.slice(0, 50).map((l) => `${l.path} (${WHAT[l.kind]}${l.module ? `, ${l.module}` : ''})`),
        fixes: [{ title: 'Delete the temporary files listed', preferred: true, kind: 'command', command: rm(tmp) }],
      });
    }
    const locks = byKind('lock-only');
    if (locks.length) {
      findings.push({
        id: 'GPD802', severity: 'info',
        message: `${locks.length} download${locks.length > 1 ? 's' : ''} left only a lock file (a failed or abandoned download); harmless, go keeps lock files by design.`,
        evidence: locks.slice(0, 20).map((l) => `${l.path} (${l.module})`),
        fixes: [],
      });
    }
    return { findings, data: { leftovers: r.leftovers, truncated: r.truncated, zips: r.versions } };
  },
};
