/**
 * GOAUTH (Go 1.24+) as go@1.26.8 / go1.27.3 src/cmd/go/internal/auth/auth.go runGoAuth reads
 * it: split on `;`, processed in reverse order, each command trimmed and split into fields.
 * `off`, `netrc` and `git DIR` are keywords (lower case, exactly); anything else is a
 * command go runs. A malformed command stops go at its first https request (base.Fatalf)
 * with the texts below; go prints the first one it meets in processing (reverse) order.
 */
export type GoauthCommand = { text: string; error?: string } & (
  | { kind: 'empty' }
  | { kind: 'off' }
  | { kind: 'netrc' }
  | { kind: 'git'; dir: string }
  | { kind: 'command'; program: string }
);

export interface GoauthParse {
  /** The value go uses: an empty GOAUTH is `netrc` (cfg.go: EnvOr("GOAUTH", "netrc")). */
  value: string;
  /** In the order written; go processes them in reverse, so the first one written wins a tie. */
  commands: GoauthCommand[];
}

export function parseGoauth(value: string, isAbs: (p: string) => boolean): GoauthParse {
  const v = value === '' ? 'netrc' : value;
  const parts = v.split(';');
  const commands = parts.map((part): GoauthCommand => {
    const text = part.trim();
    const words = text.split(/[\s\u0085\u00a0]+/u).filter(Boolean);
    if (words.length === 0) return { kind: 'empty', text, error: `go: GOAUTH encountered an empty command (GOAUTH=${v})` };
    switch (words[0]) {
      case 'off':
        return parts.length === 1 ? { kind: 'off', text } : { kind: 'off', text, error: `go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${v})` };
      case 'netrc':
        return { kind: 'netrc', text };
      case 'git':
        if (words.length !== 2) return { kind: 'git', text, dir: '', error: 'go: GOAUTH=git dir method requires an absolute path to the git working directory' };
        if (!isAbs(words[1])) return { kind: 'git', text, dir: words[1], error: 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute' };
        return { kind: 'git', text, dir: words[1] };
      default:
        return { kind: 'command', text, program: words[0] };
    }
  });
  return { value: v, commands };
}

/**
 * The fatal error of `git DIR` once DIR is absolute: os.Stat failing, or not a folder
 * (`stat` null = DIR does not exist).
 */
export function gitDirError(dir: string, stat: { isDirectory: boolean } | null): string | undefined {
  if (!stat) return `go: GOAUTH=git encountered an error; cannot stat ${dir}: stat ${dir}: no such file or directory`;
  if (!stat.isDirectory) return 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory';
  return undefined;
}

/** The error go stops with: the first one in processing (reverse) order; `off` alone ends processing. */
export function goauthFatal(commands: readonly GoauthCommand[]): { error: string; command: GoauthCommand } | undefined {
  for (let k = commands.length - 1; k >= 0; k--) {
    const c = commands[k];
    if (c.error) return { error: c.error, command: c };
    if (c.kind === 'off') return undefined;
  }
  return undefined;
}
