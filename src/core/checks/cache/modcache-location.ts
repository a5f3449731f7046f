import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { inspectLocation } from '../../cache/modcache-scan';
import { NO_MODCACHE, modcacheOf } from './cache-common';

const LOW_SPACE = 1 << 30;
const NO_SPACE = 64 << 20;

function size(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : `${Math.round(n / (1 << 20))} MiB`;
}

export const modcacheLocation: Check = {
  id: 'GPD801',
  slug: 'modcache-location',
  layer: 'cache',
  title: 'The module cache exists, is writable and has room',
  needs: {},
  timeoutMs: 10_000,
  doc: `Looks at the module cache go uses: \`GOMODCACHE\`, else the first element of \`GOPATH\` plus \`/pkg/mod\` (go@1.19.8 src/cmd/go/internal/cfg/cfg.go, modfetch/cache.go).

- It must be a directory (or creatable: go makes it on first download) that the user running go can write. go extracts every module there and writes \`cache/download/…\`; a read-only or foreign-owned cache makes every download fail with \`mkdir …: permission denied\` or \`open …: permission denied\`.
- It needs free space: a module zip is up to 500 MiB and is stored twice (zip and extracted tree). Below ${size(LOW_SPACE)} free this check warns; below ${size(NO_SPACE)} it is an error (\`no space left on device\`).

Extracted trees are read-only by design (go writes them 0444/0555 unless \`-modcacherw\`); that is not a problem and is not reported.`,
  examples: {
    triggers: { description: 'GOMODCACHE is a regular file', env: { GOMODCACHE: '/etc/hostname' } },
    passes: { description: 'GOMODCACHE is a writable directory', env: { GOMODCACHE: '/tmp' } },
  },
  async run(ctx) {
    const dir = modcacheOf(ctx);
    if (!dir) return { findings: [], status: 'skipped', reason: NO_MODCACHE };
    const loc = await inspectLocation(dir);
    const findings: Finding[] = [];
    const evidence = [
      `module cache: ${dir} (${ctx.env.vars.GOMODCACHE?.source === 'os' ? 'GOMODCACHE' : 'from GOPATH'})`,
      `exists: ${loc.exists}${loc.exists ? `, directory: ${loc.isDirectory}` : ''}, writable: ${loc.writable}`,
      ...(loc.freeBytes !== undefined ? [`free: ${size(loc.freeBytes)} of ${size(loc.totalBytes ?? 0)}`] : []),
    ];
    const moveFix = { title: 'Use a writable module cache of your own', preferred: true, kind: 'set-variable' as const, variable: 'GOMODCACHE', value: ctx.host.homedir ? `${ctx.host.homedir}/go/pkg/mod` : '' };
    if (loc.exists && !loc.isDirectory) {
      findings.push({ id: 'GPD801', severity: 'error', message: `The module cache ${dir} is not a directory: go cannot store any module there and every download fails.`, variable: 'GOMODCACHE', evidence, fixes: [moveFix] });
    } else if (!loc.writable) {
      findings.push({
        id: 'GPD801', severity: 'error',
        message: `The module cache ${dir} ${loc.exists ? 'is' : 'would be created in a folder that is'} not writable by this user: every download fails with \`permission denied\`. This often follows a \`sudo go …\` that left root-owned files.`,
        variable: 'GOMODCACHE', evidence,
        fixes: [
          ...(ctx.env.platform === 'windows' ? [] : [{ title: 'Take back ownership of the module cache', preferred: true, kind: 'command' as const, command: `sudo chown -R "$(id -u):$(id -g)" '${dir}'` }]),
          { ...moveFix, preferred: false },
        ],
      });
    } else if (!loc.exists) {
      findings.push({ id: 'GPD801', severity: 'info', message: `The module cache ${dir} does not exist yet; go creates it on the first download.`, evidence, fixes: [] });
    }
    if (loc.freeBytes !== undefined && loc.freeBytes < LOW_SPACE) {
      findings.push({
        id: 'GPD801', severity: loc.freeBytes < NO_SPACE ? 'error' : 'warning',
        message: `Only ${size(loc.freeBytes)} free where the module cache lives: a large module (zip plus extracted tree) can fail with \`no space left on device\`.`,
        evidence, fixes: [{ title: 'See what the cache holds before deleting anything', preferred: false, kind: 'command', command: `du -sh '${dir}'` }],
      });
    }
    return { findings, data: loc };
  },
};
