import * as path from 'node:path';

/**
 * Files whose text can set a Go variable or name modules, and so carry diagnostics. A change
 * to one of them triggers a static re-run (environment and scopes layers only).
 */
export function isWatchedFile(file: string): boolean {
  const base = path.basename(file);
  const norm = file.split(path.sep).join('/');
  if (['go.mod', 'go.work', 'go.sum', '.gitlab-ci.yml', '.gitlab-ci.yaml', 'Dockerfile', 'Containerfile', 'devcontainer.json', '.devcontainer.json', '.envrc', '.env'].includes(base)) return true;
  if (/^(Dockerfile|Containerfile)\.|\.(dockerfile|service)$/i.test(base)) return true;
  if (/\/\.github\/workflows\/[^/]+\.ya?ml$/.test(norm)) return true;
  if (/\/\.vscode\/settings\.json$/.test(norm)) return true;
  return false;
}

/** Layers whose checks read only local files and the environment: safe to run while typing. */
export const STATIC_LAYERS = ['environment', 'scopes'];
