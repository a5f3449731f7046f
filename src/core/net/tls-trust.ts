import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { goosOf } from '../host/node-host';
import type { Host } from '../model/host';
import type { GoOS } from '../model/environment';
import { CertPool, certsFromPem } from './tls-verify';

/** go@1.19.8 src/crypto/x509/root_linux.go: bundle files, the first readable one only. */
export const GO_LINUX_CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
/** go@1.19.8 src/crypto/x509/root_linux.go: directories, all read. */
export const GO_LINUX_CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs', '/system/etc/security/cacerts'];

/** Platforms where go reads PEM files itself (root_unix.go build tags). */
export function goReadsCertFiles(platform: GoOS): boolean {
  return platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd' || platform === 'dragonfly' || platform === 'solaris' || platform === 'illumos' || platform === 'aix' || platform === 'android';
}

export interface TrustProblem {
  path: string;
  variable?: 'SSL_CERT_FILE' | 'SSL_CERT_DIR';
  message: string;
}

export interface GoTrust {
  /** null when go would fail with "failed to load system roots" (no roots and a read error). */
  pool: CertPool | null;
  /** The text go appends after `x509: failed to load system roots and no roots provided; `. */
  poolError?: string;
  /** Where the roots came from. */
  bundleFile: string | null;
  dirs: Array<{ path: string; certs: number }>;
  problems: TrustProblem[];
  /** SSL_CERT_FILE / SSL_CERT_DIR as go sees them ('' = unset). */
  certFileEnv: string;
  certDirEnv: string;
  /** False on macOS/Windows, where go asks the OS verifier and these files play no part. */
  filesUsed: boolean;
}

const MAX_DIR_ENTRIES = 5000;

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  if (err.code === 'ENOTDIR') return 'not a directory';
  return err.message;
}

/**
 * The roots go would trust on this machine (go@1.19.8 src/crypto/x509/root_unix.go:30-82):
 * SSL_CERT_FILE replaces the file list (the default directories are still read),
 * SSL_CERT_DIR (colon-separated) replaces the directory list, every file in a directory is
 * parsed as PEM. With no roots and a read error other than "not exist", go fails every
 * handshake with "x509: failed to load system roots and no roots provided".
 */
export async function loadGoTrust(host: Host, env: Record<string, string | undefined>, platform: GoOS): Promise<GoTrust> {
  // go loads its roots once per process (crypto/x509 root.go systemRoots, sync.Once); the
  // doctor does the same, re-reading only when an input changed: the variables or the
  // modification time of a bundle file or directory (a directory's mtime changes when a
  // certificate is added or removed).
  const { key, realFs } = await trustKey(host, env, platform);
  // A host that shows the real file system shares one cache for the process (a new Host is
  // made per run); any other host (a test double, an overlay) keeps its own.
  const hit = realFs ? processTrust.get(key) : trustCache.get(host);
  if (hit && hit.key === key) return hit.trust;
  const trust = readGoTrust(host, env, platform);
  const entry = { key, trust };
  if (realFs) {
    processTrust.clear();
    processTrust.set(key, entry);
  } else trustCache.set(host, entry);
  trust.catch(() => (realFs ? processTrust.delete(key) : trustCache.delete(host)));
  return trust;
}

const trustCache = new WeakMap<Host, { key: string; trust: Promise<GoTrust> }>();
const processTrust = new Map<string, { key: string; trust: Promise<GoTrust> }>();

function realStat(p: string): string {
  try {
    const st = fs.statSync(p);
    return `${st.mtimeMs}:${st.size}:${st.mode}`;
  } catch {
    return '-';
  }
}

async function trustKey(host: Host, env: Record<string, string | undefined>, platform: GoOS): Promise<{ key: string; realFs: boolean }> {
  const certFileEnv = env.SSL_CERT_FILE ?? '';
  const certDirEnv = env.SSL_CERT_DIR ?? '';
  const parts = [platform, certFileEnv, certDirEnv];
  let realFs = host.platform === goosOf(process.platform);
  if (goReadsCertFiles(platform)) {
    const paths = [...(certFileEnv ? [certFileEnv] : GO_LINUX_CERT_FILES), ...(certDirEnv ? certDirEnv.split(':') : GO_LINUX_CERT_DIRS)];
    const stats = await Promise.all(paths.map((p) => host.stat(p).catch(() => null)));
    stats.forEach((st, i) => {
      const seen = st ? `${st.mtimeMs}:${st.size}:${st.mode}` : '-';
      if (seen !== realStat(paths[i])) realFs = false;
      parts.push(`${paths[i]}=${seen}`);
    });
  }
  return { key: parts.join('\u0000'), realFs };
}

