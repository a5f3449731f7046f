/**
 * The go releases the differential suites run every case against: the machine's own go
 * (first on PATH, go1.26.8), go1.27.3 (the toolchain `GOTOOLCHAIN=go1.27.3 go version`
 * fetches into the module cache) and go1.19.8 (Debian's golang-1.19).
 *
 * A missing release is a failing test (never a skipped one): `npm run test:all` installs
 * all three. `GPD_GO_VERSIONS=go1.26.8,go1.19.8` narrows a local run; CI never sets it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';

export type GoRelease = 'go1.26.8' | 'go1.27.3' | 'go1.19.8';

export interface GoUnderTest {
  /** The release, as `go env GOVERSION` prints it. */
  release: GoRelease;
  minor: number;
  /** Absolute path of its go binary (may not exist: `requireGo` fails the test then). */
  bin: string;
  /** Its bin folder, to put first on PATH. */
  binDir: string;
  /** True for the machine's own go, the one a user's `go` runs. */
  isDefault: boolean;
}

const DEFAULT_RELEASE: GoRelease = 'go1.26.8';

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

function defaultGo(): string {
  if (process.env.GPD_GO_DEFAULT) return process.env.GPD_GO_DEFAULT;
  for (const p of ['/usr/local/go/bin/go', onPath('go')]) if (p && fs.existsSync(p) && !p.startsWith('/usr/lib/go-1.19/')) return p;
  return '/usr/local/go/bin/go';
}

/** Where `GOTOOLCHAIN=go1.27.3 go version` unpacked go1.27.3: the default go's module cache. */
function toolchainGo(release: string): string {
  let modcache = '';
  try {
    modcache = execFileSync(defaultGo(), ['env', 'GOMODCACHE'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' }, timeout: 30000 }).trim();
  } catch {
    modcache = path.join(process.env.HOME ?? '/root', 'go', 'pkg', 'mod');
  }
  return path.join(modcache, 'golang.org', `toolchain@v0.0.1-${release}.linux-amd64`, 'bin', 'go');
}

function make(release: GoRelease, bin: string): GoUnderTest {
  return { release, minor: Number(release.split('.')[1]), bin, binDir: path.dirname(bin), isDefault: release === DEFAULT_RELEASE };
}

const ALL: GoUnderTest[] = [
  make('go1.26.8', defaultGo()),
  make('go1.27.3', toolchainGo('go1.27.3')),
  make('go1.19.8', '/usr/lib/go-1.19/bin/go'),
];

const only = (process.env.GPD_GO_VERSIONS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Every release under test, the default first. */
export const GO_RELEASES: GoUnderTest[] = only.length ? ALL.filter((g) => only.includes(g.release)) : ALL;

/** The machine's own go (go1.26.8). */
export const DEFAULT_GO: GoUnderTest = ALL[0];

export function goRelease(release: GoRelease): GoUnderTest {
  return ALL.find((g) => g.release === release)!;
}

const checked = new Map<string, string>();

/** Fails (never skips) unless this release is installed and says it is that release. */
export function requireGo(g: GoUnderTest): void {
  let said = checked.get(g.bin);
  if (said === undefined) {
    assert.ok(fs.existsSync(g.bin), `${g.release} is required at ${g.bin} (npm run test:all installs it)`);
    said = execFileSync(g.bin, ['env', 'GOVERSION'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' }, timeout: 30000 }).trim();
    checked.set(g.bin, said);
  }
  assert.equal(said, g.release, `${g.bin} is ${said}, not ${g.release}`);
}

/** PATH for a hermetic run of this release: its bin folder, then the system folders. */
export function goPathEnv(g: GoUnderTest): string {
  return `${g.binDir}:/usr/bin:/bin`;
}

/** At least go1.<minor>. */
export function atLeast(g: GoUnderTest, minor: number): boolean {
  return g.minor >= minor;
}

/**
 * One describe per release; each test title and each failure names the release.
 * `before` checks the binary, so a missing release fails every case of its block.
 */
export function describeEachGo(title: string, body: (g: GoUnderTest) => void): void {
  for (const g of GO_RELEASES) {
    describe(`${title} [${g.release}]`, function () {
      before(() => requireGo(g));
      body.call(this, g);
    });
  }
}
