import type { Assignment } from '../model/workspace';
import { SourceText, type ParsedSource } from './source-text';
import { member, type JsonNode } from './jsonc';
import { envObject, readJsonc } from './json-env';

/** The editor's own proxy settings, recorded under these names. */
export const EDITOR_PROXY_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL'] as const;

/** Editor settings recorded as they are: the proxy ones and the Go extension's `go.goroot`. */
const EDITOR_SETTINGS = [...EDITOR_PROXY_SETTINGS, 'go.goroot'] as const;

/** A multi-root workspace file (`*.code-workspace`): its settings are under `settings`. */
export function isCodeWorkspace(file: string): boolean {
  return /\.code-workspace$/.test(file);
}

/**
 * The object that holds the settings: the file's root for settings.json, its `settings`
 * member for a `.code-workspace` file (null when it has none, or a problem when it is not an
 * object).
 */
export function settingsObject(src: SourceText, root: JsonNode, problems?: ParsedSource['problems']): JsonNode | null {
  if (!isCodeWorkspace(src.file)) return root;
  const m = member(root, 'settings');
  if (!m) return null;
  if (m.value.type !== 'object') {
    problems?.push(src.problem('`settings` of a .code-workspace file must be an object', m.value.start, m.value.end));
    return null;
  }
  return m.value;
}

/**
 * VS Code `settings.json` (user or workspace) and the `settings` of a multi-root
 * `*.code-workspace` file: `go.toolsEnvVars` (the Go extension's tools:
 * gopls, go itself when the extension runs it), `terminal.integrated.env.<os>` (new
 * integrated terminals), and the editor's own `http.proxy`/`http.noProxy`/`http.proxyStrictSSL`
 * (used by VS Code and its extensions, never passed to go), and `go.goroot` (the Go the
 * extension runs).
 */
export function parseVscodeSettings(src: SourceText, level: 'user' | 'workspace'): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const root = readJsonc(src, out.problems);
  if (!root) return out;
  if (root.type !== 'object') {
    out.problems.push(src.problem(`${isCodeWorkspace(src.file) ? 'a .code-workspace file' : 'settings.json'} must hold an object`, root.start, root.end));
    return out;
  }
  const settings = settingsObject(src, root, out.problems);
  if (!settings) return out;
  out.assignments.push(...envObject(src, member(settings, 'go.toolsEnvVars')?.value, 'vscode-settings', 'go.toolsEnvVars', level, out.problems));
  for (const os of ['linux', 'osx', 'windows']) {
    out.assignments.push(...envObject(src, member(settings, `terminal.integrated.env.${os}`)?.value, 'vscode-settings', `terminal.integrated.env.${os}`, level, out.problems));
  }
  for (const key of EDITOR_SETTINGS) {
    const m = member(settings, key);
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
