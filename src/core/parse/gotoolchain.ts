/**
 * GOTOOLCHAIN (Go 1.21+) as the go command reads it.
 * Mirrors cmd/go/internal/toolchain/select.go (Select: the `+` split and its errors) and
 * cmd/go/internal/gover (FromToolchain, IsValid/parse) from golang/go after Go 1.21.
 * Go 1.19/1.20 ignore the variable (and `go env -w GOTOOLCHAIN=...` fails there with
 * `go: unknown go command variable GOTOOLCHAIN`).
 */
import { goQuote } from './go-bytes';

export interface GotoolchainParse {
  /** local: never switch; auto/path: switch when go.mod asks; pinned: always that toolchain. */
  mode?: 'local' | 'auto' | 'path' | 'pinned';
  /** The minimum / pinned toolchain name (e.g. go1.22.3), when the value names one. */
  toolchain?: string;
  /** Its Go version (e.g. 1.22.3). */
  version?: string;
  /** go's text, e.g. `invalid GOTOOLCHAIN "go 1.22"`. */
  error?: string;
}

function cutInt(x: string): [string, string] | null {
  let i = 0;
  while (i < x.length && x[i] >= '0' && x[i] <= '9') i++;
  if (i === 0 || (x[0] === '0' && i !== 1)) return null;
  return [x.slice(0, i), x.slice(i)];
}

/** gover.IsValid: 1, 1.21, 1.21.3, 1.21rc1 (no prerelease on patch releases). */
export function isValidGoVersion(x: string): boolean {
  let r = cutInt(x);
  if (!r) return false;
  x = r[1];
  if (x === '') return true;
  if (x[0] !== '.') return false;
  r = cutInt(x.slice(1));
  if (!r) return false;
  x = r[1];
  if (x === '') return true;
  if (x[0] === '.') {
    r = cutInt(x.slice(1));
    return r !== null && r[1] === '';
  }
  let i = 0;
  while (i < x.length && (x[i] < '0' || x[i] > '9')) {
    if (x[i] < 'a' || x[i] > 'z') return false;
    i++;
  }
  if (i === 0) return false;
  x = x.slice(i);
  if (x === '') return true;
  r = cutInt(x);
  return r !== null && r[1] === '';
}

/** gover.FromToolchain: "go1.2.3" → "1.2.3", "go1.2.3-bigcorp" → "1.2.3", else "". */
export function versionFromToolchain(name: string): string {
  if (/[\\/]/.test(name)) return '';
  if (!name.startsWith('go')) return '';
  let v = name.slice(2);
  const i = v.search(/[ \t-]/);
  if (i >= 0) v = v.slice(0, i);
  return isValidGoVersion(v) ? v : '';
}

export function parseGotoolchain(value: string): GotoolchainParse {
  // Empty: a packager removed the line from $GOROOT/go.env; go does not switch.
  if (value === '') return { mode: 'local' };
  if (value === 'auto') return { mode: 'auto' };
  if (value === 'path') return { mode: 'path' };
  const plus = value.indexOf('+');
  const min = plus >= 0 ? value.slice(0, plus) : value;
  const suffix = plus >= 0 ? value.slice(plus + 1) : '';
  let toolchain: string | undefined;
  let version: string | undefined;
  if (min !== 'local') {
    const v = versionFromToolchain(min);
    if (v === '') {
      if (plus >= 0) return { error: `invalid GOTOOLCHAIN ${goQuote(value)}: invalid minimum toolchain ${goQuote(min)}` };
      return { error: `invalid GOTOOLCHAIN ${goQuote(value)}` };
    }
    toolchain = min;
    version = v;
  }
  if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
    return { error: `invalid GOTOOLCHAIN ${goQuote(value)}: only version suffixes are +auto and +path` };
  }
  const mode = plus >= 0 ? (suffix as 'auto' | 'path') : min === 'local' ? 'local' : 'pinned';
  return { mode, ...(toolchain ? { toolchain, version } : {}) };
}

/**
 * Since Go 1.21 release toolchains are named goX.Y.Z (go1.21.0, not go1.21): a name with
 * only a language version has no download (`toolchain not available`).
 */
export function isReleaseToolchainName(version: string): boolean {
  if (/[a-z]/.test(version)) return true; // go1.21rc1, go1.22beta1
  const parts = version.split('.');
  if (parts.length >= 3) return true;
  const minor = Number(parts[1] ?? '0');
  // Before 1.21, "go1.20" was itself a release name (the .0 was omitted).
  return parts[0] === '1' && minor < 21 && /^\d+$/.test(parts[1] ?? '0');
}
