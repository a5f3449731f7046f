import type { Location } from './location';

/** A require/replace/exclude line in go.mod, or a go.sum line. */
export interface ModuleRef {
  path: string;
  version: string;
  indirect?: boolean;
  location: Location;
}

export interface GoModFile {
  file: string;
  /** `module` path ('' when missing). */
  module: string;
  moduleLocation?: Location;
  go?: { version: string; location: Location };
  toolchain?: { name: string; location: Location };
  requires: ModuleRef[];
  replaces: Array<{ old: ModuleRef | { path: string; version?: string; location: Location }; new: { path: string; version?: string; location: Location } }>;
  errors: Array<{ message: string; location: Location }>;
}

export interface GoSumFile {
  file: string;
  lines: Array<{ path: string; version: string; hash: string; location: Location }>;
  errors: Array<{ message: string; location: Location }>;
}

/** Kind of place a value can be written. */
export type ScopeKind =
  | 'gitlab-ci' | 'github-actions' | 'dockerfile' | 'systemd' | 'envrc' | 'dotenv' | 'shell-rc'
  | 'etc-environment' | 'devcontainer' | 'vscode-settings' | 'go-env-file' | 'go-mod' | 'compose' | 'makefile' | 'jenkinsfile' | 'other';

export interface Scope {
  kind: ScopeKind;
  file: string;
  /** Job, stage, step, unit section, settings key, ... (when the file has such parts). */
  name?: string;
  /** user / workspace / global, where the file kind has levels. */
  level?: string;
}

/** One assignment of a Go variable somewhere in a file. */
export interface Assignment {
  variable: string;
  /** The value text exactly as written (quotes included). */
  raw: string;
  /** The value as the consuming program sees it (quotes and escapes removed). */
  value: string;
  /** Exact span of the value text. */
  range: Location;
  /** Span of the whole assignment (key through value). */
  statement?: Location;
  scope: Scope;
  resolution: 'literal' | 'interpolated' | 'unknown';
  /** The variable name is one Go ignores (GO_PROXY, lower-case goproxy, ...). */
  lookAlike?: boolean;
}

export interface SourceProblem {
  file: string;
  message: string;
  location?: Location;
  /** 'error' (the default): the file or part of it could not be used; 'warning': something was left out; 'info': something the doctor cannot see, said so. */
  severity?: 'error' | 'warning' | 'info';
}

/**
 * A place where a program runs with its own environment (a CI job, a Docker stage, a
 * systemd unit, the terminal, the editor's Go tools) and the assignment in effect there for
 * each variable that its files set.
 */
export interface ScopeContext {
  kind: 'gitlab-job' | 'github-job' | 'docker-stage' | 'compose-service' | 'systemd-unit' | 'devcontainer' | 'terminal' | 'editor-tools' | 'editor-terminal';
  name: string;
  file?: string;
  /** Variable → the assignment that wins there (variables absent come from elsewhere). */
  values: Record<string, Assignment>;
  /** Facts about the place (no HOME, no login shell, build-time only, ...). */
  notes?: string[];
  /** Commands there that make go fetch modules (Dockerfile `RUN go mod download`, ...). */
  commands?: Array<{ text: string; location: Location; local: string[] }>;
}

export interface GoWorkFile {
  file: string;
  go?: { version: string; location: Location };
  toolchain?: { name: string; location: Location };
  uses: Array<{ path: string; location: Location }>;
  replaces: GoModFile['replaces'];
  errors: Array<{ message: string; location: Location }>;
}

export interface Workspace {
  root: string;
  goMods: GoModFile[];
  goSums: GoSumFile[];
  goWork?: string;
  /** go.work parsed (when `goWork` names one). */
  goWorkFile?: GoWorkFile;
  assignments: Assignment[];
  problems: SourceProblem[];
  /** Where programs run and which assignment wins there. */
  contexts?: ScopeContext[];
  /** Files that were read, by kind (for reports and for inserting missing variables). */
  files?: Array<{ file: string; kind: ScopeKind }>;
}
