import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GoProxyDoctorApi } from '../../../src/vscode/extension';
import type { Node } from '../../../src/vscode/tree';

export const EXTENSION_ID = 'go-proxy-doctor.go-proxy-doctor';

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri.fsPath;
}

export async function api(): Promise<GoProxyDoctorApi> {
  const ext = vscode.extensions.getExtension<GoProxyDoctorApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/** Polls until `f` returns a truthy value. */
export async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function goCalls(): string[] {
  const f = process.env.GPD_GO_CALLS;
  assert.ok(f, 'GPD_GO_CALLS is set by the harness');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), rel));
}

/** Our diagnostics on a file. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Go Proxy');
}


/** The check nodes under a layer node, with the folded "N passed" node opened. */
export function checksOf(a: GoProxyDoctorApi, layer: Node): Node[] {
  return a.ctx.tree.getChildren(layer).flatMap((n) => (n.kind === 'passed' ? a.ctx.tree.getChildren(n) : [n]));
}
