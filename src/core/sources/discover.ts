import * as os from 'node:os';
import * as path from 'node:path';
import type { Host } from '../model/host';
import type { Assignment, ScopeKind, SourceProblem, Workspace } from '../model/workspace';
import { isGoProxyVariable } from './variables';
import { envFileLocation } from '../env/go-env-file';
import { SourceText } from './source-text';
import { classifyFile, SKIPPED_DIRS, type FileKind } from './classify';
import { GitIgnore } from './gitignore';
import { MAX_CONFIG_BYTES, MAX_GO_SUM_BYTES, outsideProblem, readSource } from './read-source';
import { capProblems } from './cap-problems';
import { parseGitlabCi, resolveGitlabPipeline, type GitlabCiFile } from './gitlab-ci';
import { parseGithubWorkflow } from './github-actions';
import { parseDockerfile } from './dockerfile';
import { parseSystemdUnit } from './systemd-unit';
import { parseDotenv, parseShellFile } from './shell-env';
import { parseDevcontainer } from './devcontainer';
import { parseCompose } from './compose';
import { parseMakefile } from './makefile';
import { parseJenkinsfile } from './jenkinsfile';
import { isCodeWorkspace, parseVscodeSettings } from './vscode-settings';
import { parseGoEnvFile } from './go-env-file';
import { parseGoMod, parseGoSum, parseGoWork } from './go-mod';
import { unitName } from './parse-file';

export interface DiscoverOptions {
  /** The go/env file (GoEnvironment.envFile.path); default: computed as go does from host.env. */
  goEnvFile?: string | null;
  /** Home folder for rc files and user settings; default host.homedir; null = none. */
  homeDir?: string | null;
  /**
   * System configuration folder (/etc/environment, /etc/profile.d); null = none. Default:
   * /etc when the home folder is this user's real one, else none.
   */
  etcDir?: string | null;
  maxDepth?: number;
  /** Directory entries looked at, in all. */
  maxEntries?: number;
  maxFileBytes?: number;
}

const DEFAULTS = { maxDepth: 8, maxEntries: 20000 };

/** A .gitignore file read during the walk, and the folder its patterns are relative to. */
interface IgnoreFile {
  base: string;
  rules: GitIgnore;
}

const MAX_GITIGNORE_BYTES = 256 * 1024;

/** Whether the .gitignore files on the way to a folder ignore it: the deepest file that decides wins (gitignore(5)). */
function ignoredFolder(ignores: readonly IgnoreFile[], dir: string): boolean {
  let verdict = false;
  for (const f of ignores) {
    const d = f.rules.decides(path.relative(f.base, dir).split(path.sep).join('/'), true);
    if (d !== undefined) verdict = d;
  }
  return verdict;
}

/** Whether `root` is in a git work tree: a .git folder or file in it or a folder above it. */
async function inGitWorkTree(host: Host, root: string): Promise<boolean> {
  for (let d = path.resolve(root); ; d = path.dirname(d)) {
    if (await host.stat(path.join(d, '.git')).catch(() => null)) return true;
    if (path.dirname(d) === d) return false;
  }
}

/**
 * Reads go.mod/go.sum/go.work and every config file that can set a Go variable under `root`
 * (bounded: skipped folders, depth, entry count, file size), plus the user's rc files and
 * editor settings, /etc/environment and /etc/profile.d, and the go/env file. Never throws:
 * what cannot be read becomes a problem naming the file and position.
 */
