import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { CLEAN_MODCACHE_FIX, NO_MODCACHE, deleteVersionsFix, modcacheOf, verifyWorkspace, workspaceModules } from './cache-common';

export const modcacheCorrupt: Check = {
  id: 'GPD803',
  slug: 'modcache-corrupt',
  layer: 'cache',
  title: 'Cached modules are intact (zip, .ziphash, extracted tree)',
  needs: {},
  timeoutMs: 180_000,
  doc: `For every module version of the workspace (go.sum, go.mod, \`--module\`) that is in the module cache, recomputes the h1: hashes exactly as golang.org/x/mod/sumdb/dirhash does and compares them as \`go mod verify\` does (go@1.19.8 src/cmd/go/internal/modcmd/verify.go):

- the \`.zip\` against its \`.ziphash\` → \`<path> <version>: zip has been modified (<zip>)\`;
- the extracted tree \`<module>@<version>/\` against the \`.ziphash\` → \`dir has been modified (<dir>)\`;
- a zip or tree without \`.ziphash\` → \`missing ziphash: open …\`;
- a zip that does not open (\`zip: not a valid zip file\`, \`zip: checksum error\`).

go trusts the cache: once a version is there, builds use it without looking at the network again, so a modified tree changes what you compile without any error until someone runs \`go mod verify\`. It also reports what go mod verify does not look at: zip entries outside \`<module>@<version>/\` or with \`../\`, and symlinks (go's extractor never creates any). A tree with a \`.partial\` marker is skipped as go skips it (GPD802 reports it).

Zips are read from their central directory and streamed, with size caps (zip bombs fail fast); versions are verified in parallel. The fix deletes exactly the damaged versions; \`go clean -modcache\` is offered only as the last resort.`,
  examples: {
    triggers: {
      description: 'a cached module whose extracted file was edited (go mod verify: dir has been modified)',
      files: {
        'go.mod': 'module lab.test/m\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n',
        'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.ziphash': 'h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n',
        'go/pkg/mod/example.com/hello@v1.0.0/hello.go': 'package hello\n\n// edited\n',
      },
    },
    passes: {
      description: 'a cached module whose tree still hashes to its .ziphash',
      files: {
        'go.mod': 'module lab.test/m\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n',
        'go/pkg/mod/cache/download/example.com/hello/@v/v1.0.0.ziphash': 'h1:o2vXrkV7aHvvuE+/Zq4FgjCzQs+MY5yzBZTdHXmEu8k=\n',
        'go/pkg/mod/example.com/hello@v1.0.0/hello.go': 'package hello\n',
      },
    },
  },
  async run(ctx, signal) {
    const dir = modcacheOf(ctx);
    if (!dir) return { findings: [], status: 'skipped', reason: NO_MODCACHE };
    const mods = await workspaceModules(ctx);
    if (mods.length === 0) return { findings: [], status: 'skipped', reason: 'no module versions in go.mod or go.sum to verify' };
    const verdicts = await verifyWorkspace(ctx, signal);
    const findings: Finding[] = [];
    const damaged = verdicts.filter((v) => v.goVerify.length > 0);
    for (const v of damaged) {
      findings.push({
        id: 'GPD803', severity: 'error',
        message: `The cached ${v.path}@${v.version} does not match the hash go recorded when it downloaded it; builds use the cached files as they are. \`go mod verify\` reports: ${v.goVerify.map((g) => `\`${g}\``).join('; ')}.`,
        evidence: [
          ...(v.ziphash ? [`.ziphash (recorded at download): ${v.ziphash}`] : ['.ziphash: missing']),
          ...(v.zipHash ? [`zip ${v.zipPath} hashes to ${v.zipHash}`] : []),
          ...(v.dirHash ? [`tree ${v.dir} hashes to ${v.dirHash}`] : []),
          ...v.problems,
        ],
        fixes: [deleteVersionsFix(ctx, [v], true), CLEAN_MODCACHE_FIX],
      });
    }
    for (const v of verdicts.filter((x) => x.goVerify.length === 0 && x.problems.length > 0 && !x.partial)) {
      findings.push({
        id: 'GPD803', severity: 'warning',
        message: `The cached ${v.path}@${v.version} passes \`go mod verify\` but holds something go never writes: ${v.problems.join('; ')}.`,
        evidence: [...(v.ziphash ? [`.ziphash: ${v.ziphash}`] : []), ...(v.dirHash ? [`tree ${v.dir} hashes to ${v.dirHash}`] : [])],
        fixes: [deleteVersionsFix(ctx, [v], true), CLEAN_MODCACHE_FIX],
      });
    }
    if (damaged.length > 1) {
      findings.push({
        id: 'GPD803', severity: 'info',
        message: `${damaged.length} cached versions are damaged; they can be replaced together.`,
        evidence: damaged.map((v) => `${v.path}@${v.version}`),
        fixes: [deleteVersionsFix(ctx, damaged, true), CLEAN_MODCACHE_FIX],
      });
    }
    return {
      findings,
      data: { verified: verdicts.map((v) => ({ module: `${v.path}@${v.version}`, ziphash: v.ziphash, zip: v.zipHash, dir: v.dirHash, mod: v.modHash, goVerify: v.goVerify, problems: v.problems, partial: v.partial })) },
    };
  },
};
