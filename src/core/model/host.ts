import type { GoOS } from './environment';

export interface ExecOptions {
  /** The complete environment of the child (never inherited implicitly). */
  env: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Output beyond this many bytes per stream is dropped and `truncated` set. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** null when the process was killed (timeout, abort) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  /** Start failure, e.g. ENOENT when the binary does not exist. */
  error?: { code?: string; message: string };
}

export interface ReadFileOptions {
  /** A folder the file must really be in (the workspace): symlinks out of it are not followed. */
  within?: string;
}

/**
 * Everything the core touches in the outside world. The CLI and the worker pass the real
 * machine (node-host.ts); tests pass the same with a lab's environment and folders.
 */
export interface Host {
  platform: GoOS;
  /** The process environment, as Go would see it when started from here. */
  env: Record<string, string | undefined>;
  homedir: string | null;
  cwd: string;
  /**
   * A regular file's bytes, at most `maxBytes` (more: an `EFBIG` error). Never hangs on a FIFO
   * or a device: anything but a regular file is an `ENOTREG` error. With `within`, a file whose
   * real path (every symlink followed, checked on the opened file) leaves that folder is an
   * `EOUTSIDE` error carrying the real path as `target`, and nothing of it is read.
   */
  readFile(path: string, maxBytes?: number, options?: ReadFileOptions): Promise<Buffer>;
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean; size: number; mtimeMs: number; mode: number } | null>;
  readdir(path: string): Promise<string[]>;
  exec(file: string, args: string[], options: ExecOptions): Promise<ExecResult>;
  /** Finds an executable on PATH (from `env.PATH`), or null. */
  which(name: string): Promise<string | null>;
  now(): number;
  /** The path with every symlink resolved (Go's os.Executable does this for its GOROOT), or null. */
  realpath?(path: string): Promise<string | null>;
  /**
   * The system resolver (getaddrinfo), all addresses. Absent = `dns.lookup`; tests give a
   * lab resolver here so that no probe touches the machine's real DNS.
   */
  lookup?(hostname: string, signal?: AbortSignal): Promise<Array<{ address: string; family: 4 | 6 }>>;
}
