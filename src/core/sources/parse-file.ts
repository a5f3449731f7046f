import * as path from 'node:path';
import type { Assignment, ScopeKind, SourceProblem } from '../model/workspace';
import { SourceText } from './source-text';
import { parseGitlabCi } from './gitlab-ci';
import { parseGithubWorkflow } from './github-actions';
import { parseDockerfile } from './dockerfile';
import { parseSystemdUnit } from './systemd-unit';
import { parseDotenv, parseShellFile } from './shell-env';
import { parseDevcontainer } from './devcontainer';
import { parseVscodeSettings } from './vscode-settings';
import { parseGoEnvFile } from './go-env-file';
import { parseCompose } from './compose';
import { parseMakefile } from './makefile';
import { parseJenkinsfile } from './jenkinsfile';

/** How a file with assignments is read again (to verify an edit, or after one). */
export interface FileSpec {
  kind: ScopeKind;
  /** user / workspace / global, for kinds with levels. */
  level?: string;
}

/** The systemd unit a file configures (`foo.service` for `foo.service.d/x.conf`). */
export function unitName(file: string): string {
  const dir = path.basename(path.dirname(file));
  return dir.endsWith('.d') ? dir.slice(0, -2) : path.basename(file);
}

/** Assignments and problems of one file, whatever its kind. */
export function parseAssignments(src: SourceText, spec: FileSpec): { assignments: Assignment[]; problems: SourceProblem[] } {
  switch (spec.kind) {
    case 'gitlab-ci': return parseGitlabCi(src);
    case 'github-actions': return parseGithubWorkflow(src);
    case 'dockerfile': return parseDockerfile(src);
    // An EnvironmentFile= of a unit: KEY=VALUE lines with shell-like quoting (systemd.exec(5)).
    case 'systemd': return spec.level === 'EnvironmentFile=' ? parseDotenv(src, 'systemd', spec.level) : parseSystemdUnit(src, unitName(src.file));
    case 'envrc': return parseShellFile(src, 'envrc', spec.level);
    case 'shell-rc': return parseShellFile(src, 'shell-rc', spec.level);
    case 'dotenv': return parseDotenv(src, 'dotenv', spec.level);
    case 'etc-environment': return parseDotenv(src, 'etc-environment', spec.level);
    case 'devcontainer': return parseDevcontainer(src);
    case 'vscode-settings': return parseVscodeSettings(src, spec.level === 'user' ? 'user' : 'workspace');
    case 'go-env-file': return parseGoEnvFile(src);
    // An env_file: of a service is KEY=VALUE lines (compose-spec.io env_file format).
    case 'makefile': return parseMakefile(src);
    case 'jenkinsfile': return parseJenkinsfile(src);
    case 'compose': return spec.level === 'env_file' ? parseDotenv(src, 'compose', spec.level) : parseCompose(src);
    default: return { assignments: [], problems: [] };
  }
}
