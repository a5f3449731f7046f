import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { api, file, until, workspaceDir } from '../helpers';
import type { Explanation } from '../../../../src/vscode/explain-error';

// The harness gives go a loopback GOPROXY where nothing listens, and GOSUMDB=off: every
// download fails with "connection refused", which is what these tests show in a terminal
// and in a task, then diagnose.
const MODULE = 'example.com/hello@v1.0.0';
const PROXY = new URL(process.env.GOPROXY ?? 'http://127.0.0.1:9/');
const HOST = PROXY.host.replace(/\./g, '\\.');
const REFUSED = new RegExp(`^go: example\\.com/hello@v1\\.0\\.0: Get "http://${HOST}/.*": dial tcp ${HOST}: connect: connection refused$`);

/** Runs the real go (the harness's recording shim) and returns what it printed. */
function goModDownload(module = MODULE): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) =>
    execFile('go', ['mod', 'download', module], { cwd: workspaceDir(), env: process.env, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr: String(stderr) }),
    ),
  );
}

/**
 * Asks the harness to hover the terminal row showing `text` and Ctrl+click it in the
 * workbench, as a person follows a link (see servePageRequests in run-in-code-server.ts).
 */
async function followTerminalLinkWithPointer(text: string): Promise<void> {
  const request = process.env.GPD_PAGE_REQUEST;
  const done = process.env.GPD_PAGE_DONE;
  assert.ok(request && done, 'the harness serves page requests');
  fs.rmSync(done, { force: true });
  fs.writeFileSync(request, JSON.stringify({ action: 'follow-terminal-link', text }));
  const answer = await until('the harness to click', () => fs.existsSync(done) && fs.readFileSync(done, 'utf8'), 30_000);
  assert.equal(answer, 'ok');
}

/** A terminal that prints `text` as a program's output would. */
async function terminalPrinting(name: string, text: string, module = MODULE): Promise<vscode.Terminal> {
  const write = new vscode.EventEmitter<string>();
  let opened: () => void = () => undefined;
  const ready = new Promise<void>((r) => (opened = r));
  const terminal = vscode.window.createTerminal({
    name,
    pty: {
      onDidWrite: write.event,
      open: () => {
        write.fire(`$ go mod download ${module}\r\n${text.replace(/\r?\n/g, '\r\n')}`);
        opened();
      },
      close: () => write.dispose(),
    },
  });
  terminal.show();
  await ready;
  return terminal;
}

async function setOffline(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('goProxyDoctor').update('offline', value, vscode.ConfigurationTarget.Global);
}

