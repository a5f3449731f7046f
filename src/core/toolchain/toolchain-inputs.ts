/**
 * The inputs of toolchain selection for one diagnosis, with the place each comes from:
 * GOTOOLCHAIN (OS environment, go/env file or $GOROOT/go.env, as env gathering resolved it)
 * and the go.work (unless GOWORK=off) or go.mod of the folder (select.go modGoToolchain).
 */
import type { CheckContext } from '../model/check';
import type { EnvFile } from '../model/environment';
import type { Location } from '../model/location';
import type { GoModFile, GoWorkFile } from '../model/workspace';
import { parseGoVersion } from '../env/go-version';
import { selectToolchain, type SelectInputs, type SourcedValue, type ToolchainFile, type ToolchainSelection } from './select-toolchain';
import type { DownloadSettings } from './toolchain-download';

function valueLocation(file: EnvFile, key: string, value: string): Location | undefined {
  if (!file.path) return undefined;
  const line = file.entries.filter((e) => e.key === key).pop();
  if (!line || line.value !== value) return undefined;
  const col = key.length + 2;
  return { file: file.path, startLine: line.line, startColumn: col, endLine: line.line, endColumn: col + value.length };
}

/** The effective GOTOOLCHAIN and where it is set. */
export function gotoolchainSource(ctx: CheckContext): SourcedValue {
  return variableSource(ctx, 'GOTOOLCHAIN');
}

/** The effective value of a Go variable and where it is set (with its place in a go/env or go.env file). */
export function variableSource(ctx: CheckContext, name: string): SourcedValue {
  const v = ctx.env.vars[name];
  if (!v) return { value: '', origin: 'not set anywhere' };
  switch (v.source) {
    case 'os':
      return { value: v.value, origin: 'the OS environment' };
    case 'go-env-file': {
      const location = valueLocation(ctx.env.envFile, name, v.value);
      return { value: v.value, origin: ctx.env.envFile.path ?? 'the go/env file', ...(location ? { location } : {}) };
    }
    case 'goroot-go-env': {
      const location = valueLocation(ctx.env.gorootEnvFile, name, v.value);
      return { value: v.value, origin: ctx.env.gorootEnvFile.path ?? '$GOROOT/go.env', ...(location ? { location } : {}) };
    }
    default:
      return { value: v.value, origin: "go's default" };
  }
}

function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(0, i) : '';
}

function shortPath(file: string, dir: string): string {
  const d = dir.replace(/[\\/]+$/, '');
  if (file.startsWith(d + '/') || file.startsWith(d + '\\')) return file.slice(d.length + 1);
  return file;
}

function asToolchainFile(f: GoModFile | GoWorkFile, kind: 'go.mod' | 'go.work', dir: string): ToolchainFile {
  return { file: f.file, shortPath: shortPath(f.file, dir), kind, ...(f.go ? { go: f.go } : {}), ...(f.toolchain ? { toolchain: f.toolchain } : {}) };
}

/** go.work first (GOWORK=off turns it off), then the go.mod of the folder. */
export async function toolchainFile(ctx: CheckContext): Promise<ToolchainFile | null> {
  let ws;
  try {
    ws = await ctx.workspace();
  } catch {
    return null;
  }
  if (ws.goWorkFile && ctx.env.os.GOWORK !== 'off') return asToolchainFile(ws.goWorkFile, 'go.work', ctx.dir);
  const dir = ctx.dir.replace(/[\\/]+$/, '');
  const here = ws.goMods.find((m) => dirOf(m.file) === dir) ?? null;
  return here ? asToolchainFile(here, 'go.mod', ctx.dir) : null;
}

export function downloadSettings(ctx: CheckContext): DownloadSettings {
  const v = (k: string) => ctx.env.vars[k]?.value ?? '';
  return {
    goproxy: v('GOPROXY'), gonoproxy: v('GONOPROXY') || v('GOPRIVATE'),
    gosumdb: v('GOSUMDB'), gonosumdb: v('GONOSUMDB') || v('GOPRIVATE'), platform: ctx.env.platform,
  };
}

/** Without `go env`: the host tools folder $GOROOT/pkg/tool/<GOHOSTOS>_<GOHOSTARCH> names the arch go was built for. */
async function hostArchFromGoroot(ctx: CheckContext): Promise<string | null> {
  const root = ctx.env.vars.GOROOT?.value;
  if (!root) return null;
  const names = await ctx.host.readdir(`${root.replace(/[\\/]+$/, '')}/pkg/tool`).catch(() => [] as string[]);
  const prefix = `${ctx.env.platform}_`;
  const hit = names.filter((n) => n.startsWith(prefix) && /^[a-z0-9]+$/.test(n.slice(prefix.length)));
  return hit.length === 1 ? hit[0].slice(prefix.length) : null;
}

export interface ToolchainPicture {
  inputs: SelectInputs;
  selection: ToolchainSelection;
}

/** Selection for this run (null when the go version is unknown), computed once. */
export function toolchainPicture(ctx: CheckContext): Promise<ToolchainPicture | null> {
  return ctx.memo('toolchain:picture', async () => {
    const local = parseGoVersion(ctx.env.go.version);
    if (!local) return null;
    const json = ctx.env.go.envJson ?? {};
    const inputs: SelectInputs = {
      local,
      gotoolchain: gotoolchainSource(ctx),
      file: await toolchainFile(ctx),
      modulesEnabled: (ctx.env.vars.GO111MODULE?.value ?? '') !== 'off',
      // select.go uses runtime.GOOS/GOARCH: the platform go was built for.
      goos: json.GOHOSTOS || ctx.env.platform,
      goarch: json.GOHOSTARCH || (await hostArchFromGoroot(ctx)) || '<GOARCH>',
    };
    return { inputs, selection: selectToolchain(inputs) };
  });
}
