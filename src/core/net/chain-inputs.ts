/** The inputs of a chain walk, taken from the Go environment as go resolves it. */
import type { GoEnvironment } from '../model/environment';
import { proxyVariantOf } from './hosts-needed';
import type { ProxyEnvVariant } from './proxy-env';

export interface ChainInputs {
  goproxy: string;
  /** GONOPROXY, or GOPRIVATE when GONOPROXY is empty (go@1.19.8 src/cmd/go/internal/cfg/cfg.go:317-319). */
  gonoproxy: string;
  proxyVariant: ProxyEnvVariant;
  /** The go release whose rules and wording apply (`go1.26.8`), null when no go was found. */
  goVersion: string | null;
  /** Effective GOSUMDB and GONOSUMDB (GOPRIVATE when GONOSUMDB is empty). */
  gosumdb: string;
  gonosumdb: string;
}

export function chainInputs(env: GoEnvironment): ChainInputs {
  const v = (k: string) => env.vars[k]?.value ?? '';
  // x/net's httpproxy changed in late 2023 (vendored from go1.22 on).
  const proxyVariant = proxyVariantOf(env.go.version);
  return {
    goproxy: v('GOPROXY'), gonoproxy: v('GONOPROXY') || v('GOPRIVATE'), proxyVariant, goVersion: env.go.version ?? null,
    gosumdb: v('GOSUMDB'), gonosumdb: v('GONOSUMDB') || v('GOPRIVATE'),
  };
}

/** Splits "module@version"; null when there is no version. */
export function splitModuleVersion(arg: string): { module: string; version: string } | null {
  const at = arg.lastIndexOf('@');
  if (at <= 0 || at === arg.length - 1) return null;
  return { module: arg.slice(0, at), version: arg.slice(at + 1) };
}
