/**
 * A hermetic environment for one real go release: temp HOME/GOPATH/GOMODCACHE/GOCACHE, no go/env
 * file, no HTTP proxies, GOPROXY and GOSUMDB as the case says. Nothing leaves the machine.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execBounded } from '../../src/core/host/node-host';
import type { ExecResult } from '../../src/core/model/host';
import { goPathEnv, type GoUnderTest } from './go-versions';

export interface GoSandbox {
  /** The release this sandbox runs (its bin folder is first on PATH). */
  g: GoUnderTest;
  root: string;
  home: string;
  gopath: string;
  modcache: string;
  /** A module folder (`lab.test/main`) to run go in. */
  work: string;
  env: Record<string, string>;
  go(args: string[], extra?: Record<string, string>, timeoutMs?: number): Promise<ExecResult>;
  cleanup(): Promise<void>;
}

export async function goSandbox(g: GoUnderTest, vars: Record<string, string>): Promise<GoSandbox> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'gpd-go-'));
  const home = path.join(root, 'home');
  const gopath = path.join(root, 'gopath');
  const modcache = path.join(gopath, 'pkg', 'mod');
  const work = path.join(root, 'work');
  await fsp.mkdir(home, { recursive: true });
  await fsp.mkdir(work, { recursive: true });
  await fsp.writeFile(path.join(work, 'go.mod'), 'module lab.test/main\n\ngo 1.19\n');
  const env: Record<string, string> = {
    PATH: goPathEnv(g),
    HOME: home,
    GOPATH: gopath,
    GOMODCACHE: modcache,
    GOCACHE: path.join(root, 'gocache'),
    GOENV: path.join(root, 'goenv-none'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
    GONOSUMDB: '',
    GONOPROXY: '',
    GOPRIVATE: '',
    GOINSECURE: '',
    CGO_ENABLED: '0',
    ...vars,
  };
  return {
    g, root, home, gopath, modcache, work, env,
    go: (args, extra = {}, timeoutMs = 60000) => execBounded(g.bin, args, { env: { ...env, ...extra }, cwd: work, timeoutMs }),
    cleanup: async () => {
      await fsp.chmod(root, 0o755).catch(() => {});
      await fsp.rm(root, { recursive: true, force: true });
    },
  };
}
