/**
 * GO111MODULE as the go command reads it.
 * Mirrors go@1.19.8 src/cmd/go/internal/modload/init.go:325-343.
 */
export interface Go111ModuleParse {
  /** on: module mode; off: GOPATH mode; auto: module mode when a go.mod is found. */
  mode?: 'on' | 'off' | 'auto';
  /** What every module-aware command prints (null when accepted). */
  error?: string;
  /** What module commands (`go mod ...`, `go get m@v`) print in GOPATH mode. */
  modulesDisabled?: string;
}

export function parseGo111module(value: string): Go111ModuleParse {
  switch (value) {
    case '':
    case 'on':
      return { mode: 'on' };
    case 'auto':
      return { mode: 'auto' };
    case 'off':
      return { mode: 'off', modulesDisabled: "go: modules disabled by GO111MODULE=off; see 'go help modules'" };
    default:
      return { error: `go: unknown environment setting GO111MODULE=${value}` };
  }
}
