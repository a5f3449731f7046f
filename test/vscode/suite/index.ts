/**
 * Entry of the extension-host tests (the `run()` contract of @vscode/test-electron, so the
 * same suite serves both launchers). Runs the tests of the folder named by
 * GPD_VSCODE_SUITE (trusted, untrusted) and writes the counts to GPD_VSCODE_RESULTS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const suite = process.env.GPD_VSCODE_SUITE ?? 'trusted';
  const label = process.env.GPD_VSCODE_LABEL ?? suite;
  const logFile = process.env.GPD_VSCODE_LOG;
  const write = (line: string) => {
    if (logFile) fs.appendFileSync(logFile, line + '\n');
    else console.log(line);
  };
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: class {} as unknown as Mocha.ReporterConstructor });
  // GPD_VSCODE_GREP narrows the run while working on one test (never set in CI).
  if (process.env.GPD_VSCODE_GREP) mocha.grep(new RegExp(process.env.GPD_VSCODE_GREP));
  const dir = path.join(__dirname, suite);
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const counts = { passed: 0, failed: 0, pending: 0 };
    const runner = mocha.run((failures) => {
      if (process.env.GPD_VSCODE_RESULTS) fs.writeFileSync(process.env.GPD_VSCODE_RESULTS, JSON.stringify(counts));
      if (failures > 0 || counts.passed === 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      counts.passed++;
      write(`  ✓ vscode/${label}: ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, err) => {
      counts.failed++;
      write(`  ✗ vscode/${label}: ${t.fullTitle()}\n${String((err as Error)?.stack ?? err).split('\n').map((l) => '      ' + l).join('\n')}`);
    });
    runner.on('pending', (t) => {
      counts.pending++;
      write(`  - vscode/${label}: ${t.fullTitle()} (pending)`);
    });
  });
}
