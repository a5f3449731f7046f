import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import type { CliIO } from '../io';
import { EXIT, goOptionHelp, UsageError, goBinaryOption, parseTimeout, useColor } from '../args';
import { planWhy, resultsFor } from '../../core/errors/why';
import { diagnose, redactorFor } from '../../core/diagnose';
import { nodeHost } from '../../core/host/node-host';
import { allChecks } from '../../core/checks/registry';
import { renderResultText, fixLine, terminalSafeReport } from '../../core/report/text';
import { escapeForTerminal, escapeJsonText } from '../../core/report/terminal-escape';
import type { Report } from '../../core/report/report';

export const WHY_HELP = `usage: go-proxy-doctor why "ERROR TEXT" [options]
       go-proxy-doctor why --log FILE [options]     (FILE - reads standard input)

Reads go's error text (one message or a whole CI log), names the cause of every distinct
failure, runs exactly the checks that explain it, and prints cause, evidence, then fix.

options:
  --format text|json   (default text)
  --offline            no network probes
  --timeout MS         time limit of each network step (default 5000)
${goOptionHelp(23)}  --no-color
exit codes: 0 no go failure found in the text, 1 failures explained, 2 usage, 3 internal error
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runWhy(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      log: { type: 'string' },
      format: { type: 'string', default: 'text' },
      offline: { type: 'boolean' },
      timeout: { type: 'string' },
      go: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(WHY_HELP);
    return EXIT.OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, got "${values.format}"`);
  if (values.log !== undefined && positionals.length) throw new UsageError('give either error text or --log FILE, not both');
  let text: string;
  if (values.log !== undefined) {
    try {
      text = values.log === '-' ? await readStdin() : await readFile(values.log, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${values.log}: ${(e as Error).message}`);
    }
  } else if (positionals.length) {
    text = positionals.join(' ');
  } else {
    throw new UsageError('give the error text go printed, or --log FILE');
  }
  const goBinary = goBinaryOption(values.go, io.cwd);
  const plan = planWhy(text);
  const registered = new Set(allChecks().map((c) => c.id));
  const only = plan.checks.filter((id) => registered.has(id));
  let report: Report | null = null;
  if (only.length) {
    report = await diagnose({
      dir: '.',
      host: nodeHost({ env: io.env, cwd: io.cwd }),
      signal: io.signal,
      options: { only, offline: Boolean(values.offline), timeoutMs: parseTimeout(values.timeout, 5000), modules: plan.modules, ...(goBinary ? { goBinary } : {}) },
    });
  }
  // The pasted text may itself carry credentials (a GOPROXY URL in a log line).
  const redactor = redactorFor(io.env);
  redactor.learnFromText(text);
  if (values.format === 'json') {
    const out = {
      schemaVersion: 1,
      failures: plan.failures.map((f) => ({ ...f, results: resultsFor(f, report) })),
      report,
    };
    io.stdout(escapeJsonText(JSON.stringify(redactor.redactDeep(out), null, 2)) + '\n');
    return plan.failures.length ? EXIT.FINDINGS : EXIT.OK;
  }
  // The pasted text and the report are shown with their control characters escaped before the
  // colours are added; the report's folder and paths stay on their lines.
  const failures = escapeForTerminal(redactor.redactDeep(plan.failures), []);
  const safeReport = report ? terminalSafeReport(redactor.redactDeep(report)) : null;
  const color = useColor(values['no-color'], io.env, io.stdoutIsTTY);
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[0m` : s);
  const lines: string[] = [];
  if (!failures.length) {
    lines.push('No go failure found in the text. Run `go-proxy-doctor` for a full diagnosis.');
  }
  failures.forEach((f, i) => {
    if (i) lines.push('');
    lines.push(bold(`Cause: ${f.title}`) + (f.proxyProblem ? '' : '  [not a proxy problem]'));
    lines.push(`  ${f.explanation}`);
    lines.push(`  go said (line ${f.facts.line}): ${f.facts.text.split('\n').join('\n    ')}`);
    const facts = [f.facts.module && `module ${f.facts.module}${f.facts.version ? '@' + f.facts.version : ''}`, f.facts.host && `host ${f.facts.host}`, f.facts.proxyHost && `HTTP proxy ${f.facts.proxyHost}`, f.facts.status && `HTTP ${f.facts.status}`, f.facts.errno, f.facts.goVersionHint && `Go ${f.facts.goVersionHint} wording`].filter(Boolean);
    if (facts.length) lines.push(`  facts: ${facts.join(', ')}`);
    const results = resultsFor(f, safeReport);
    if (results.length) {
      lines.push(bold('Evidence:'));
      for (const r of results) lines.push(renderResultText(r, { color }).replace(/^/gm, '  '));
      const fixes = results.flatMap((r) => r.findings.flatMap((x) => x.fixes.filter((fx) => fx.preferred)));
      if (fixes.length) {
        lines.push(bold('Fix:'));
        for (const fx of fixes) lines.push(`  ${fixLine(fx).replace(/\n/g, '\n  ')}`);
      }
    } else if (f.checks.length) {
      lines.push(`  (the checks that explain it — ${f.checks.join(', ')} — are not available in this build)`);
    }
  });
  io.stdout(redactor.redact(lines.join('\n')) + '\n');
  return plan.failures.length ? EXIT.FINDINGS : EXIT.OK;
}
