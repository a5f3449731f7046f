import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SquidOptions {
  /** Lab host names squid resolves (through its own hosts file: it never asks real DNS). */
  hosts: Record<string, string>;
  /** Ports CONNECT may reach; everything else is denied (403). */
  connectPorts: number[];
}

export interface LabSquid {
  port: number;
  url: string;
  dir: string;
  /** squid's access log (one line per request). */
  accessLog(): string;
  stop(): Promise<void>;
}

export function squidBinary(): string | null {
  for (const p of ['/usr/sbin/squid', '/usr/bin/squid']) if (fs.existsSync(p)) return p;
  return null;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitListening(port: number, child: ChildProcess, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); r(true); });
      s.once('error', () => r(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * The real Debian squid as an HTTPS_PROXY: temp config and folders, a free loopback port,
 * no daemon (-N), no cache, its own hosts file and no upstream DNS, CONNECT only to the
 * lab's ports. Runs as `nobody` when started as root.
 */
export async function startSquid(o: SquidOptions): Promise<LabSquid> {
  const bin = squidBinary();
  if (!bin) throw new Error('squid is not installed (scripts/setup-test-deps.sh installs it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-squid-'));
  fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, 'hosts'), Object.entries(o.hosts).map(([n, ip]) => `${ip} ${n}`).join('\n') + '\n');
  let lastErr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'squid.conf');
    fs.writeFileSync(conf, [
      `http_port 127.0.0.1:${port}`,
      `pid_filename ${dir}/squid.pid`,
      `cache_log ${dir}/cache.log`,
      `access_log stdio:${dir}/access.log`,
      'cache_store_log none',
      `coredump_dir ${dir}`,
      'cache deny all',
      'cache_mem 8 MB',
      `hosts_file ${dir}/hosts`,
      // No upstream resolver: names outside the hosts file fail here instead of leaving the machine.
      'dns_nameservers 127.0.0.1',
      'dns_timeout 2 seconds',
      'shutdown_lifetime 0 seconds',
      'visible_hostname gpd-lab',
      'forwarded_for delete',
      ...(process.getuid?.() === 0 ? ['cache_effective_user nobody'] : []),
      `acl lab_ports port ${o.connectPorts.join(' ')}`,
      'acl CONNECT method CONNECT',
      'http_access deny CONNECT !lab_ports',
      'http_access allow localhost',
      'http_access deny all',
      '',
    ].join('\n'));
    for (const f of ['cache.log', 'access.log']) { fs.writeFileSync(path.join(dir, f), ''); fs.chmodSync(path.join(dir, f), 0o666); }
    const child = spawn(bin, ['-N', '-f', conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    if (await waitListening(port, child, 15000)) {
      return {
        port, url: `http://127.0.0.1:${port}`, dir,
        accessLog: () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8'),
        stop: async () => {
          if (child.exitCode === null) {
            const gone = new Promise<void>((r) => child.once('exit', () => r()));
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 5000);
            await gone;
            clearTimeout(t);
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    lastErr = out + (fs.existsSync(path.join(dir, 'cache.log')) ? fs.readFileSync(path.join(dir, 'cache.log'), 'utf8') : '');
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`squid did not start: ${lastErr.slice(-2000)}`);
}
