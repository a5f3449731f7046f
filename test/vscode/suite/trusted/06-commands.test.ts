import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, file, goCalls, until, workspaceDir } from '../helpers';

describe('commands', () => {
  it('exports the report as JSON and Markdown', async () => {
    const a = await api();
    if (!a.report()) assert.equal((await a.diagnose()).kind, 'done');
    const json = path.join(workspaceDir(), 'report.json');
    await vscode.commands.executeCommand('goProxyDoctor.exportReport', { format: 'json', file: json });
    const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.equal(parsed.schemaVersion, 1);
    assert.deepEqual(parsed.results.map((r: { id: string }) => r.id), a.report()!.results.map((r) => r.id));
    const md = path.join(workspaceDir(), 'report.md');
    await vscode.commands.executeCommand('goProxyDoctor.exportReport', { format: 'markdown', file: md });
    const text = fs.readFileSync(md, 'utf8');
    assert.match(text, /^# Go Proxy Doctor report/);
    for (const r of a.report()!.results) assert.ok(text.includes(r.id), r.id);
    fs.rmSync(json);
    fs.rmSync(md);
  });

  it("writes a value for the editor's Go tools into the workspace settings, keeping comments", async () => {
    const a = await api();
    const ok = await vscode.commands.executeCommand<boolean>('goProxyDoctor.setForGoTools', { variable: 'GOPROXY', value: 'https://proxy.golang.org,direct' });
    assert.equal(ok, true);
    const text = fs.readFileSync(file('.vscode/settings.json').fsPath, 'utf8');
    assert.match(text, /"GOPROXY": "https:\/\/proxy\.golang\.org,direct"/);
    assert.match(text, /\/\/ The editor's Go tools/);
    // VS Code reads it back, and the next run no longer finds the old value in the settings file.
    await until('the setting to be read back', () => vscode.workspace.getConfiguration('go').get<Record<string, string>>('toolsEnvVars')?.GOPROXY === 'https://proxy.golang.org,direct');
    assert.equal((await a.diagnose()).kind, 'done');
    const text2 = JSON.stringify(a.report()!.results);
    assert.ok(!text2.includes('https://proxy.golang.org;direct'), 'the old value is gone from every finding');
  });

  /** Answers the confirmation as a person would, and records what it showed. */
  function answer(a: Awaited<ReturnType<typeof api>>, yes: boolean): { shown: string[] } {
    const seen = { shown: [] as string[] };
    a.ctx.confirm = async (message, detail, action) => {
      seen.shown.push(`${message}\n${detail}\n[${action}]`);
      return yes;
    };
    return seen;
  }

  it('sets a value for this user with go env -w after a confirmation that shows the command', async () => {
    const a = await api();
    const original = a.ctx.confirm;
    try {
      const seen = answer(a, true);
      const goenv = process.env.GOENV!;
      assert.equal(await vscode.commands.executeCommand<boolean>('goProxyDoctor.setForUser', { variable: 'GOPRIVATE', value: 'example.com/private' }), true);
      assert.equal(seen.shown.length, 1, 'asked once');
      assert.match(seen.shown[0], /go env -w GOPRIVATE=example\.com\/private/);
      assert.doesNotMatch(seen.shown[0], /also set in the environment/, 'GOPRIVATE is not set in the OS environment');
      assert.match(fs.readFileSync(goenv, 'utf8'), /^GOPRIVATE=example\.com\/private$/m, 'go wrote its env file');
      assert.ok(goCalls().includes('env -w GOPRIVATE=example.com/private'));
    } finally {
      a.ctx.confirm = original;
    }
  });

  it('warns that an OS variable hides the go env file, and runs nothing when declined', async () => {
    const a = await api();
    const original = a.ctx.confirm;
    try {
      const seen = answer(a, false);
      const calls = goCalls().length;
      assert.equal(await vscode.commands.executeCommand<boolean>('goProxyDoctor.setForUser', { variable: 'GOPROXY', value: 'https://proxy.golang.org,direct' }), false);
      // The harness starts the extension host with GOPROXY set, as a shell profile would.
      assert.match(seen.shown[0], /GOPROXY is also set in the environment \("http:\/\/127\.0\.0\.1:9\/"\)/);
      assert.match(seen.shown[0], /go env -w GOPROXY=https:\/\/proxy\.golang\.org,direct/);
      assert.equal(goCalls().length, calls, 'go was not run');
    } finally {
      a.ctx.confirm = original;
    }
  });
});