export async function discoverWorkspace(host: Host, root: string, signal?: AbortSignal, options: DiscoverOptions = {}): Promise<Workspace> {
  const ws: Workspace = { root, goMods: [], goSums: [], assignments: [], problems: [], contexts: [], files: [] };
  const maxDepth = options.maxDepth ?? DEFAULTS.maxDepth;
  const maxFileBytes = options.maxFileBytes ?? MAX_CONFIG_BYTES;
  const found: Array<{ file: string; rel: string; kind: FileKind }> = [];
  // The workspace as the kernel names it: a folder linked from inside to outside is not walked.
  const realRoot = (await host.realpath?.(root).catch(() => null)) ?? root;
  const seenDirs = new Set<string>([realRoot]);
  let entries = 0;
  let truncated = false;
  // In a git work tree, folders its .gitignore files ignore (build output, caches) are skipped.
  const inGit = await inGitWorkTree(host, root);
  const walk = async (dir: string, depth: number, ignores: readonly IgnoreFile[] = []): Promise<void> => {
    if (signal?.aborted || truncated) return;
    let names: string[];
    try {
      names = await host.readdir(dir);
    } catch (e) {
      if (depth === 0) ws.problems.push({ file: dir, message: `cannot read folder: ${(e as Error).message}`, severity: 'warning' });
      return;
    }
    names.sort();
    if (inGit && names.includes('.gitignore')) {
      const text = await host.readFile(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES, { within: root }).catch(() => null);
      if (text) ignores = [...ignores, { base: dir, rules: new GitIgnore(text.toString('utf8')) }];
    }
    for (const name of names) {
      if (++entries > (options.maxEntries ?? DEFAULTS.maxEntries)) {
        truncated = true;
        ws.problems.push({ file: root, message: `more than ${options.maxEntries ?? DEFAULTS.maxEntries} files and folders: the rest of the folder was not searched`, severity: 'warning' });
        return;
      }
      const p = path.join(dir, name);
      const rel = path.relative(root, p).split(path.sep).join('/');
      const kind = classifyFile(rel);
      if (kind) {
        found.push({ file: p, rel, kind });
        continue;
      }
      // go ignores folders named testdata: they hold test inputs, not modules or settings
      // (go1.26 src/cmd/go/internal/search/search.go, MatchDirs: elem == "testdata").
      if (SKIPPED_DIRS.has(name) || name === 'testdata' || depth >= maxDepth) continue;
      const st = await host.stat(p);
      if (!st?.isDirectory) continue;
      if (ignoredFolder(ignores, p)) continue;
      const real = host.realpath ? await host.realpath(p).catch(() => null) : p;
      if (real === null) continue;
      if (!isInside(real, realRoot)) {
        ws.problems.push(outsideProblem(p, real));
        continue;
      }
      // A link back to a folder already walked would only repeat it.
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      await walk(p, depth + 1, ignores);
    }
  };
  await walk(root, 0);

  const gitlab: GitlabCiFile[] = [];
  // Workspace files are read only where they really are in the workspace (`inside`); the
  // user's own files (home, /etc, the go/env file) are read where they are.
  const read = async (file: string, limit = maxFileBytes, inside = false): Promise<SourceText | null> => {
    const r = await readSource(host, file, limit, inside ? root : undefined);
    if (!r) return null;
    if ('problem' in r) {
      ws.problems.push(r.problem);
      return null;
    }
    return new SourceText(file, r.text);
  };
  const add = (kind: ScopeKind, file: string, res: { assignments: Assignment[]; problems: SourceProblem[] }) => {
    ws.files!.push({ file, kind });
    ws.assignments.push(...res.assignments);
    ws.problems.push(...res.problems);
  };
  const settingsByLevel: Record<string, Assignment[]> = { user: [], workspaceFile: [], workspace: [] };
  const units = new Map<string, { file: string; values: Record<string, Assignment>; user: string | null; dynamicUser: boolean; notes: string[] }>();
  const terminalFiles: Assignment[] = [];

  for (const f of found) {
    if (signal?.aborted) break;
    const src = await read(f.file, f.kind === 'go-sum' ? MAX_GO_SUM_BYTES : maxFileBytes, true);
    if (!src) continue;
    switch (f.kind) {
      case 'go-mod': {
        const m = parseGoMod(src);
        ws.goMods.push(m);
        for (const e of m.errors) ws.problems.push({ file: f.file, message: `go.mod: ${e.message} (go refuses the whole file)`, location: e.location });
        break;
      }
      case 'go-sum': {
        const s = parseGoSum(src);
        ws.goSums.push(s);
        for (const e of s.errors) ws.problems.push({ file: f.file, message: `malformed go.sum: ${e.message}`, location: e.location });
        break;
      }
      case 'go-work': {
        const w = parseGoWork(src);
        for (const e of w.errors) ws.problems.push({ file: f.file, message: `go.work: ${e.message}`, location: e.location });
        if (!ws.goWork || f.rel === 'go.work') {
          ws.goWork = f.file;
          ws.goWorkFile = w;
        }
        break;
      }
      case 'gitlab-ci': {
        const g = parseGitlabCi(src);
        gitlab.push(g);
        add('gitlab-ci', f.file, g);
        await readIncludes(g, root, (p) => readSource(host, p, maxFileBytes, root), gitlab, add, (pr) => ws.problems.push(pr), 0);
        break;
      }
      case 'github-actions': {
        const g = parseGithubWorkflow(src);
        add('github-actions', f.file, g);
        ws.contexts!.push(...g.contexts);
        break;
      }
      case 'dockerfile': {
        const d = parseDockerfile(src);
        add('dockerfile', f.file, d);
        for (const st of d.stages) {
          const values: Record<string, Assignment> = {};
          // In a RUN both are in the environment; ENV wins over an ARG of the same name.
          for (const [k, v] of st.args) values[k] = v;
          for (const [k, v] of st.env) values[k] = v;
          ws.contexts!.push({
            kind: 'docker-stage', name: `${f.rel} stage ${st.name}`, file: f.file, values: pickTracked(values),
            notes: [...(st.args.size ? ['ARG values exist only while the image builds (RUN sees them); containers started from the image do not have them'] : [])],
            commands: st.goRuns.map((r) => ({ text: r.command, location: src.locate(r.start, r.end), local: r.local })),
          });
        }
        break;
      }
      case 'compose': {
        const c = parseCompose(src);
        add('compose', f.file, c);
        for (const svc of c.services) {
          const values: Record<string, Assignment> = {};
          // env_file: files in the order listed (a later one wins), then environment: wins over them all.
          for (const ef of svc.envFiles) {
            const p = path.resolve(path.dirname(f.file), ef.path);
            if (!isInside(p, root) || p === root) {
              ws.problems.push({ ...outsideProblem(f.file, p), message: `env_file: ${ef.path} points outside the workspace, not read: ${p}`, location: ef.location });
              continue;
            }
            const r = await readSource(host, p, maxFileBytes, root);
            if (!r) {
              if (ef.required) ws.problems.push({ file: f.file, message: `env_file: ${ef.path} was not found; docker compose refuses to start service ${svc.name} without it (add required: false if it is optional)`, location: ef.location });
              continue;
            }
            if ('problem' in r) {
              ws.problems.push({ ...r.problem, file: f.file, message: `env_file: ${ef.path}: ${r.problem.message}`, location: ef.location });
              continue;
            }
            const er = parseDotenv(new SourceText(p, r.text), 'compose', 'env_file');
            for (const a of er.assignments) {
              a.scope = { kind: 'compose', file: p, name: svc.name, level: 'env_file' };
              values[a.variable] = a;
            }
            // A .env the walk reads anyway is checked once, as itself; here it only feeds the service.
            if (!found.some((w) => w.file === p)) add('compose', p, er);
          }
          for (const a of svc.environment) values[a.variable] = a;
          ws.contexts!.push({ kind: 'compose-service', name: `${f.rel} service ${svc.name}`, file: f.file, values: pickTracked(values) });
        }
        break;
      }
      case 'systemd': {
        const u = parseSystemdUnit(src, unitName(f.file));
        add('systemd', f.file, u);
        // A unit and its drop-ins (`x.service.d/*.conf`, read after it) make one service.
        const unit = units.get(u.unit) ?? { file: f.file, values: {}, user: null as string | null, dynamicUser: false, notes: [] as string[] };
        units.set(u.unit, unit);
        if (u.user) unit.user = u.user;
        if (u.dynamicUser) unit.dynamicUser = true;
        for (const [k, v] of u.environment) unit.values[k] = v;
        for (const ef of u.environmentFiles) {
          const p = path.isAbsolute(ef.path) ? ef.path : path.join(path.dirname(f.file), ef.path);
          const inside = isInside(p, root) && p !== root;
          const esrc = inside ? await read(p, maxFileBytes, true) : null;
          if (esrc) {
            const r = parseDotenv(esrc, 'systemd');
            for (const a of r.assignments) {
              a.scope = { kind: 'systemd', file: p, name: u.unit, level: 'EnvironmentFile=' };
              unit.values[a.variable] = a; // EnvironmentFile= overrides Environment= (systemd.exec(5)).
            }
            add('systemd', p, r);
          } else {
            unit.notes.push(`EnvironmentFile=${ef.path} ${inside ? (ef.optional ? 'is missing (optional)' : 'is missing: the unit fails to start') : 'is outside the folder and was not read'}`);
          }
        }
        break;
      }
      case 'envrc': {
        const r = parseShellFile(src, 'envrc', 'workspace');
        add('envrc', f.file, r);
        terminalFiles.push(...r.assignments);
        break;
      }
      case 'shell-rc': add('shell-rc', f.file, parseShellFile(src, 'shell-rc', 'workspace')); break;
      case 'dotenv': add('dotenv', f.file, parseDotenv(src, 'dotenv', 'workspace')); break;
      case 'makefile': add('makefile', f.file, parseMakefile(src)); break;
      case 'jenkinsfile': add('jenkinsfile', f.file, parseJenkinsfile(src)); break;
      case 'devcontainer': {
        const r = parseDevcontainer(src);
        add('devcontainer', f.file, r);
        const values: Record<string, Assignment> = {};
        for (const a of r.assignments) if (a.scope.name !== 'build.args') values[a.variable] = a;
        ws.contexts!.push({ kind: 'devcontainer', name: f.rel, file: f.file, values, notes: ['remoteEnv wins over containerEnv for the editor and its terminals; containerEnv reaches every process in the container'] });
        break;
      }
      case 'vscode-settings': {
        const r = parseVscodeSettings(src, 'workspace');
        add('vscode-settings', f.file, r);
        // Folder settings (.vscode/settings.json) win over the workspace file's `settings`.
        (isCodeWorkspace(f.file) ? settingsByLevel.workspaceFile : settingsByLevel.workspace).push(...r.assignments);
        break;
      }
    }
  }

  // The user's own files: login shell and editor.
  const home = options.homeDir !== undefined ? options.homeDir : host.homedir;
  const loginOrder: Assignment[] = [];
  // /etc belongs to this machine: read it only when the home folder is this user's own
  // (a host with another HOME stands for another machine or a test lab).
  const realHome = home !== null && home !== undefined && path.resolve(home) === path.resolve(os.homedir());
  const etc = options.etcDir !== undefined ? options.etcDir : host.platform !== 'windows' && realHome ? '/etc' : null;
  if (etc) {
    const envFile = await read(path.join(etc, 'environment'));
    if (envFile) {
      const r = parseDotenv(envFile, 'etc-environment', 'global');
      add('etc-environment', envFile.file, r);
      loginOrder.push(...r.assignments);
    }
    let names: string[] = [];
    try {
      names = (await host.readdir(path.join(etc, 'profile.d'))).filter((n) => n.endsWith('.sh')).sort().slice(0, 200);
    } catch {
      // no profile.d
    }
    for (const n of names) {
      const src = await read(path.join(etc, 'profile.d', n));
      if (!src) continue;
      const r = parseShellFile(src, 'shell-rc', 'global');
      add('shell-rc', src.file, r);
      loginOrder.push(...r.assignments);
    }
  }
  if (home && !(path.resolve(home) === path.resolve(root))) {
    for (const n of ['.profile', '.bash_profile', '.bash_login', '.zshenv', '.zprofile', '.bashrc', '.zshrc']) {
      const src = await read(path.join(home, n));
      if (!src) continue;
      const r = parseShellFile(src, 'shell-rc', 'user');
      add('shell-rc', src.file, r);
      loginOrder.push(...r.assignments);
    }
    for (const p of userSettingsPaths(host, home)) {
      const src = await read(p);
      if (!src) continue;
      const r = parseVscodeSettings(src, 'user');
      add('vscode-settings', src.file, r);
      settingsByLevel.user.push(...r.assignments);
    }
  } else if (home) {
    for (const a of ws.assignments) if (a.scope.kind === 'shell-rc') loginOrder.push(a);
  }
  // The go/env file, as an editable file.
  const goEnv = options.goEnvFile !== undefined ? options.goEnvFile : envFileLocation(host.env, host.platform).path;
  if (goEnv) {
    const src = await read(goEnv);
    if (src) add('go-env-file', src.file, parseGoEnvFile(src));
  }

  for (const [name, u] of units) {
    const notes = ['systemd units do not read shell rc files or the login environment', ...u.notes];
    if (u.dynamicUser) notes.push('DynamicUser=yes: the service runs as a transient user without a home of its own, so go reads no go/env file of yours');
    else if (!u.user) notes.push('no User=: systemd sets no HOME for a system service, so go finds no go/env file (os.UserConfigDir: "neither $XDG_CONFIG_HOME nor $HOME are defined")');
    else notes.push(`User=${u.user}: go reads that user's go/env file, not yours`);
    ws.contexts!.push({ kind: 'systemd-unit', name, file: u.file, values: pickTracked(u.values), notes });
  }
  if (gitlab.length) {
    const p = resolveGitlabPipeline(gitlab);
    ws.contexts!.push(...p.contexts);
    ws.problems.push(...p.problems);
  }
  // The terminal: login files in the order a login shell reads them, then direnv's .envrc.
  const terminal: Record<string, Assignment> = {};
  for (const a of [...loginOrder, ...terminalFiles]) if (a.scope.name !== 'go env -w' && a.scope.name !== 'not exported') terminal[a.variable] = a;
  ws.contexts!.push({ kind: 'terminal', name: 'terminal', values: terminal, notes: ['exports after an interactive-only guard reach interactive shells only'] });
  const tools: Record<string, Assignment> = {};
  const editorTerminal: Record<string, Assignment> = { ...terminal };
  const osKey = host.platform === 'darwin' ? 'osx' : host.platform === 'windows' ? 'windows' : 'linux';
  for (const level of ['user', 'workspaceFile', 'workspace']) {
    for (const a of settingsByLevel[level]) {
      if (a.scope.name === 'go.toolsEnvVars') tools[a.variable] = a;
      if (a.scope.name === `terminal.integrated.env.${osKey}`) editorTerminal[a.variable] = a;
    }
  }
  ws.contexts!.push({ kind: 'editor-tools', name: "editor's Go tools", values: tools });
  ws.contexts!.push({ kind: 'editor-terminal', name: 'editor terminal', values: editorTerminal });
  for (const c of ws.contexts!) c.values = pickTracked(c.values);
  ws.problems = capProblems(ws.problems);
  return ws;
}

