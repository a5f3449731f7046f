import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, file, until, workspaceDir } from '../helpers';

describe('commands', () => {
  it('exports the report as JSON and Markdown', async () => {
    const a = await api();
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
});