async function readGoTrust(host: Host, env: Record<string, string | undefined>, platform: GoOS): Promise<GoTrust> {
  const certFileEnv = env.SSL_CERT_FILE ?? '';
  const certDirEnv = env.SSL_CERT_DIR ?? '';
  if (!goReadsCertFiles(platform)) {
    return { pool: CertPool.of(certsFromPem(tls.rootCertificates.join('\n'))), bundleFile: null, dirs: [], problems: [], certFileEnv, certDirEnv, filesUsed: false };
  }
  const pool = new CertPool();
  const problems: TrustProblem[] = [];
  let firstErr: string | undefined;
  let bundleFile: string | null = null;
  const files = certFileEnv ? [certFileEnv] : GO_LINUX_CERT_FILES;
  for (const f of files) {
    try {
      const data = await host.readFile(f, 64 * 1024 * 1024);
      const certs = certsFromPem(data.toString('latin1'));
      for (const c of certs) pool.add(c);
      bundleFile = f;
      if (certFileEnv && certs.length === 0) problems.push({ path: f, variable: 'SSL_CERT_FILE', message: `SSL_CERT_FILE=${f} holds no PEM certificate go can use` });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!firstErr && code !== 'ENOENT') firstErr = `open ${f}: ${errnoText(e)}`;
      if (certFileEnv) problems.push({ path: f, variable: 'SSL_CERT_FILE', message: `SSL_CERT_FILE=${f} cannot be read: open ${f}: ${errnoText(e)}` });
    }
  }
  const dirs = certDirEnv ? certDirEnv.split(':') : GO_LINUX_CERT_DIRS;
  const dirInfo: Array<{ path: string; certs: number }> = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = await host.readdir(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!firstErr && code !== 'ENOENT') firstErr = `open ${d}: ${errnoText(e)}`;
      if (certDirEnv) problems.push({ path: d, variable: 'SSL_CERT_DIR', message: `SSL_CERT_DIR entry ${d || '(empty)'} cannot be read: open ${d}: ${errnoText(e)}` });
      continue;
    }
    let n = 0;
    const before = pool.size;
    for (const name of names.slice(0, MAX_DIR_ENTRIES)) {
      try {
        const data = await host.readFile(`${d}/${name}`, 4 * 1024 * 1024);
        for (const c of certsFromPem(data.toString('latin1'))) pool.add(c);
        n++;
      } catch {
        // Go ignores files it cannot read inside a directory.
      }
    }
    dirInfo.push({ path: d, certs: pool.size - before });
    if (certDirEnv && n > 0 && pool.size === before && dirInfo.length === 1 && !bundleFile) {
      problems.push({ path: d, variable: 'SSL_CERT_DIR', message: `SSL_CERT_DIR entry ${d} holds no PEM certificate go can use` });
    }
  }
  if (pool.size === 0 && firstErr) {
    return { pool: null, poolError: firstErr, bundleFile, dirs: dirInfo, problems, certFileEnv, certDirEnv, filesUsed: true };
  }
  if (pool.size === 0) {
    problems.push({ path: bundleFile ?? files[0], message: `go finds no trusted certificate: none of ${files.join(', ')} exists and ${dirs.join(', ')} hold no certificates; every https connection fails with "x509: certificate signed by unknown authority"` });
  }
  return { pool, bundleFile, dirs: dirInfo, problems, certFileEnv, certDirEnv, filesUsed: true };
}

let bundled: CertPool | undefined;
/** Node's copy of Mozilla's root store: what a public CA chain verifies against anywhere. */
export function bundledRoots(): CertPool {
  bundled ??= CertPool.of(certsFromPem(tls.rootCertificates.join('\n')));
  return bundled;
}
