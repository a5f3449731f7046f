import type { EnvFile, GoEnvironment } from '../model/environment';
import type { Host } from '../model/host';
import { envFileLocation, envFileMap, getenv, parseEnvFile } from './go-env-file';
import { cleanPath, isAbsPath, joinPath } from './go-path';
import { type GoVersion, parseGoVersion, versionAtLeast } from './go-version';
import { INTRODUCED, resolveVariables } from './resolve-variables';

/** The variables the doctor reports, in display order (Go configuration variables only). */
export const GO_VARIABLES = [
  'GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS',
  'GO111MODULE', 'GOTOOLCHAIN', 'GOAUTH', 'GOENV', 'GOMODCACHE', 'GOPATH', 'GOROOT', 'GOVCS',
] as const;

export interface GatherOptions {
  /** Time limit for each `go` invocation (default 10 s). */
  timeoutMs?: number;
  /** Do not run `go` (untrusted workspace): compute the picture from files and defaults. */
  noExec?: boolean;
  signal?: AbortSignal;
  /** Folder go runs in (GOMOD, go.work); default host.cwd. */
  cwd?: string;
  /** The go binary to run (the CLI's --go, the editor's go.alternateTools/go.goroot); default: `go` on PATH. */
  goBinary?: string;
  /** Largest go/env or go.env file read (default 32 MiB); a larger one is reported, not read. */
  maxEnvFileBytes?: number;
}

/**
 * Every go run while gathering keeps the local toolchain. With GOTOOLCHAIN auto/path (or a
 * toolchain name) and a go.mod or go.work asking for a newer Go, go would first switch: a
 * download of golang.org/toolchain through GOPROXY, then the other go's values and version
 * (go1.26.8 src/cmd/go/internal/toolchain/select.go Select). The user's GOTOOLCHAIN is read
 * with `go env GOTOOLCHAIN`, which Select leaves to the local toolchain in every Go 1.21+
 * ("As a special case, let \"go env GOTOOLCHAIN\" ... be handled by the local toolchain").
 * The toolchain checks (src/core/toolchain) say where go switches.
 */
const NO_SWITCH = { GOTOOLCHAIN: 'local' };

/** go reads a go/env file of any size; the doctor reads up to this much of it (a 10 MB file is read). */
const MAX_ENV_FILE = 32 * 1024 * 1024;
const MAX_OUTPUT = 1024 * 1024;

/**
 * The Go environment as go resolves it: `go env -json` (run with host.env exactly, bounded in
 * time), the user go/env file, $GOROOT/go.env and the process environment, with the origin of
 * every value and what it hides. Without a usable `go`, the same picture is computed from the
 * files and Go's defaults (`fromGo: false`, the reason in `go.error` and `notes`). Never throws.
 */
