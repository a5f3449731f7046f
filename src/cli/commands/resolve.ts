import { parseArgs } from 'node:util';
import type { CliIO } from '../io';
import { EXIT, goOptionHelp, UsageError, goBinaryOption, parseTimeout } from '../args';
import { nodeHost } from '../../core/host/node-host';
import { gatherEnvironment } from '../../core/env/gather';
import { walkChain, type ChainWalk } from '../../core/net/chain-walk';
import { chainInputs, splitModuleVersion } from '../../core/net/chain-inputs';
import { closeHttpClients } from '../../core/net/http-client';
import { learnWorkspaceSecrets, redactorFor } from '../../core/diagnose';
import { escapeForTerminal, escapeJsonText, escapeTerminal } from '../../core/report/terminal-escape';

export const RESOLVE_HELP = `usage: go-proxy-doctor resolve MODULE@VERSION [--format text|json] [--timeout MS]

Walks the GOPROXY chain for MODULE@VERSION as \`go mod download\` does: .info, .mod and .zip,
each entry in order, whether go falls through after each answer, and go's final error.
VERSION is an exact version, a revision (branch, tag, commit: resolved by .info) or
"latest" (resolved by @v/list).

options:
  --format FORMAT   text|json (default text)
  --timeout MS      time limit of each request (default 5000); go itself has none
${goOptionHelp(20)}  -h, --help        this help

exit codes: 0 go would get the module, 1 it would not, 2 usage error, 3 internal error
`;

export async function runResolve(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      timeout: { type: 'string' },
      go: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(RESOLVE_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw new UsageError('resolve needs exactly one MODULE@VERSION');
  const mv = splitModuleVersion(positionals[0]);
  if (!mv) throw new UsageError(`expected MODULE@VERSION, got "${positionals[0]}"`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format "${values.format}" (text or json)`);
  const timeoutMs = parseTimeout(values.timeout, 5000);
  const host = nodeHost({ env: io.env, cwd: io.cwd });
  const goBinary = goBinaryOption(values.go, io.cwd);
  const env = await gatherEnvironment(host, { signal: io.signal, goBinary: goBinary?.path });
  const inputs = chainInputs(env);
  let walk: ChainWalk;
  try {
    walk = await walkChain(mv.module, mv.version, {
      ...inputs, platform: host.platform, env: io.env, timeoutMs, signal: io.signal,
      readFile: (f, max) => host.readFile(f, max),
    });
  } finally {
    await closeHttpClients();
  }
  const redactor = redactorFor(io.env);
  learnWorkspaceSecrets(redactor, env, undefined);
  const shown = redactor.redactDeep(walk);
  // Text: control characters shown, GOPROXY and its entries kept on their line wherever quoted.
  const out = values.format === 'json'
    ? escapeJsonText(JSON.stringify(shown, null, 2)) + '\n'
    : escapeTerminal(redactor.redact(renderWalk(escapeForTerminal(shown, [shown.module, shown.version, shown.goproxy, shown.gonoproxy, ...shown.steps.map((s) => s.entry)]))));
  io.stdout(out);
  return walk.verdict.served ? EXIT.OK : EXIT.FINDINGS;
}

export function renderWalk(w: ChainWalk): string {
  const lines = [`${w.module}@${w.version}${w.resolvedVersion ? ` (= ${w.resolvedVersion})` : ''}  GOPROXY=${w.goproxy}${w.gonoproxy ? `  GONOPROXY=${w.gonoproxy}` : ''}`];
  for (const s of w.steps) {
    const status = s.status !== undefined ? ` ${s.status}` : '';
    const next = s.outcome === 'ok' ? '' : s.fallsThrough ? '  → go tries the next entry' : '  → go stops here';
    lines.push(`  .${s.file.padEnd(4)} ${s.entry}: ${s.outcome}${status}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}${next}`);
    if (s.via) lines.push(`         direct because ${s.via}`);
    if (s.error) lines.push(`         ${s.error.replace(/\n/g, '\n         ')}`);
    for (const n of s.notes ?? []) lines.push(`         ${n}`);
  }
  if (w.verdict.served) {
    lines.push(`served by ${w.verdict.by}${w.verdict.unverified ? ` (${w.verdict.unverified})` : ''}`);
    if (w.verdict.checksumDb) lines.push(w.verdict.checksumDb);
  }
  else if (w.verdict.error !== null) lines.push(`go fails: go: ${w.verdict.error}`);
  else lines.push(`not decided: ${w.verdict.unverified ?? 'unknown'}`);
  return lines.join('\n') + '\n';
}
