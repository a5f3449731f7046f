/**
 * GO111MODULE as the go command reads it.
 * Mirrors src/cmd/go/internal/modload/init.go (go@1.19.8 :325-343, go@1.26.8 :482-496; the
 * same values and texts in go1.27.3).
 */
import { parseGoVersion } from '../env/go-version';

export interface Go111ModuleParse {
  /** on: module mode; off: GOPATH mode; auto: module mode when a go.mod is found. */
  mode?: 'on' | 'off' | 'auto';
  /** What every module-aware command prints (null when accepted). */
  error?: string;
  /** What module commands (`go mod ...`, `go get m@v`) print in GOPATH mode. */
  modulesDisabled?: string;
}

export const MODULES_DISABLED = "go: modules disabled by GO111MODULE=off; see 'go help modules'";

export function parseGo111module(value: string): Go111ModuleParse {
  switch (value) {
    case '':
    case 'on':
      return { mode: 'on' };
    case 'auto':
      return { mode: 'auto' };
    case 'off':
      return { mode: 'off', modulesDisabled: MODULES_DISABLED };
    default:
      return { error: `go: unknown environment setting GO111MODULE=${value}` };
  }
}

/**
 * What `go <command> <module>@<version>` prints under GO111MODULE=off, by the rules of `version`
 * (newest when unknown); null when the command runs in GOPATH mode instead.
 * - `go mod ...` needs modules (ForceUseModules): modulesDisabled, in every release;
 * - `go get`: go1.19 still has GOPATH-mode get, which refuses path@version
 *   (go@1.19.8 src/cmd/go/internal/get/get.go:208); since Go 1.22 `go get` always needs
 *   modules (go@1.26.8 src/cmd/go/internal/modget/get.go:302 sets ForceUseModules);
 * - `go list -m`: "go: list -m cannot be used with GO111MODULE=off" (go@1.26.8 list/list.go:530).
 * Builds (build, test, vet, run) run in GOPATH mode and fail per import instead:
 * `cannot find package "<path>" in any of: ...`.
 */
export function modulesOffError(command: string, version?: string | null): string | null {
  if (command === 'mod' || command.startsWith('mod ')) return MODULES_DISABLED;
  if (command === 'list -m') return 'go: list -m cannot be used with GO111MODULE=off';
  if (command === 'get') {
    const v = parseGoVersion(version ?? null);
    return !v || v.minor >= 22 || v.major > 1 ? MODULES_DISABLED : "go: can only use path@version syntax with 'go get' and 'go install' in module-aware mode";
  }
  return null;
}
