import { parseArgs } from 'node:util';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../io';
import { EXIT, goOptionHelp, UsageError, goBinaryOption, parseTimeout, splitList, useColor } from '../args';
import { diagnose } from '../../core/diagnose';
import { nodeHost } from '../../core/host/node-host';
import { allChecks, unknownSelectors } from '../../core/checks/registry';
import { renderText, renderResultText, summaryLine } from '../../core/report/text';
import { renderReport, FORMATS, type Format } from '../formats';
import { escapeLine } from '../../core/report/terminal-escape';
import type { Severity } from '../../core/model/result';

export const DIAGNOSE_HELP = `usage: go-proxy-doctor [DIR] [options]

Diagnoses why go cannot fetch modules from DIR (default: the current folder).

options:
  --format FORMAT     ${FORMATS.join('|')} (default text)
  -o, --output FILE   write the report to FILE instead of standard output (CI artifacts)
  --only LIST         run only these checks (ids, slugs or layers, comma-separated)
  --skip LIST         leave out these checks
  --offline           no network probes (network checks are reported as skipped)
  --timeout MS        time limit of each network step (default 5000)
  --fail-on LEVEL     error|warning|info: exit 1 when a finding reaches LEVEL (default error)
  --resolver IP       also ask this DNS resolver (repeatable)
  --mirror URL        also compare this mirror (repeatable)
  --module M@V        also resolve this module version (repeatable)
${goOptionHelp(22)}  --no-color          plain output (also NO_COLOR)
  -h, --help          this help
`;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function runDiagnose(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      only: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      offline: { type: 'boolean' },
      timeout: { type: 'string' },
      'fail-on': { type: 'string', default: 'error' },
      resolver: { type: 'string', multiple: true },
      mirror: { type: 'string', multiple: true },
      module: { type: 'string', multiple: true },
      go: { type: 'string' },
      'no-color': { type: 'boolean' },
      sequential: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(DIAGNOSE_HELP);
    return EXIT.OK;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${values.format}" (one of ${FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as Severity;
  if (!(failOn in RANK)) throw new UsageError(`--fail-on must be error, warning or info, got "${values['fail-on']}"`);
  const only = splitList(values.only);
  const skip = splitList(values.skip);
  const unknown = unknownSelectors(allChecks(), [...only, ...skip]);
  if (unknown.length) throw new UsageError(`unknown check or layer: ${unknown.join(', ')}`);
  checkFolder(positionals[0], io.cwd);
  const output = values.output !== undefined ? path.resolve(io.cwd, values.output) : undefined;
  if (output !== undefined) checkWritable(output, values.output!);
  const goBinary = goBinaryOption(values.go, io.cwd);
  const color = output === undefined && useColor(values['no-color'], io.env, io.stdoutIsTTY);
  const host = nodeHost({ env: io.env, cwd: io.cwd });
  const progress = io.stderrIsTTY && format === 'text';
  const report = await diagnose({
    dir: positionals[0] ?? '.',
    host,
    signal: io.signal,
    options: {
      offline: Boolean(values.offline),
      timeoutMs: parseTimeout(values.timeout, 5000),
      only,
      skip,
      resolvers: splitList(values.resolver),
      mirrors: values.mirror ?? [],
      modules: values.module ?? [],
      sequential: Boolean(values.sequential),
      ...(goBinary ? { goBinary } : {}),
    },
    onEvent: progress
      ? (e) => {
          if (e.type === 'slow') io.stderr(`… ${escapeLine(e.message)} (${Math.round(e.elapsedMs / 1000)} s)\n`);
        }
      : undefined,
  });
  const rendered = format === 'text' ? renderText(report, { color }) : renderReport(report, format);
  if (output === undefined) io.stdout(rendered);
  else {
    try {
      writeFileSync(output, rendered);
    } catch (e) {
      throw new UsageError(`cannot write --output ${values.output}: ${(e as Error).message}`);
    }
    io.stderr(`report written to ${escapeLine(values.output!)} — ${summaryLine(report, { color: false })}\n`);
  }
  const worst = Math.max(-1, ...report.results.flatMap((r) => r.findings.map((f) => RANK[f.severity])));
  const crashed = report.results.some((r) => r.status === 'crashed');
  return worst >= RANK[failOn] || crashed ? EXIT.FINDINGS : EXIT.OK;
}

export { renderResultText };

/** A folder that is not there is the user's typo (exit 2), not go failing to run in it. */
function checkFolder(given: string | undefined, cwd: string): void {
  if (given === undefined) return;
  const dir = path.resolve(cwd, given);
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${given}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${given}`);
}

/** Fails before the diagnosis, not after it, when the report could not be written. */
function checkWritable(file: string, given: string): void {
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write --output ${given}: folder ${dir} does not exist`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`cannot write --output ${given}: it is a folder`);
}