export async function gatherEnvironment(host: Host, o: GatherOptions = {}): Promise<GoEnvironment> {
  const platform = host.platform;
  const env = host.env;
  const notes: string[] = [];
  const timeoutMs = o.timeoutMs ?? 10000;
  const goPath = o.goBinary || (await host.which('go').catch(() => null));
  const go: GoEnvironment['go'] = { path: goPath, version: null };

  let envJson: Record<string, string> | undefined;
  let keyed = false;
  let canExec = Boolean(goPath) && !o.noExec;
  const maxFile = o.maxEnvFileBytes ?? MAX_ENV_FILE;
  // A FIFO as the go/env file blocks every go command in open() (os.ReadFile): do not start one.
  const early = envFileLocation(env, platform);
  const earlyAt = early.path && !isAbsPath(platform, early.path) ? joinPath(platform, o.cwd ?? host.cwd, early.path) : undefined;
  const earlyFile = goPath && !o.noExec && early.path ? await readEnvFile(host, early.path, earlyAt, maxFile) : null;
  const hangs = earlyFile?.unread?.go === 'hangs';
  if (!goPath) {
    go.error = 'no go binary found on PATH';
  } else if (hangs) {
    canExec = false;
    go.error = `go was not run: its go/env file ${early.path} is a FIFO (named pipe), and go blocks reading it until something writes to it`;
  } else if (o.noExec) {
    notes.push('go was not run (untrusted workspace): the values are computed from files and defaults.');
  } else {
    const full = await runGoEnv(host, goPath, [], o.cwd ?? host.cwd, timeoutMs, o.signal);
    if (full.json) {
      envJson = full.json;
      if (full.stderr) notes.push(`go env -json printed: ${full.stderr}`);
    } else {
      go.error = full.error;
      if (full.stopped) canExec = false;
      else {
        // Listing only the keys we need skips checks some failures come from (e.g. a bad GOOS in go/env).
        const some = await runGoEnv(host, goPath, [...GO_VARIABLES, 'GOVERSION'], o.cwd ?? host.cwd, timeoutMs, o.signal);
        if (some.json) {
          envJson = some.json;
          keyed = true;
          notes.push(`\`go env -json\` failed, but \`go env -json ${GO_VARIABLES.join(' ')} GOVERSION\` answered: the values are go's own.`);
        } else if (some.stopped) canExec = false;
      }
    }
  }

  let version: GoVersion | null = parseGoVersion(envJson?.GOVERSION);
  if (envJson && goPath && 'GOTOOLCHAIN' in envJson && (!keyed || (version && versionAtLeast(version, 1, 21)))) {
    const r = await host.exec(goPath, ['env', 'GOTOOLCHAIN'], { env, cwd: o.cwd ?? host.cwd, timeoutMs, signal: o.signal, maxOutputBytes: 4096 }).catch(() => null);
    if (r && r.code === 0 && !r.timedOut) envJson.GOTOOLCHAIN = r.stdout.replace(/\r?\n$/, '');
    else delete envJson.GOTOOLCHAIN;
  }
  if (!version && goPath && canExec) {
    const r = await host.exec(goPath, ['version'], { env: { ...env, ...NO_SWITCH }, cwd: o.cwd ?? host.cwd, timeoutMs, signal: o.signal, maxOutputBytes: 4096 }).catch(() => null);
    if (r && r.code === 0) version = parseGoVersion(r.stdout);
  }
  const runtimeGoroot = goPath ? await findRuntimeGoroot(host, goPath) : '';
  const osRoot = getenv(env, 'GOROOT', platform);
  const gorootGuess = envJson?.GOROOT || (osRoot ? cleanPath(platform, osRoot) : runtimeGoroot);
  for (const root of [gorootGuess, runtimeGoroot]) {
    if (!version && root) version = await readVersionFile(host, joinPath(platform, root, 'VERSION'));
  }
  go.version = version?.raw ?? null;

  // The user's go/env file: go's own answer for GOENV when we have it, else cfg.EnvFile.
  const loc = envFileLocation(env, platform, version);
  let envFilePath = loc.path;
  if (envJson && typeof envJson.GOENV === 'string' && !(keyed && envJson.GOENV === '' && loc.path)) {
    if ((envJson.GOENV || null) !== loc.path) notes.push(`go reports GOENV=${envJson.GOENV}; the computed location was ${loc.path ?? '(none)'}.`);
    envFilePath = envJson.GOENV || null;
  }
  // A relative GOENV is relative to go's working directory.
  const cwd = o.cwd ?? host.cwd;
  const readAt = envFilePath && !isAbsPath(platform, envFilePath) ? joinPath(platform, cwd, envFilePath) : undefined;
  const envFile = earlyFile && envFilePath === early.path && readAt === earlyAt ? earlyFile : await readEnvFile(host, envFilePath, readAt, maxFile);
  if (!envFilePath) {
    envFile.error = loc.reason ?? 'no go/env file';
    notes.push(`go reads no go/env file (${envFile.error}): \`go env -w\` settings do not apply${loc.reason === 'GOENV=off' ? '' : ` and \`go env -w\` fails with "go: cannot find go env config: ${loc.reason}"`}.`);
  }

  // $GOROOT/go.env (Go 1.21+). initEnvCache looks for it under the user file's GOROOT, then the OS's.
  const userMap = envFileMap(envFile.entries);
  const explicitRoot = userMap.get('GOROOT')?.value || getenv(env, 'GOROOT', platform);
  const gorootForGoEnv = explicitRoot ? cleanPath(platform, explicitRoot) : envJson?.GOROOT || runtimeGoroot;
  // No go found, but the go/env file names a GOROOT: its VERSION says which release's rules apply.
  if (!version && gorootForGoEnv) {
    version = await readVersionFile(host, joinPath(platform, gorootForGoEnv, 'VERSION'));
    go.version = version?.raw ?? null;
  }
  const readsGoEnv = version ? versionAtLeast(version, 1, 21) : true;
  const gorootEnvFile: EnvFile = gorootForGoEnv ? await readEnvFile(host, joinPath(platform, gorootForGoEnv, 'go.env'), undefined, maxFile) : { path: null, exists: false, entries: [] };
  if (!readsGoEnv && gorootEnvFile.exists) notes.push(`${version!.raw} does not read ${gorootEnvFile.path} (Go 1.21+ does).`);
  if (readsGoEnv && version && !gorootEnvFile.exists && gorootEnvFile.path) {
    notes.push(`${gorootEnvFile.path} is missing: without it ${version.raw} has no default GOPROXY, GOSUMDB or GOTOOLCHAIN (a packager may have removed it).`);
  }

  const resolved = resolveVariables(GO_VARIABLES, {
    platform,
    os: env,
    userFile: envFile.entries,
    gorootFile: readsGoEnv && gorootEnvFile.exists ? gorootEnvFile.entries : null,
    version,
    runtimeGoroot: envJson?.GOROOT && !explicitRoot ? envJson.GOROOT : runtimeGoroot,
    envFilePath,
  });
  notes.push(...resolved.notes);

  // go's answer is the truth for the values; our layers explain where each came from.
  if (envJson) {
    for (const name of GO_VARIABLES) {
      if (!(name in envJson)) continue;
      const since = INTRODUCED[name];
      if (keyed && since && (!version || !versionAtLeast(version, since[0], since[1]))) continue;
      const v = resolved.vars[name];
      if (v.value !== envJson[name]) {
        if (envFile.unread?.reason === 'too-large' && v.source !== 'os') {
          // go read the file we could not: a value it reports that the OS does not hold came from it.
          notes.push(`go reports ${name}=${envJson[name]}, read from ${envFile.path} (too large for the doctor to read).`);
          v.shadows = v.value === '' ? [] : [{ source: v.source, value: v.value }];
          v.source = 'go-env-file';
        } else {
          notes.push(`go reports ${name}=${envJson[name]}; the computed value was ${v.value}.`);
        }
        v.value = envJson[name];
      }
    }
    go.envJson = envJson;
  } else {
    notes.push(`The values are computed from files and defaults, not reported by go${go.error ? ` (${go.error})` : ''}.`);
  }

  return {
    platform,
    vars: resolved.vars,
    os: env,
    go,
    envFile,
    gorootEnvFile,
    fromGo: envJson !== undefined,
    notes,
  };
}

interface GoEnvAnswer {
  json?: Record<string, string>;
  error?: string;
  stderr?: string;
  /** Timed out or cancelled: do not run go again. */
  stopped?: boolean;
}

async function runGoEnv(host: Host, goPath: string, keys: string[], cwd: string, timeoutMs: number, signal?: AbortSignal): Promise<GoEnvAnswer> {
  const cmd = ['env', '-json', ...keys];
  let r;
  try {
    r = await host.exec(goPath, cmd, { env: { ...host.env, ...NO_SWITCH }, cwd, timeoutMs, signal, maxOutputBytes: MAX_OUTPUT });
  } catch (e) {
    return { error: `could not run ${goPath}: ${(e as Error).message}` };
  }
  if (r.timedOut) return { error: `\`go env -json\` did not finish within ${timeoutMs} ms`, stopped: true };
  if (signal?.aborted) return { error: 'cancelled', stopped: true };
  if (r.error) return { error: `could not run ${goPath}: ${r.error.message}` };
  const stderr = r.stderr.trim();
  if (r.code !== 0) return { error: stderr || `\`go ${cmd.join(' ')}\` exited with status ${r.code}` };
  try {
    const parsed: unknown = JSON.parse(r.stdout);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    const json: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') json[k] = v;
    return { json, stderr: stderr || undefined };
  } catch (e) {
    return { error: `\`go env -json\` printed something that is not a JSON object (${(e as Error).message})` };
  }
}

