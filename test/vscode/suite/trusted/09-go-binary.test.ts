import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyEdits, modify } from 'jsonc-parser';
import { api, until, workspaceDir } from '../helpers';
import type { RunOutcome } from '../../../../src/vscode/worker-client';

// The go the Go extension runs is the go the doctor runs: go.alternateTools.go, then
// go.goroot, then PATH (golang/vscode-go extension/src/util.ts getBinPathWithExplanation).
// The settings are written into the workspace's settings file, as a person (or the Go
// extension) writes them; no Go extension is installed here, so they are not registered.
const GO119 = '/usr/lib/go-1.19/bin/go';
const GO126_ROOT = '/usr/local/go';

describe('The go of the Go extension settings', () => {
  const settingsFile = () => path.join(workspaceDir(), '.vscode', 'settings.json');
  let original = '';
  before(() => {
    original = fs.readFileSync(settingsFile(), 'utf8');
  });
  after(async () => {
    fs.writeFileSync(settingsFile(), original);
    await until('the settings restored', () => vscode.workspace.getConfiguration('go').get('alternateTools') === undefined && !vscode.workspace.getConfiguration('go').get('goroot'));
  });

  async function withSettings(values: Record<string, unknown>): Promise<void> {
    let text = original;
    for (const [k, v] of Object.entries(values)) text = applyEdits(text, modify(text, [k], v, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
    fs.writeFileSync(settingsFile(), text);
    await until(`settings ${JSON.stringify(values)}`, () => Object.entries(values).every(([k, v]) => JSON.stringify(vscode.workspace.getConfiguration().get(k)) === JSON.stringify(v)));
  }

  async function diagnose() {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('goProxyDoctor.diagnose');
    assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
    return (await api()).report()!;
  }

  it('go.alternateTools.go names the go that is run, and the report says whose rules applied', async () => {
    await withSettings({ 'go.alternateTools': { go: GO119 } });
    const report = await diagnose();
    assert.deepEqual((await api()).lastRunOptions()?.goBinary, { path: GO119, chosenBy: 'go.alternateTools' });
    assert.equal(report.go.path, GO119);
    assert.equal(report.go.version, 'go1.19.8');
    assert.equal(report.go.chosenBy, 'go.alternateTools');
    assert.deepEqual(report.go.rules, { version: 'go1.19.8', basis: 'go' });
  });

  it('go.goroot: <goroot>/bin/go, with GOROOT set to it as the Go extension does', async () => {
    await withSettings({ 'go.goroot': GO126_ROOT });
    const report = await diagnose();
    assert.equal(report.go.path, path.join(GO126_ROOT, 'bin', 'go'));
    assert.equal(report.go.chosenBy, 'go.goroot');
    assert.equal(report.go.version, 'go1.26.8');
    assert.equal(report.environment.GOROOT.value, GO126_ROOT);
    assert.equal(report.environment.GOROOT.source, 'os');
  });
});
