import * as path from 'node:path';
import type { ScopeKind } from '../model/workspace';
import { isComposeFile } from './compose';
import { isMakefile } from './makefile';
import { isJenkinsfile } from './jenkinsfile';

/** What a file is, from its path relative to the folder being read (forward slashes). */
export type FileKind = ScopeKind | 'go-sum' | 'go-work';

export function classifyFile(rel: string): FileKind | null {
  const p = rel.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  const dir = path.posix.dirname(p);
  if (base === 'go.mod') return 'go-mod';
  if (base === 'go.sum') return 'go-sum';
  if (base === 'go.work') return 'go-work';
  if (p === '.gitlab-ci.yml' || p === '.gitlab-ci.yaml') return 'gitlab-ci';
  if (/(^|\/)\.github\/workflows$/.test(dir) && /\.ya?ml$/.test(base)) return 'github-actions';
  if ((/^(Dockerfile|Containerfile)([.-].*)?$/.test(base) && !base.endsWith('.dockerignore')) || /\.(Dockerfile|dockerfile|Containerfile)$/.test(base)) return 'dockerfile';
  if (/\.(service|socket|timer|mount)$/.test(base) || (/\.service\.d$/.test(dir) && base.endsWith('.conf'))) return 'systemd';
  if (isComposeFile(base)) return 'compose';
  if (isMakefile(base)) return 'makefile';
  if (isJenkinsfile(base)) return 'jenkinsfile';
  if (base === '.envrc') return 'envrc';
  // Templates are documentation, not configuration.
  if (base === '.env' || /^\.env\.[A-Za-z0-9_.-]+$/.test(base) || /\.env$/.test(base)) return /\.(example|sample|template|dist|tmpl)$/.test(base) ? null : 'dotenv';
  if (['.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin'].includes(base)) return 'shell-rc';
  if ((base === 'devcontainer.json' && /(^|\/)\.devcontainer(\/[^/]+)?$/.test(dir)) || base === '.devcontainer.json') return 'devcontainer';
  if (base === 'settings.json' && /(^|\/)\.vscode$/.test(dir)) return 'vscode-settings';
  // A multi-root workspace keeps its settings in the workspace file.
  if (/.\.code-workspace$/.test(base)) return 'vscode-settings';
  return null;
}

/** Folders never walked: dependencies, VCS data, build output. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn', 'dist', 'out', 'target', '.cache', '.venv', '__pycache__']);