/** cfg.findGOROOT without GOROOT set: the directory two levels above the executable, symlinks resolved, that has pkg/tool. */
async function findRuntimeGoroot(host: Host, goPath: string): Promise<string> {
  const platform = host.platform;
  const candidates: string[] = [];
  const real = host.realpath ? await host.realpath(goPath).catch(() => null) : null;
  for (const exe of real && real !== goPath ? [real, goPath] : [goPath]) {
    candidates.push(joinPath(platform, exe, '../..'), joinPath(platform, exe, '../../..'));
  }
  for (const dir of candidates) {
    const st = await host.stat(joinPath(platform, dir, 'pkg', 'tool')).catch(() => null);
    if (st?.isDirectory) return dir;
  }
  return '';
}

async function readVersionFile(host: Host, file: string): Promise<GoVersion | null> {
  try {
    const text = (await host.readFile(file, 4096)).toString('utf8');
    return parseGoVersion(text.split('\n')[0]);
  } catch {
    return null;
  }
}

/**
 * Reads a go/env or go.env file as go does; a missing file is "no settings". go reads it with
 * os.ReadFile and ignores any error (go@1.19.8 src/cmd/go/internal/cfg/cfg.go:233-240
 * initEnvCache, go1.26.8 and go1.27.3 cfg.go readEnvFile): a folder or an unreadable file gives
 * no settings, a FIFO blocks go in open() until something writes to it, and a file of any size
 * is read whole. We open only regular files, without blocking (host.readFile), bounded in size,
 * and say which of these it was.
 */
