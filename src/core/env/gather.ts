import type { GoEnvironment, EnvValue } from '../model/environment';
import type { Host } from '../model/host';

/** The variables the doctor reports, in display order. */
export const GO_VARIABLES = [
  'GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS',
  'GO111MODULE', 'GOTOOLCHAIN', 'GOENV', 'GOMODCACHE', 'GOPATH', 'GOROOT', 'GOVCS',
] as const;

const DEFAULTS: Record<string, string> = {
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
};

export interface GatherOptions {
  /** Time limit for `go env -json`. */
  timeoutMs?: number;
  /** Do not run `go` (untrusted workspace). */
  noExec?: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

/**
 * The Go environment as go resolves it. (Placeholder: process environment over defaults.)
 */
export async function gatherEnvironment(host: Host, _o: GatherOptions = {}): Promise<GoEnvironment> {
  const vars: Record<string, EnvValue> = {};
  for (const name of GO_VARIABLES) {
    const os = host.env[name];
    if (os) vars[name] = { value: os, source: 'os', shadows: [] };
    else vars[name] = { value: DEFAULTS[name] ?? '', source: 'default', shadows: [] };
  }
  return {
    platform: host.platform,
    vars,
    os: host.env,
    go: { path: null, version: null, error: 'not gathered' },
    envFile: { path: null, exists: false, entries: [] },
    gorootEnvFile: { path: null, exists: false, entries: [] },
    fromGo: false,
    notes: [],
  };
}
