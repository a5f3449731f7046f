import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, file, ours, until } from '../helpers';
import { toRange, toUri } from '../../../../src/vscode/diagnostics';
import { allChecks } from '../../../../src/core/checks/registry';
import { docsUrl } from '../../../../src/core/model/docs';

/** The docs section of a check id: its own id and slug. */
function docsOf(id: string): string {
  const c = allChecks().find((x) => x.id === id);
  assert.ok(c, `a check has the id ${id}`);
  return docsUrl(c.id, c.slug);
}

describe('diagnostics and quick fixes', () => {
  it('puts every located finding at its exact span with code, docs target, source and related places', async () => {
    const a = await api();
    const report = a.report() ?? ((await a.diagnose()).kind === 'done' ? a.report()! : assert.fail('diagnose failed'));
    let located = 0;
    for (const r of report.results) {
      for (const f of r.findings) {
        if (!f.location) continue;
        located++;
        const uri = toUri(f.location.file, report.dir);
        const range = toRange(f.location);
        const d = ours(uri).find((x) => x.range.isEqual(range) && x.message === f.message);
        assert.ok(d, `diagnostic for ${f.id} at ${path.basename(uri.fsPath)}:${f.location.startLine}:${f.location.startColumn}`);
        // The link opens the section of the finding's own id (a check may report under another's id).
        assert.deepEqual(typeof d.code === 'object' ? { value: d.code.value, target: d.code.target.toString() } : d.code, { value: f.id, target: vscode.Uri.parse(docsOf(f.id)).toString() });
        // A place named in the message is the place the squiggle marks (1-based, as the Problems panel shows).
        const base = path.basename(uri.fsPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        for (const m of f.message.matchAll(new RegExp(`${base}:(\\d+):(\\d+)`, 'g'))) {
          if (Number(m[1]) === range.start.line + 1) assert.equal(Number(m[2]), range.start.character + 1, `${f.id}: ${f.message}`);
        }
        assert.equal(d.relatedInformation?.length ?? 0, f.related?.length ?? 0);
      }
    }
    // Nothing more than the findings: a diagnostic without a finding would be a UI bug.
    const total = vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'Go Proxy').length, 0);
    assert.equal(total, located);
  });

  it('flags GOPROXY "Direct" in .gitlab-ci.yml at the exact value when the CI scope check exists', async () => {
    const a = await api();
    const report = a.report()!;
    const ci = report.results.find((r) => r.id === 'GPD202');
    const uri = file('.gitlab-ci.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    if (!ci || ci.status === 'skipped' || ci.status === 'crashed') {
      // Without the check the file must carry no diagnostic of ours from it.
      assert.equal(ours(uri).filter((d) => typeof d.code === 'object' && d.code.value === 'GPD202').length, 0);
      return;
    }
    const line = doc.getText().split('\n').findIndex((l) => l.includes('GOPROXY'));
    const d = ours(uri).find((x) => x.range.start.line === line);
    assert.ok(d, `a diagnostic on line ${line + 1}: ${JSON.stringify(ours(uri))}`);
    assert.equal(doc.getText(d.range).replace(/^["']|["']$/g, ''), 'Direct');
  });

  it('offers a fixed action set and a quick fix that edits only the span', async () => {
    const a = await api();
    const report = a.report()!;
    let applied = 0;
    for (const [uri, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags.filter((x) => x.source === 'Go Proxy')) {
        await vscode.workspace.openTextDocument(uri); // code actions are asked of open documents
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value).then(
          (x) => x,
          (e: Error) => assert.fail(`code actions at ${uri.toString()} ${JSON.stringify(d.range)}: ${e.message}`),
        );
        // The API hands actions back without their diagnostics: all actions at this range.
        const mine = actions;
        const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
        assert.ok(mine.some((x) => x.title.includes(code) && x.command?.command === 'goProxyDoctor.openDocs'), `"show documentation" for ${code} at ${uri.fsPath}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}; got ${JSON.stringify(actions.map((x) => [x.title, x.diagnostics?.map((y) => y.range)]))}`);
        assert.ok(mine.filter((x) => x.isPreferred).length <= 1, 'at most one preferred fix');
        const finding = report.results.flatMap((r) => r.findings).find((f) => f.id === code && f.message === d.message)!;
        for (const x of mine.filter((y) => y.isPreferred)) {
          const fix = finding.fixes.find((f) => x.title.startsWith(f.title));
          assert.ok(!fix?.weakening, 'a weakening fix is never preferred');
        }
        const withEdit = mine.find((x) => x.edit && x.edit.size === 1 && x.edit.entries()[0][1].length === 1 && x.edit.entries()[0][0].toString() === uri.toString() && (x.edit.entries()[0][1][0].range.isEqual(d.range) || d.range.contains(x.edit.entries()[0][1][0].range)));
        if (!withEdit || applied > 0) continue;
        const doc = await vscode.workspace.openTextDocument(uri);
        const before = doc.getText();
        const [, [edit]] = withEdit.edit!.entries()[0];
        assert.ok(edit.range.isEqual(d.range) || d.range.contains(edit.range) || edit.range.contains(d.range), 'the edit is at the diagnostic');
        const start = doc.offsetAt(edit.range.start);
        const tail = before.length - doc.offsetAt(edit.range.end);
        assert.ok(await vscode.workspace.applyEdit(withEdit.edit!));
        const after = doc.getText();
        assert.equal(after.slice(0, start), before.slice(0, start), 'text before the span unchanged');
        assert.equal(after.slice(after.length - tail), before.slice(before.length - tail), 'text after the span unchanged');
        assert.equal(after.slice(start, after.length - tail), edit.newText, 'the span holds the new value');
        applied++;
        // A stale finding offers no edit any more (edits are bound to the document version).
        const stale = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
        assert.ok(!stale.some((x) => x.title === withEdit.title && x.edit), 'no edit from a finding computed on older text');
        // Put the file back as it was on disk.
        const back = new vscode.WorkspaceEdit();
        back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
        assert.ok(await vscode.workspace.applyEdit(back));
        await doc.save();
        await until('the restore', () => doc.getText() === before && !doc.isDirty);
        await until('the re-run after the restore', () => a.ctx.settled);
      }
    }
    // When a located finding carries a value fix, its quick fix must have been applied above.
    const fixable = report.results.flatMap((r) => r.findings).some((f) => f.location && f.fixes.some((x) => (x.kind === 'edit' && x.edits?.length) || (x.kind === 'set-variable' && x.value !== undefined)));
    assert.equal(applied, fixable ? 1 : 0, 'a quick fix edited a span');
  });

  it('source.fixAll.goProxyDoctor applies the preferred, non-weakening fixes of the file', async () => {
    const uri = file('.gitlab-ci.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const a = await api();
    await until('no unsaved change, no pending re-run', () => !doc.isDirty && a.ctx.settled);
    const key = (e: vscode.TextEdit) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`;
    // Quick fixes and fix-all are read from the same results: a re-run that lands between the
    // two reads (the previous test saved this file) is waited out by reading both again.
    const { preferred, fixAll } = await until('quick fixes and fix-all from the same results', async () => {
      const preferred = new Set<string>();
      for (const d of ours(uri)) {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
        for (const a of actions.filter((x) => x.isPreferred && x.edit)) for (const [, es] of a.edit!.entries()) for (const e of es) preferred.add(key(e));
      }
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.goProxyDoctor');
      const fixAll = all.find((a) => a.kind?.value === 'source.fixAll.goProxyDoctor');
      const consistent = preferred.size === 0 ? !fixAll : Boolean(fixAll?.edit);
      return consistent && a.ctx.settled ? { preferred, fixAll } : false;
    });
    if (preferred.size === 0) {
      assert.equal(fixAll, undefined, 'nothing to fix, no action');
      return;
    }
    assert.ok(fixAll?.edit, 'a fix-all action');
    const got = fixAll.edit.entries().flatMap(([u, es]) => (assert.equal(u.toString(), uri.toString()), es.map(key)));
    assert.ok(got.length > 0);
    for (const k of got) assert.ok(preferred.has(k), `${k} is a preferred quick fix`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.notEqual(doc.getText(), before);
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
    await vscode.workspace.applyEdit(back);
    await doc.save();
    await until('the re-run after the restore', () => a.ctx.settled);
  });
});
