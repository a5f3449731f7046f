import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, goCalls } from '../helpers';
import type { DownloadedModule } from '../../../../src/vscode/go-download-json';

describe('commands that ask go and the proxy chain', () => {
  it('Explain GOPROXY shows the effective GOPROXY and its source', async () => {
    await api();
    const text = await vscode.commands.executeCommand<string>('goProxyDoctor.explainGoproxy');
    assert.ok(text, 'explain produced output');
    assert.match(text, /GOPROXY/);
    assert.ok(text.includes(process.env.GOPROXY!), 'the GOPROXY this extension host was started with');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), text, 'shown in an editor');
  });

  it('Show Scopes lists the places a Go variable is set in the workspace', async () => {
    const text = await vscode.commands.executeCommand<string>('goProxyDoctor.showScopes');
    assert.ok(text);
    assert.match(text, /\.gitlab-ci\.yml/);
    assert.match(text, /GOSUMDB/);
  });

  it('Resolve Module walks the chain as go would (a refused loopback proxy here)', async () => {
    const text = await vscode.commands.executeCommand<string>('goProxyDoctor.resolveModule', 'rsc.io/quote@v1.5.2');
    assert.ok(text);
    assert.ok(text.includes(new URL(process.env.GOPROXY!).host), text);
  });

  it('Verify with go runs go mod download -json and shows each module with go\'s verdict', async () => {
    const before = goCalls().length;
    const modules = await vscode.commands.executeCommand<DownloadedModule[]>('goProxyDoctor.verifyWithGo');
    assert.ok(goCalls().slice(before).some((c) => c.startsWith('mod download -json rsc.io/quote@v1.5.2')), JSON.stringify(goCalls()));
    assert.ok(modules?.length, 'go reported the required module');
    const quote = modules.find((m) => m.Path === 'rsc.io/quote');
    assert.ok(quote, JSON.stringify(modules));
    // The proxy is a closed loopback port: go fails, and says why.
    assert.match(quote.Error ?? '', /connection refused/);
    assert.ok(quote.Error!.includes(new URL(process.env.GOPROXY!).host), quote.Error);
    const shown = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(shown, /\| rsc\.io\/quote \| v1\.5\.2 \| ✗ /);
  });
});
