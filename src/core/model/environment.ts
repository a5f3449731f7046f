/** Go's GOOS names: the platform decides file locations and defaults as Go computes them. */
export type GoOS = 'linux' | 'darwin' | 'windows' | 'freebsd' | 'openbsd' | 'netbsd' | 'dragonfly' | 'solaris' | 'illumos' | 'aix' | 'plan9' | 'android' | 'ios';

/** Where an effective value came from, in Go's precedence order. */
export type ValueSource = 'os' | 'go-env-file' | 'goroot-go-env' | 'default';

export interface EnvValue {
  /** The value go uses ('' = unset: Go treats an empty value as unset). */
  value: string;
  source: ValueSource;
  /** Lower-precedence values hidden by this one, nearest first. */
  shadows: Array<{ source: ValueSource; value: string }>;
  /** Set when go took the value from another variable (GONOPROXY/GONOSUMDB default to GOPRIVATE). */
  inheritedFrom?: string;
}

export interface EnvFileEntry {
  key: string;
  value: string;
  /** 1-based line in the file. */
  line: number;
}

export interface EnvFile {
  /** Path as Go computes it (null when Go would have none, e.g. no HOME). */
  path: string | null;
  /** Something is at the path (a file, or a folder, FIFO... that could not be read). */
  exists: boolean;
  entries: EnvFileEntry[];
  /** Why there is no file, or why it was not read (the reason, in words). */
  error?: string;
  /** Present but not read by the doctor, and what go does with it instead. */
  unread?: {
    reason: 'directory' | 'fifo' | 'special' | 'permission' | 'too-large' | 'other';
    /** ignores: os.ReadFile fails and go silently uses no settings from it; hangs: go blocks in open(); reads: go reads it whole. */
    go: 'ignores' | 'hangs' | 'reads';
  };
}

/** The Go environment as `go` resolves it, with the origin of every value. */
export interface GoEnvironment {
  platform: GoOS;
  /** Effective values of the variables the doctor cares about, keyed by name. */
  vars: Record<string, EnvValue>;
  /** The process environment the picture was computed from. */
  os: Record<string, string | undefined>;
  go: {
    /** Path of the go binary used, or null when none was found. */
    path: string | null;
    /** e.g. "go1.19.8". */
    version: string | null;
    /** Why `go env -json` could not be used. */
    error?: string;
    /** The raw `go env -json` answer, when there was one. */
    envJson?: Record<string, string>;
  };
  /** The user's go/env file (GOENV). */
  envFile: EnvFile;
  /** $GOROOT/go.env (Go 1.21+). */
  gorootEnvFile: EnvFile;
  /** True when the picture came from `go env -json`; false when computed from files and defaults. */
  fromGo: boolean;
  notes: string[];
}
