import type { CheckContext } from '../../model/check';
import type { Fix } from '../../model/result';
import type { Location, TextEdit } from '../../model/location';
import { type VersionVerdict, defaultWidth, mapLimit, verifyVersion, CacheLookup } from '../../cache/modcache-scan';

/** GOMODCACHE as go computes it (GOMODCACHE, else GOPATH[0]/pkg/mod), or '' when go has none. */
export function modcacheOf(ctx: CheckContext): string {
  return ctx.env.vars.GOMODCACHE?.value ?? '';
}

export const NO_MODCACHE = 'go has no module cache: GOMODCACHE and GOPATH are both empty (GPD142 explains why)';

export interface SumLine {
  file: string;
  hash: string;
  location: Location;
}

export interface WorkspaceModule {
  path: string;
  version: string;
  /** go.sum lines for the zip (h1 of the module) and for its go.mod. */
  zip: SumLine[];
  mod: SumLine[];
  /** Named by go.mod or by the user, not only by go.sum. */
  required: boolean;
}

/** The module versions of the workspace: go.sum lines, go.mod requirements, and `--module`s. */
export async function workspaceModules(ctx: CheckContext): Promise<WorkspaceModule[]> {
  return ctx.memo('cache:workspace-modules', async () => {
    const ws = await ctx.workspace();
    const by = new Map<string, WorkspaceModule>();
    const get = (p: string, v: string) => {
      const k = `${p}@${v}`;
      let m = by.get(k);
      if (!m) by.set(k, (m = { path: p, version: v, zip: [], mod: [], required: false }));
      return m;
    };
    for (const s of ws.goSums) {
      for (const l of s.lines) {
        const isMod = l.version.endsWith('/go.mod');
        const m = get(l.path, isMod ? l.version.slice(0, -'/go.mod'.length) : l.version);
        (isMod ? m.mod : m.zip).push({ file: s.file, hash: l.hash, location: l.location });
      }
    }
    for (const gm of ws.goMods) for (const r of gm.requires) get(r.path, r.version).required = true;
    for (const spec of ctx.options.modules) {
      const at = spec.lastIndexOf('@');
      if (at > 0) get(spec.slice(0, at), spec.slice(at + 1)).required = true;
    }
    return [...by.values()];
  });
}

/** go mod verify's checks for every workspace module present in the cache (shared by 803/804). */
export function verifyWorkspace(ctx: CheckContext, signal: AbortSignal): Promise<VersionVerdict[]> {
  return ctx.memo('cache:verify-workspace', async () => {
    const dir = modcacheOf(ctx);
    const mods = await workspaceModules(ctx);
    // Existence from folder listings shared by every version: linear in the folders, not
    // six lookups per version.
    const lookup = new CacheLookup(dir);
    const out = await mapLimit(mods, (m) => verifyVersion(dir, m.path, m.version, signal, undefined, lookup).catch(() => null), defaultWidth(), signal);
    return out.filter((v): v is VersionVerdict => v !== null);
  });
}

/** Shell quoting for the commands we show (POSIX sh; PowerShell on Windows). */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Removes exactly these cached versions (read-only trees made writable first). */
export function deleteVersionsFix(ctx: CheckContext, versions: Array<{ path: string; version: string; dir: string; zipPath: string }>, preferred: boolean): Fix {
  const win = ctx.env.platform === 'windows';
  const parts: string[] = [];
  for (const v of versions) {
    const base = v.zipPath.replace(/\.zip$/, '');
    if (win) parts.push(`Remove-Item -Recurse -Force -ErrorAction SilentlyContinue '${v.dir}', '${base}.zip', '${base}.ziphash', '${base}.partial'`);
    else parts.push(`chmod -R u+w ${shQuote(v.dir)} 2>/dev/null; rm -rf -- ${shQuote(v.dir)} ${shQuote(`${base}.zip`)} ${shQuote(`${base}.ziphash`)} ${shQuote(`${base}.partial`)}`);
  }
  const again = versions.map((v) => `${v.path}@${v.version}`).join(' ');
  parts.push(`go mod download ${again}`);
  return {
    title: `Delete only the damaged cached version${versions.length > 1 ? 's' : ''} (${versions.map((v) => `${v.path}@${v.version}`).join(', ')}) and download again`,
    preferred,
    kind: 'command',
    command: parts.join(win ? '; ' : ' && '),
  };
}

export const CLEAN_MODCACHE_FIX: Fix = {
  title: 'Last resort: delete the whole module cache (everything is downloaded again)',
  preferred: false,
  kind: 'command',
  command: 'go clean -modcache',
};

/** An edit deleting a whole go.sum line (its text and line break). */
export function deleteLineEdit(loc: Location): TextEdit {
  return { file: loc.file, startLine: loc.startLine, startColumn: 1, endLine: loc.startLine + 1, endColumn: 1, newText: '' };
}
