import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, checksOf } from '../helpers';
import type { Node } from '../../../../src/vscode/tree';

type CheckNode = Extract<Node, { kind: 'check' }>;
type FindingNode = Extract<Node, { kind: 'finding' }>;

describe('tree actions and the status bar tooltip', () => {
  it('has a Markdown tooltip whose links run Diagnose, Show Report and Open Log', async () => {
    const a = await api();
    const md = a.ctx.status.tooltip;
    assert.ok(md instanceof vscode.MarkdownString);
    for (const c of ['goProxyDoctor.diagnose', 'goProxyDoctor.showReport', 'goProxyDoctor.openLog']) {
      assert.ok(md.value.includes(`(command:${c})`), c);
      assert.ok(typeof md.isTrusted === 'object' && md.isTrusted.enabledCommands.includes(c), `${c} is enabled in the tooltip`);
    }
  });

  it('re-runs one check from its tree item, keeping the other results', async () => {
    const a = await api();
    const layers = a.ctx.tree.getChildren();
    const check = layers.flatMap((l) => checksOf(a, l)).find((n): n is CheckNode => n.kind === 'check');
    assert.ok(check, 'a check in the tree');
    const before = a.report()!.results.map((r) => r.id);
    const outcome = await vscode.commands.executeCommand<{ kind: string }>('goProxyDoctor.rerun', check);
    assert.equal(outcome.kind, 'done');
    assert.deepEqual(a.lastRunOptions()?.only, [check.result.id]);
    assert.deepEqual(a.report()!.results.map((r) => r.id), before, 'the other checks keep their results');
  });

  const findingNodes = async (): Promise<FindingNode[]> => {
    const a = await api();
    return a.ctx.tree
      .getChildren()
      .flatMap((l) => checksOf(a, l))
      .flatMap((c) => a.ctx.tree.getChildren(c))
      .filter((n): n is FindingNode => n.kind === 'finding');
  };

  it('reveals a finding\'s location with its span selected', async () => {
    const located = (await findingNodes()).find((n) => n.finding.location);
    if (!located) return; // no check reports a located finding for this workspace
    await vscode.commands.executeCommand('goProxyDoctor.revealLocation', located);
    const editor = vscode.window.activeTextEditor!;
    const loc = located.finding.location!;
    assert.ok(editor.document.uri.fsPath.endsWith(loc.file.replace(/^.*[\\/]/, '')), editor.document.uri.fsPath);
    assert.deepEqual(
      [editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character],
      [loc.startLine - 1, loc.startColumn - 1, loc.endLine - 1, loc.endColumn - 1],
    );
  });

  it('copies a finding as Markdown', async () => {
    const node = (await findingNodes())[0];
    if (!node) return; // nothing reported, nothing to copy
    await vscode.commands.executeCommand('goProxyDoctor.copyMarkdown', node);
    const text = await vscode.env.clipboard.readText();
    assert.ok(text.startsWith(`**${node.finding.id} `), text);
    assert.ok(text.includes(node.result.docs));
  });

  it('shows the report as Markdown', async () => {
    const a = await api();
    await vscode.commands.executeCommand('goProxyDoctor.showReport');
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'markdown');
    for (const r of a.report()!.results) assert.ok(doc.getText().includes(r.id), r.id);
  });
});