async function readEnvFile(host: Host, file: string | null, readAt: string | undefined, maxBytes: number): Promise<EnvFile> {
  if (!file) return { path: null, exists: false, entries: [] };
  try {
    const data = await host.readFile(readAt ?? file, maxBytes);
    return { path: file, exists: true, entries: parseEnvFile(data) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { kind?: string };
    const code = err.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: file, exists: false, entries: [] };
    const at = readAt ?? file;
    if (code === 'ENOTREG' && (at === '/dev/null' || /^nul$/i.test(at))) return { path: file, exists: true, entries: [] }; // go reads nothing from it
    const unread: EnvFile['unread'] =
      code === 'EISDIR' ? { reason: 'directory', go: 'ignores' }
      : code === 'ENOTREG' && /FIFO/.test(err.kind ?? '') ? { reason: 'fifo', go: 'hangs' }
      : code === 'ENOTREG' ? { reason: 'special', go: 'reads' }
      : code === 'EACCES' || code === 'EPERM' ? { reason: 'permission', go: 'ignores' }
      : code === 'EFBIG' ? { reason: 'too-large', go: 'reads' }
      : { reason: 'other', go: 'ignores' };
    const why = {
      directory: 'it is a directory',
      fifo: 'it is a FIFO (named pipe)',
      special: `it is ${err.kind ?? 'not a regular file'}`,
      permission: `permission denied (${code})`,
      'too-large': `it is larger than ${maxBytes} bytes, the most the doctor reads`,
      other: err.message,
    }[unread.reason];
    return { path: file, exists: true, entries: [], error: `cannot read ${file}: ${why}`, unread };
  }
}
