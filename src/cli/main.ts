import type { CliIO, CommandRunner } from './io';
import { EXIT, UsageError } from './args';
import { runDiagnose, DIAGNOSE_HELP } from './commands/diagnose';
import { VERSION } from '../core/version';
import { redactorFor } from '../core/diagnose';
import { escapeLine, escapeTerminal } from '../core/report/terminal-escape';

/** Subcommands; anything else is the diagnose command's folder or flag. */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  diagnose: async () => runDiagnose,
  explain: async () => (await import('./commands/explain')).runExplain,
  scopes: async () => (await import('./commands/scopes')).runScopes,
  resolve: async () => (await import('./commands/resolve')).runResolve,
  why: async () => (await import('./commands/why')).runWhy,
  cache: async () => (await import('./commands/cache')).runCache,
  sums: async () => (await import('./commands/cache')).runSums,
};

const HELP = `go-proxy-doctor ${VERSION} — why go cannot fetch modules, and the fix

usage:
  go-proxy-doctor [DIR] [options]          diagnose (see --help for options)
  go-proxy-doctor explain [options]        the effective Go environment and where each value comes from
  go-proxy-doctor scopes [DIR] [--fix [--write]]  every place a Go variable is set
  go-proxy-doctor resolve MODULE@VERSION   walk the GOPROXY chain for one module as go would
  go-proxy-doctor why "ERROR TEXT" | --log FILE   start from go's error text
  go-proxy-doctor cache [--verify]         the module cache: location, leftovers, go mod verify's checks
  go-proxy-doctor sums [DIR]               who disagrees on a checksum: go.sum, cache, mirrors, checksum database

exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error, 3 internal error

${DIAGNOSE_HELP}`;

/**
 * An error as printed: credentials redacted, control characters shown (a path may hold them),
 * continuation lines (a stack) indented so that nothing in it starts a line of its own.
 */
function shownError(message: string, io: CliIO): string {
  return escapeTerminal(redactorFor(io.env).redact(message)).replace(/\r?\n/g, '\n  ');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    if (argv[0] === '--version' || argv[0] === '-V') {
      io.stdout(`go-proxy-doctor ${VERSION}\n`);
      return EXIT.OK;
    }
    if (argv[0] === 'help' || (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h'))) {
      io.stdout(HELP);
      return EXIT.OK;
    }
    const sub = argv[0] && Object.prototype.hasOwnProperty.call(COMMANDS, argv[0]) ? argv[0] : undefined;
    const runner = sub ? await COMMANDS[sub]() : runDiagnose;
    return await runner(sub ? argv.slice(1) : argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.stderr(`go-proxy-doctor: ${escapeLine(redactorFor(io.env).redact((e as Error).message))}\nRun 'go-proxy-doctor --help' for usage.\n`);
      return EXIT.USAGE;
    }
    io.stderr(`go-proxy-doctor: internal error: ${shownError((e as Error)?.stack ?? String(e), io)}\n`);
    return EXIT.INTERNAL;
  }
}