/** Only the variables go reads: look-alikes never take effect anywhere. */
/** Whether `p` is `dir` or inside it (absolute, normalised paths). */
function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function pickTracked(values: Record<string, Assignment>): Record<string, Assignment> {
  const out: Record<string, Assignment> = {};
  for (const [k, v] of Object.entries(values)) if (v.variable === k && isGoProxyVariable(k)) out[k] = v;
  return out;
}

async function readIncludes(
  g: GitlabCiFile, root: string, read: (f: string) => ReturnType<typeof readSource>, into: GitlabCiFile[],
  add: (kind: ScopeKind, file: string, res: { assignments: Assignment[]; problems: SourceProblem[] }) => void,
  problem: (p: SourceProblem) => void, depth: number,
): Promise<void> {
  // GitLab allows 150 includes; nesting is bounded here to keep cycles out.
  if (depth > 10 || into.length > 150) return;
  for (const inc of g.includes) {
    if (/[*?]/.test(inc.path)) continue;
    // GitLab resolves a local include from the repository root; one that climbs out of it
    // after normalisation is not read.
    const p = path.join(root, inc.path.replace(/^\/+/, ''));
    if (!isInside(p, root) || p === root) {
      problem({ ...outsideProblem(g.file, p), message: `include: local: ${inc.path} points outside the workspace, not read: ${p}`, location: inc.location });
      continue;
    }
    if (into.some((x) => x.file === p)) continue;
    const r = await read(p);
    if (!r) {
      problem({ file: g.file, message: `include: local: ${inc.path} was not found or could not be read; GitLab fails the pipeline when an included file is missing`, location: inc.location });
      continue;
    }
    if ('problem' in r) {
      // Said where the include is written, so it shows with the file that names it.
      problem({ ...r.problem, file: g.file, message: `include: local: ${inc.path}: ${r.problem.message}`, location: inc.location });
      continue;
    }
    const child = parseGitlabCi(new SourceText(p, r.text));
    into.push(child);
    add('gitlab-ci', p, child);
    await readIncludes(child, root, read, into, add, problem, depth + 1);
  }
}

/** VS Code user settings files (stable and the remote server's machine settings). */
function userSettingsPaths(host: Host, home: string): string[] {
  switch (host.platform) {
    case 'darwin': return [path.join(home, 'Library/Application Support/Code/User/settings.json')];
    case 'windows': return host.env.APPDATA ? [path.join(host.env.APPDATA, 'Code', 'User', 'settings.json')] : [];
    default: return [
      path.join(host.env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Code/User/settings.json'),
      path.join(home, '.vscode-server/data/Machine/settings.json'),
    ];
  }
}

