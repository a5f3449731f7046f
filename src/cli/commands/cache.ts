import { parseArgs } from 'node:util';
import type { CliIO } from '../io';
import { EXIT, UsageError } from '../args';
import { nodeHost } from '../../core/host/node-host';
import { gatherEnvironment } from '../../core/env/gather';
import { verifyCache, type CacheReport } from '../../core/cache/verify-cache';
import { redactorFor } from '../../core/diagnose';
import { escapeForTerminal, escapeJsonText, escapeTerminal } from '../../core/report/terminal-escape';
import { runDiagnose } from './diagnose';

export const CACHE_HELP = `usage: go-proxy-doctor cache [--verify] [--format text|json]

Looks at the module cache go uses (GOMODCACHE, else GOPATH/pkg/mod): where it is, whether it
is writable and has room, and leftovers of interrupted downloads (.partial, temp files).
With --verify, every cached version is checked as \`go mod verify\` checks it — the zip and the
extracted tree against .ziphash, with h1: recomputed — plus zip entries outside the module,
symlinks and broken zips. Memory stays bounded; one version per core is verified at once.

options:
  --verify          hash every cached version
  --format FORMAT   text|json (default text)
  -h, --help        this help

exit codes: 0 nothing wrong, 1 damage or leftovers found, 2 usage error, 3 internal error
`;

export const SUMS_HELP = `usage: go-proxy-doctor sums [DIR] [diagnose options]

Who disagrees in a checksum mismatch: compares DIR's go.sum (default: the current folder)
with the module cache, with every mirror in GOPROXY (and --mirror), and with the checksum
database (signed tree head and inclusion proofs verified). Runs checks GPD702, GPD703,
GPD704, GPD705, GPD803 and GPD804; takes the diagnose options (--format, --offline, --mirror, ...).
`;

export async function runCache(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { verify: { type: 'boolean' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(CACHE_HELP);
    return EXIT.OK;
  }
  if (positionals.length) throw new UsageError('cache takes no folder: it looks at the module cache go uses');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format "${values.format}" (text or json)`);
  const host = nodeHost({ env: io.env, cwd: io.cwd });
  const env = await gatherEnvironment(host, { signal: io.signal });
  const dir = env.vars.GOMODCACHE?.value ?? '';
  if (!dir) {
    io.stderr('go-proxy-doctor: go has no module cache: GOMODCACHE and GOPATH are both empty\n');
    return EXIT.FINDINGS;
  }
  const report = await verifyCache(dir, { signal: io.signal, hash: Boolean(values.verify) });
  const redactor = redactorFor(io.env);
  const shown = redactor.redactDeep(report);
  // Text: control characters in file names shown, and every path kept on its line.
  const out = values.format === 'json'
    ? `${escapeJsonText(JSON.stringify(shown, null, 2))}\n`
    : escapeTerminal(renderCache(escapeForTerminal(shown, cachePaths(shown)), Boolean(values.verify)));
  io.stdout(out);
  const bad = report.damaged.length > 0 || report.leftovers.some((l) => l.kind !== 'lock-only') || !report.location.writable || (report.location.exists && !report.location.isDirectory);
  return bad ? EXIT.FINDINGS : EXIT.OK;
}

/** The paths and module names of a cache report: each is one line of data. */
function cachePaths(r: CacheReport): string[] {
  const out = [r.location.dir];
  for (const x of r.leftovers) out.push(x.path, x.module ?? '');
  for (const v of r.damaged) out.push(v.path, v.version, v.dir ?? '', v.zipPath ?? '');
  return out;
}

export function renderCache(r: CacheReport, verified: boolean): string {
  const l = r.location;
  const gib = (n?: number) => (n === undefined ? '?' : `${(n / (1 << 30)).toFixed(1)} GiB`);
  const lines = [
    `module cache ${l.dir}: ${l.exists ? (l.isDirectory ? 'directory' : 'NOT A DIRECTORY') : 'does not exist yet'}, ${l.writable ? 'writable' : 'NOT WRITABLE'}, ${gib(l.freeBytes)} free`,
  ];
  if (r.leftovers.length) {
    lines.push(`leftovers of interrupted downloads (${r.leftovers.length}):`);
    for (const x of r.leftovers) lines.push(`  ${x.kind.padEnd(9)} ${x.path}${x.module ? `  (${x.module})` : ''}`);
  } else lines.push('no leftovers of interrupted downloads');
  if (verified) {
    lines.push(`${r.versions} cached versions verified in ${(r.durationMs / 1000).toFixed(1)} s${r.partial ? ` (${r.partial} incomplete, skipped as go skips them)` : ''}`);
    for (const v of r.damaged) {
      for (const g of v.goVerify) lines.push(`  ${g}`);
      for (const p of v.problems) lines.push(`  ${v.path} ${v.version}: ${p}`);
    }
    if (r.damaged.length) {
      lines.push('to replace only the damaged versions:');
      for (const v of r.damaged) if (v.dir) lines.push(`  chmod -R u+w '${v.dir}'; rm -rf '${v.dir}' '${v.zipPath}' '${v.zipPath}hash' && go mod download ${v.path}@${v.version}`);
      lines.push('last resort: go clean -modcache');
    } else lines.push('all cached versions verified');
  }
  return `${lines.join('\n')}\n`;
}

export async function runSums(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(SUMS_HELP);
    return EXIT.OK;
  }
  if (argv.some((a) => a === '--only' || a.startsWith('--only=') || a === '--skip' || a.startsWith('--skip='))) throw new UsageError('sums chooses its checks itself; use the diagnose command for --only/--skip');
  return runDiagnose([...argv, '--only', 'GPD702,GPD703,GPD704,GPD705,GPD803,GPD804'], io);
}
