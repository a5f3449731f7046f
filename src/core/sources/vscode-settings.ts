import type { Assignment } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { member } from './jsonc';
import { envObject, readJsonc } from './json-env';

/** The editor's own proxy settings, recorded under these names. */
export const EDITOR_PROXY_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL'] as const;

/**
 * VS Code `settings.json` (user or workspace): `go.toolsEnvVars` (the Go extension's tools:
 * gopls, go itself when the extension runs it), `terminal.integrated.env.<os>` (new
 * integrated terminals), and the editor's own `http.proxy`/`http.noProxy`/`http.proxyStrictSSL`
 * (used by VS Code and its extensions, never passed to go).
 */
export function parseVscodeSettings(src: SourceText, level: 'user' | 'workspace'): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const root = readJsonc(src, out.problems);
  if (!root) return out;
  if (root.type !== 'object') {
    out.problems.push(src.problem('settings.json must hold an object', root.start, root.end));
    return out;
  }
  out.assignments.push(...envObject(src, member(root, 'go.toolsEnvVars')?.value, 'vscode-settings', 'go.toolsEnvVars', level, out.problems));
  for (const os of ['linux', 'osx', 'windows']) {
    out.assignments.push(...envObject(src, member(root, `terminal.integrated.env.${os}`)?.value, 'vscode-settings', `terminal.integrated.env.${os}`, level, out.problems));
  }
  for (const key of EDITOR_PROXY_SETTINGS) {
    const m = member(root, key);
    if (!m) continue;
    const v = m.value;
    let value: string;
    if (v.type === 'string') value = v.value;
    else if (v.type === 'boolean') value = String(v.value);
    else if (v.type === 'array') value = v.items.map((x) => (x.type === 'string' ? x.value : '')).join(',');
    else continue;
    const a: Assignment = src.assignment({ variable: key, value, start: v.start, end: v.end, statementStart: m.keyStart, statementEnd: v.end, scope: { kind: 'vscode-settings', name: 'editor', level } });
    out.assignments.push(a);
  }
  return out;
}
