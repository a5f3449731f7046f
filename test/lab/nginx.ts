/**
 * Real nginx (Debian nginx-light) serving a static GOPROXY tree from a temp folder: no daemon,
 * no master process (so it runs as the current user), pid and logs in the temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BuiltModule } from './module-fixtures';

export const NGINX = '/usr/sbin/nginx';

export interface NginxGoproxy {
  url: string;
  port: number;
  root: string;
  close(): Promise<void>;
}

function escapeCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** Writes `<root>/<escaped module>/@v/{list,<v>.info,<v>.mod,<v>.zip}`. */
export function writeStaticTree(root: string, modules: BuiltModule[]): void {
  const lists = new Map<string, string[]>();
  for (const m of modules) {
    const dir = path.join(root, escapeCase(m.path), '@v');
    mkdirSync(dir, { recursive: true });
    const v = escapeCase(m.version);
    writeFileSync(path.join(dir, `${v}.info`), m.info);
    writeFileSync(path.join(dir, `${v}.mod`), m.mod);
    writeFileSync(path.join(dir, `${v}.zip`), m.zip);
    lists.set(dir, [...(lists.get(dir) ?? []), m.version]);
  }
  for (const [dir, versions] of lists) writeFileSync(path.join(dir, 'list'), versions.join('\n') + '\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not start');
}

export async function startNginxGoproxy(modules: BuiltModule[]): Promise<NginxGoproxy> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'gpd-nginx-'));
  const root = path.join(prefix, 'root');
  writeStaticTree(root, modules);
  for (const d of ['logs', 'tmp']) mkdirSync(path.join(prefix, d));
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  const t = (n: string) => path.join(prefix, 'tmp', n);
  writeFileSync(conf, `daemon off;
master_process off;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log ${path.join(prefix, 'logs', 'access.log')};
  client_body_temp_path ${t('body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  types { application/json info; application/zip zip; }
  default_type text/plain;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`);
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'logs', 'error.log')], { stdio: 'ignore' });
  await waitForPort(port, child, 5000);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    root,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
