import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as dns from 'node:dns';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LabDnsmasq {
  port: number;
  /** `127.0.0.1:<port>` for resolvers and lookups. */
  address: string;
  stop(): Promise<void>;
}

export function dnsmasqBinary(): string | null {
  for (const p of ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq']) if (fs.existsSync(p)) return p;
  return null;
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function answers(port: number, name: string, child: ChildProcess, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    const r = new dns.promises.Resolver({ timeout: 300, tries: 1 });
    r.setServers([`127.0.0.1:${port}`]);
    try {
      await r.resolve4(name);
      return true;
    } catch (e) {
      // Any DNS answer (NXDOMAIN, REFUSED) shows the server is up; only silence does not.
      if (['ENOTFOUND', 'EREFUSED', 'ENODATA'].includes((e as NodeJS.ErrnoException).code ?? '')) return true;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  return false;
}

/** dnsmasq's arguments for a loopback-only resolver that never forwards. */
export function dnsmasqArgs(port: number, lies: Record<string, string>, pidFile: string): string[] {
  return [
    '--no-daemon', '--conf-file=/dev/null', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces',
    '--no-resolv', '--no-hosts', '--no-poll', `--pid-file=${pidFile}`, '--log-facility=-', '--log-queries',
    ...(process.getuid?.() === 0 ? ['--user=nobody'] : []),
    // An empty address makes dnsmasq answer NXDOMAIN for the name.
    ...Object.entries(lies).map(([n, ip]) => `--address=/${n}/${ip}`),
  ];
}

/**
 * The real dnsmasq as a lying resolver: `--address=/<name>/<ip>` for each entry ('' =
 * NXDOMAIN), no upstream (`--no-resolv`, no `--server`: other names are refused), no hosts
 * file, no config file, foreground, loopback only, on a free port.
 */
export async function startDnsmasq(lies: Record<string, string>): Promise<LabDnsmasq> {
  const bin = dnsmasqBinary();
  if (!bin) throw new Error('dnsmasq is not installed (scripts/setup-test-deps.sh installs dnsmasq-base)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-dnsmasq-'));
  const names = Object.keys(lies);
  let lastErr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpPort();
    const args = dnsmasqArgs(port, lies, `${dir}/dnsmasq.pid`);
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    if (await answers(port, names[0] ?? 'ready.lab.test', child, 5000)) {
      return {
        port, address: `127.0.0.1:${port}`,
        stop: async () => {
          if (child.exitCode === null) {
            const gone = new Promise<void>((r) => child.once('exit', () => r()));
            child.kill('SIGTERM');
            await gone;
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    lastErr = out;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`dnsmasq did not start: ${lastErr.slice(-2000)}`);
}
