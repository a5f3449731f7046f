/**
 * A tiny fake `golang.org/toolchain` for the lab GOPROXY: `v0.0.1-go1.N.M.linux-amd64` with
 * `.info`, `.mod` and a zip whose `bin/go` is a shell script. The real go downloads it, sets the
 * execute bits and runs it (cmd/go/internal/toolchain/select.go Exec), so a test sees the
 * switch happen: `go version` answers `go version go1.N.M linux/amd64 (lab toolchain)` and any
 * other command prints `lab toolchain go1.N.M ran: go <args>`.
 */
import { hash1, hashGoMod } from '../../src/core/cache/dirhash';
import { buildModule, type BuiltModule } from './module-fixtures';
import type { LabSumdb } from './sumdb-server';

export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

/** golang.org/toolchain@v0.0.1-<toolchain>.<goos>-<goarch>, as select.go names it. */
export function toolchainModuleVersion(toolchain: string, goos = 'linux', goarch = 'amd64'): string {
  return `v0.0.1-${toolchain}.${goos}-${goarch}`;
}

/** What the fake toolchain prints for `go version`. */
export function labToolchainVersionLine(toolchain: string): string {
  return `go version ${toolchain} linux/amd64 (lab toolchain)`;
}

/** What the fake toolchain prints for any other command. */
export function labToolchainRanLine(toolchain: string, args: string[]): string {
  return `lab toolchain ${toolchain} ran: go ${args.join(' ')}`;
}

export function labToolchainModule(toolchain: string): BuiltModule {
  const script = `#!/bin/sh
if [ "$1" = version ]; then echo "${labToolchainVersionLine(toolchain)}"; exit 0; fi
echo "lab toolchain ${toolchain} ran: go $*"
`;
  return buildModule({
    path: TOOLCHAIN_MODULE,
    version: toolchainModuleVersion(toolchain),
    time: '2026-01-02T03:04:05Z',
    mod: `module ${TOOLCHAIN_MODULE}\n`,
    // Exec sets execute bits under pkg/tool, lib (go_*_exec), bin/gofmt and bin, and fails
    // when one is missing, so the fake keeps one file in each.
    files: {
      'bin/go': script,
      'bin/gofmt': '#!/bin/sh\nexit 0\n',
      'pkg/tool/linux_amd64/README': 'lab toolchain: no tools\n',
      'lib/README': 'lab toolchain\n',
      VERSION: `${toolchain}\ntime 2026-01-02T03:04:05Z\n`,
    },
  });
}

/** The go.sum hashes of a built module (zip h1 over its files, go.mod h1). */
export function moduleHashes(m: BuiltModule): { zip: string; mod: string } {
  const files: Record<string, string> = {};
  for (const [n, t] of Object.entries(m.files)) files[`${m.path}@${m.version}/${n}`] = t;
  return { zip: hash1(files), mod: hashGoMod(Buffer.from(m.mod)) };
}

/** Records every module in the lab checksum database, as sum.golang.org records real toolchains. */
export async function recordInSumdb(db: LabSumdb, modules: BuiltModule[]): Promise<void> {
  for (const m of modules) {
    const h = moduleHashes(m);
    await db.add(m.path, m.version, h.zip, h.mod);
  }
}
