import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, goCalls, ours, until } from '../helpers';

describe('untrusted workspace', () => {
  it('is untrusted, and the extension is active in limited mode', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await api();
    assert.equal(a.health(), 'unknown');
  });

  it('checks the files on open here too, with no command and no go run', async () => {
    const a = await api();
    const report = await until('the file checks after activation', () => a.ctx.settled && a.report());
    assert.ok(report.results.every((r) => ['environment', 'scopes'].includes(r.layer)));
    await until('a diagnostic on .gitlab-ci.yml', () => ours(file('.gitlab-ci.yml')).length > 0);
    assert.deepEqual(goCalls(), [], 'no go execution');
  });

  it('diagnoses from files only: the core is told, and go is never run', async () => {
    const a = await api();
    const outcome = await a.diagnose();
    assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
    assert.equal(a.lastRunOptions()?.untrusted, true);
    assert.deepEqual(goCalls(), [], 'no go execution');
    // A second, static run (typing) does not run go either.
    assert.equal((await a.staticRun()).kind, 'done');
    assert.deepEqual(goCalls(), []);
  });

  it('writes nothing: user and editor settings fixes are refused', async () => {
    assert.equal(await vscode.commands.executeCommand('goProxyDoctor.setForUser', { variable: 'GOPROXY', value: 'https://proxy.golang.org,direct' }), false);
    assert.equal(await vscode.commands.executeCommand('goProxyDoctor.setForGoTools', { variable: 'GOPROXY', value: 'https://proxy.golang.org,direct' }), false);
    assert.deepEqual(goCalls(), []);
  });
});

describe('untrusted workspace: go commands', () => {
  it('refuses Verify with go, Explain and Show Scopes without running go', async () => {
    for (const c of ['goProxyDoctor.verifyWithGo', 'goProxyDoctor.explainGoproxy', 'goProxyDoctor.showScopes']) {
      assert.equal(await vscode.commands.executeCommand(c), undefined, c);
    }
    assert.deepEqual(goCalls(), []);
  });
});
