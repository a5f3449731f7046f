import type { Host } from '../model/host';
import type { Workspace } from '../model/workspace';

/** Reads go.mod/go.sum/go.work and every config file that can set a Go variable under `root`. (Placeholder.) */
export async function discoverWorkspace(_host: Host, root: string, _signal?: AbortSignal): Promise<Workspace> {
  return { root, goMods: [], goSums: [], assignments: [], problems: [] };
}
