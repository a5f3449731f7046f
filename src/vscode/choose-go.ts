import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GoBinary } from '../core/model/options';

// No `vscode` import here: the choice is plain data in, plain data out, so unit tests run it.

/** The Go extension's settings that choose its go, as written (before any substitution). */
export interface GoSettings {
  /** `go.alternateTools.go`: an absolute path, or a binary name looked up like `go`. */
  alternateGo?: string;
  /** `go.goroot`. */
  goroot?: string;
}

export interface GoChoice {
  /** The go the Go extension runs; absent when it finds none (the doctor then looks on PATH and reports none). */
  binary?: GoBinary;
  /** GOROOT the Go extension puts in the environment of the go it runs (`go.goroot` naming a folder). */
  gorootEnv?: string;
  /** What the settings did, for the log: an ignored setting says why. */
  notes: string[];
}

export interface ChooseGoInput {
  settings: GoSettings;
  /** The extension host's environment (GOBIN, GOROOT, PATH are read from it). */
  env: Record<string, string | undefined>;
  /** The workspace folder, for `${workspaceFolder}` in the settings. */
  folder?: string;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/**
 * The go binary the Go extension (golang/vscode-go) runs for this workspace, found the way
 * it finds it: extension/src/util.ts getBinPathWithExplanation and
 * extension/src/utils/pathUtils.ts getBinPathWithPreferredGopathGorootWithExplanation
 * (golang/vscode-go@28e27ffd). In order:
 * 1. `go.alternateTools.go` when it is an absolute path to an executable file;
 * 2. otherwise the name it gives (default `go`) in each GOBIN folder;
 * 3. then in `<go.goroot>/bin`, or `<GOROOT>/bin` when go.goroot is not set;
 * 4. then on PATH (`/snap/bin/go` becomes `/snap/go/current/bin/go`, golang/vscode-go#166);
 * 5. then /usr/local/go/bin/go and /usr/local/bin/go (Windows: C:\Program Files\Go\bin\go.exe,
 *    C:\Program Files (x86)\Go\bin\go.exe).
 * Settings go through substituteEnv (`${env:NAME}`) and resolvePath (`${workspaceFolder}`,
 * `${workspaceRoot}`, `${workspaceFolderBasename}`, a leading `~`). The Go extension's
 * "Choose Go Environment" pick lives in its own workspace state, which no other extension
 * can read; with go.goroot set it is ignored anyway.
 */
export function chooseGo(input: ChooseGoInput): GoChoice {
  const platform = input.platform ?? process.platform;
  const env = input.env;
  const notes: string[] = [];
  const resolve = (s: string | undefined) => (s && s.trim() ? resolvePath(substituteEnv(s, env), input.folder, input.homedir ?? os.homedir()) : undefined);
  const alternate = resolve(input.settings.alternateGo);
  const goroot = resolve(input.settings.goroot);
  const exe = (name: string) => (platform === 'win32' ? `${name}.exe` : name);
  const delimiter = platform === 'win32' ? ';' : ':';

  let gorootEnv: string | undefined;
  // extension/src/goEnv.ts setGOROOTEnvVar: go.goroot becomes GOROOT when it names a folder.
  if (goroot) {
    if (isDir(goroot)) {
      if (goroot !== env.GOROOT) gorootEnv = goroot;
    } else notes.push(`go.goroot (${goroot}) is not a folder: the Go extension ignores it ("go.goroot setting is ignored").`);
  }

  if (alternate && path.isAbsolute(alternate)) {
    if (isExecutableFile(alternate)) return { binary: { path: alternate, chosenBy: 'go.alternateTools' }, gorootEnv, notes };
    notes.push(`go.alternateTools.go (${alternate}) is not an executable file: the Go extension looks for \`go\` instead.`);
  }
  const binname = exe(alternate && !path.isAbsolute(alternate) ? alternate : 'go');
  const viaAlternate = binname !== exe('go');
  const found = (p: string, by: GoBinary['chosenBy']): GoChoice => ({ binary: { path: p, chosenBy: viaAlternate ? 'go.alternateTools' : by }, gorootEnv, notes });

  const inList = (list: string | undefined, appendBin: boolean): string | undefined => {
    for (const dir of (list ?? '').split(delimiter)) {
      if (!dir) continue;
      const p = path.join(dir, appendBin ? 'bin' : '', binname);
      if (isExecutableFile(p)) return p;
    }
    return undefined;
  };
  const fromGobin = inList(env.GOBIN, false);
  if (fromGobin) return found(fromGobin, 'GOBIN');
  const fromGoroot = inList(goroot || env.GOROOT, true);
  if (fromGoroot) return found(fromGoroot, goroot ? 'go.goroot' : 'GOROOT');
  if (goroot) notes.push(`go.goroot (${goroot}) has no bin/${binname}: the Go extension looks on PATH.`);
  let fromPath = inList(env.PATH || (platform === 'win32' ? env.Path : undefined), false);
  if (fromPath) {
    if (binname === 'go' && fromPath === '/snap/bin/go') fromPath = '/snap/go/current/bin/go';
    return found(fromPath, 'PATH');
  }
  const defaults = platform === 'win32' ? ['C:\\Program Files\\Go\\bin\\go.exe', 'C:\\Program Files (x86)\\Go\\bin\\go.exe'] : ['/usr/local/go/bin/go', '/usr/local/bin/go'];
  // The default locations are tried for `go` only, never for an alternate name.
  if (!viaAlternate) for (const p of defaults) if (isExecutableFile(p)) return found(p, 'default-location');
  return { gorootEnv, notes };
}

/** extension/src/util.ts substituteEnv: `${env:NAME}` becomes the variable's value, or ''. */
export function substituteEnv(input: string, env: Record<string, string | undefined>): string {
  return input.replace(/\${env:([^}]+)}/g, (_m, name: string) => env[name.trim()] || '');
}

/** extension/src/util.ts resolvePath and utils/pathUtils.ts resolveHomeDir. */
export function resolvePath(input: string, folder: string | undefined, homedir: string): string {
  let p = input;
  if (folder) {
    p = p.replace(/\${workspaceFolder}|\${workspaceRoot}/g, folder);
    p = p.replace(/\${workspaceFolderBasename}/g, path.basename(folder));
  }
  return p.startsWith('~') ? path.join(homedir, p.slice(1)) : p;
}

/** utils/pathUtils.ts executableFileExists: a file with the execute bit. */
function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.F_OK | fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