describe('go errors: terminal links, Explain go Error, problem matcher', () => {
  // The harness turns network checks off; these runs need them (they reach loopback only).
  before(() => setOffline(false));
  after(() => setOffline(true));

  it('a terminal printing go\'s failure offers "Diagnose this", and following it diagnoses that host', async () => {
    const a = await api();
    const go = await goModDownload();
    assert.notEqual(go.code, 0, `go fails: nothing listens on ${PROXY.host}`);
    const failure = go.stderr.split('\n').find((l) => l.includes('connection refused'));
    assert.ok(failure, `go printed a connection refused failure:\n${go.stderr}`);
    assert.match(failure, REFUSED);

    const terminal = await terminalPrinting('go mod download', go.stderr);
    try {
      // What the terminal shows, line by line, as VS Code hands lines to link providers.
      const lines = [`$ go mod download ${MODULE}`, ...go.stderr.split('\n')];
      const offered = lines.flatMap((line) => a.terminalLinks.provideTerminalLinks({ line, terminal }).map((link) => ({ line, link })));
      assert.equal(offered.length, 1, `one link: ${JSON.stringify(offered.map((o) => o.line))}`);
      const { line, link } = offered[0];
      assert.equal(line.slice(link.startIndex, link.startIndex + link.length), failure);
      assert.match(String(link.tooltip), /connection refused/);
      assert.equal(link.found.kind, 'tcp-refused');

      await a.terminalLinks.handleTerminalLink(link);

      // Exactly the checks the plan names ran, with the module from the failure.
      const options = a.lastRunOptions()!;
      assert.deepEqual(options.only, ['GPD401', 'GPD402']);
      assert.deepEqual(options.modules, [MODULE]);
      assert.equal(options.offline, false);
      const report = a.report()!;
      const tcp = report.results.find((r) => r.id === 'GPD401');
      assert.ok(tcp, `GPD401 ran: ${report.results.map((r) => r.id).join(', ')}`);
      assert.equal(tcp.status, 'error', JSON.stringify(tcp));
      const evidence = tcp.findings.flatMap((f) => f.evidence).join('\n');
      assert.ok(evidence.includes(`${PROXY.hostname} port ${PROXY.port}: refused`), evidence);
      assert.ok(report.results.some((r) => r.id === 'GPD402'), 'GPD402 ran');
      // The tree shows the new result.
      const layer = a.ctx.tree.getChildren().find((n) => n.kind === 'layer' && n.layer === 'connection');
      assert.ok(layer, 'the connection layer is in the tree');

      // Cause first, then go's words, then the evidence.
      const shown = await until('the explanation editor', () => {
        const doc = vscode.window.activeTextEditor?.document;
        return doc?.languageId === 'markdown' && doc.getText().startsWith('# Go error explained') ? doc.getText() : undefined;
      });
      const cause = shown.indexOf('Cause: connection refused');
      assert.ok(cause > 0, shown);
      assert.ok(cause < shown.indexOf('go said') && shown.indexOf('go said') < shown.indexOf('### Evidence'), shown);
      assert.match(shown, /GPD401 .*: error/);
      assert.ok(shown.includes(`${PROXY.hostname} port ${PROXY.port}: refused`), shown);
    } finally {
      terminal.dispose();
    }
  });

  it('in the workbench, hovering the failure and Ctrl+clicking it runs the diagnosis for that module and host', async () => {
    const a = await api();
    const other = 'example.com/other@v1.2.3';
    const go = await goModDownload(other);
    assert.ok(go.stderr.includes('connection refused'), go.stderr);
    // The DOM renderer, so that the harness finds the row by its text.
    await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', 'off', vscode.ConfigurationTarget.Global);
    const terminal = await terminalPrinting('go mod download (pointer)', go.stderr, other);
    try {
      await new Promise((r) => setTimeout(r, 1000)); // let the terminal render its rows
      await followTerminalLinkWithPointer('connection refused');
      // Nothing here called the provider: the workbench asked for the links on hover and
      // activated this one on Ctrl+click.
      const options = await until('the run started by the link', () => {
        const o = a.lastRunOptions();
        return o?.modules?.includes(other) ? o : undefined;
      }, 30_000);
      assert.deepEqual(options.only, ['GPD401', 'GPD402']);
      const shown = await until('the explanation of the clicked failure', () => {
        const text = vscode.window.activeTextEditor?.document.getText() ?? '';
        return text.startsWith('# Go error explained') && text.includes('example.com/other@v1.2.3') && text.includes('### Evidence') ? text : undefined;
      }, 30_000);
      assert.ok(shown.indexOf('Cause: connection refused') < shown.indexOf('### Evidence'), shown);
      assert.ok(shown.includes(`${PROXY.hostname} port ${PROXY.port}: refused`), shown);
    } finally {
      terminal.dispose();
      await vscode.workspace.getConfiguration('terminal.integrated').update('gpuAcceleration', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('"Explain go Error…" explains the selected text', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({
      language: 'log',
      content: [
        '2024-05-01T10:00:00.000Z $ go build ./...',
        '2024-05-01T10:00:01.000Z go: example.com/hello@v1.0.0: Get "http://127.0.0.1:9/example.com/hello/@v/v1.0.0.mod": dial tcp 127.0.0.1:9: connect: connection refused',
        '2024-05-01T10:00:01.000Z main.go:4:2: missing go.sum entry for module providing package rsc.io/quote (imported by example.com/app); to add:',
      ].join('\n'),
    });
    const editor = await vscode.window.showTextDocument(doc);
    const last = doc.lineAt(doc.lineCount - 1);
    editor.selection = new vscode.Selection(0, 0, last.range.end.line, last.range.end.character);
    await until('the selection of the whole log', () => vscode.window.activeTextEditor?.document === doc && vscode.window.activeTextEditor.selection.end.isEqual(last.range.end));
    const explained = await vscode.commands.executeCommand<Explanation>('goProxyDoctor.explainError');
    {
      assert.ok(explained, 'the command returns its explanation');
      assert.deepEqual(explained.plan.failures.map((f) => f.kind), ['tcp-refused', 'missing-gosum-entry']);
      assert.equal(explained.outcome?.kind, 'done');
      assert.deepEqual(a.lastRunOptions()?.only, ['GPD401', 'GPD402']);
      assert.match(explained.markdown, /## 2\. Cause: go\.sum lacks an entry \(not a proxy problem\)\n/);
      assert.ok(explained.markdown.indexOf('1. Cause: connection refused') < explained.markdown.indexOf('2. Cause:'));
    }
  });

  it('"Explain go Error…" probes the proxy the error names, not the one of this editor', async () => {
    const a = await api();
    // Another loopback port where nothing listens: the error comes from a go that used it (CI).
    const other = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    assert.notEqual(String(other), PROXY.port);
    const text = `go: example.com/hello@v1.0.0: Get "http://127.0.0.1:${other}/example.com/hello/@v/v1.0.0.mod": dial tcp 127.0.0.1:${other}: connect: connection refused`;
    const explained = await vscode.commands.executeCommand<Explanation>('goProxyDoctor.explainError', text);
    assert.ok(explained);
    assert.equal(explained.outcome?.kind, 'done', JSON.stringify(explained.outcome));
    assert.deepEqual(a.ctx.lastRunEnv, { GOPROXY: `http://127.0.0.1:${other}` });
    const tcp = a.report()!.results.find((r) => r.id === 'GPD401')!;
    const evidence = tcp.findings.flatMap((f) => f.evidence).join('\n');
    assert.ok(evidence.includes(`127.0.0.1 port ${other}: refused`), evidence);
    assert.ok(!evidence.includes(`port ${PROXY.port}:`), `the editor's proxy was not probed: ${evidence}`);
  });

  it('"Explain go Error…" runs no check for a look-alike', async () => {
    const a = await api();
    const before = a.lastRunOptions();
    const explained = await vscode.commands.executeCommand<Explanation>('goProxyDoctor.explainError', 'gopls: error while importing github.com/foo/bar: go: github.com/foo/bar@v1.0.0: module lookup disabled by GOPROXY=off');
    {
      assert.ok(explained);
      assert.equal(explained.plan.failures[0].kind, 'gopls-goproxy-off');
      assert.equal(explained.outcome, undefined, 'nothing ran');
      assert.equal(a.lastRunOptions(), before, 'no run was started');
      assert.match(explained.markdown, /not a proxy problem/);
      assert.doesNotMatch(explained.markdown, /### Fix/);
    }
  });

  it('the "$go-proxy" problem matcher puts go\'s failures of a task on go.mod', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const task = new vscode.Task({ type: 'shell' }, folder, 'go mod download', 'go', new vscode.ShellExecution('go', ['mod', 'download', MODULE], { cwd: folder.uri.fsPath }), ['$go-proxy']);
    const events: string[] = [];
    const subs = [
      vscode.tasks.onDidStartTask((e) => events.push(`start ${e.execution.task.name}`)),
      vscode.tasks.onDidStartTaskProcess((e) => events.push(`process ${e.execution.task.name} ${e.processId}`)),
      vscode.tasks.onDidEndTask((e) => events.push(`end ${e.execution.task.name}`)),
    ];
    const ended = new Promise<number | undefined>((resolve) => {
      subs.push(
        vscode.tasks.onDidEndTaskProcess((e) => {
          events.push(`exit ${e.execution.task.name} ${e.exitCode}`);
          if (e.execution.task.name === task.name) resolve(e.exitCode);
        }),
      );
    });
    try {
      const started = await Promise.race([vscode.tasks.executeTask(task).then(() => 'started'), new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
      assert.equal(started, 'started', `executeTask returned: ${events.join('; ')}`);
      const code = await Promise.race([ended, new Promise<string>((r) => setTimeout(() => r('timeout'), 30_000))]);
      assert.notEqual(code, 'timeout', `the task ended: ${events.join('; ')}`);
      assert.notEqual(code, 0, 'go failed');
      const goMod = file('go.mod');
      const diags = await until('a diagnostic on go.mod from the task', () => {
        const d = vscode.languages.getDiagnostics(goMod).filter((x) => x.source === 'go');
        return d.length ? d : undefined;
      }).catch((e: Error) => {
        const all = vscode.languages.getDiagnostics().map(([u, d]) => [u.path, d.map((x) => `${x.source}: ${x.message}`)]);
        throw new Error(`${e.message} (task: ${events.join('; ')}; diagnostics: ${JSON.stringify(all)})`);
      });
      assert.equal(diags.length, 1, JSON.stringify(diags));
      assert.match(diags[0].message, REFUSED);
      assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    } finally {
      for (const s of subs) s.dispose();
      for (const t of vscode.window.terminals) if (t.name.includes('go mod download')) t.dispose();
    }
  });
});
