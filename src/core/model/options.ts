/** How the go binary the doctor runs was chosen: the go the person will run. */
export type GoChosenBy = '--go' | 'go.alternateTools' | 'GOBIN' | 'go.goroot' | 'GOROOT' | 'PATH' | 'default-location';

/** The go binary to run instead of `go` on PATH (the CLI's `--go`, the editor's Go settings). */
export interface GoBinary {
  path: string;
  chosenBy: GoChosenBy;
}

export interface RunOptions {
  /** Network checks are reported as skipped (never as passed). */
  offline: boolean;
  /** Time limit of each network step, in milliseconds. */
  timeoutMs: number;
  /** Check ids or layer names to run (empty = all). */
  only: string[];
  /** Check ids or layer names to leave out. */
  skip: string[];
  /** Extra DNS resolvers (ip or ip:port) to compare with the system resolver. */
  resolvers: string[];
  /** Extra mirrors (GOPROXY URLs) to compare; never probed unless listed. */
  mirrors: string[];
  /** module@version the user asked about (besides go.mod's requirements). */
  modules: string[];
  /** Run checks one after another (benchmark baseline). */
  sequential: boolean;
  /** A running check is reported as slow after this long. */
  slowAfterMs: number;
  /** The workspace is untrusted: no go execution, no probes of hosts named only by workspace files. */
  untrusted: boolean;
  /** The go to run; absent = `go` on PATH. */
  goBinary?: GoBinary;
}

export const DEFAULT_OPTIONS: RunOptions = {
  offline: false,
  timeoutMs: 5000,
  only: [],
  skip: [],
  resolvers: [],
  mirrors: [],
  modules: [],
  sequential: false,
  slowAfterMs: 2000,
  untrusted: false,
};
