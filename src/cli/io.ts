/** What a CLI command may touch; tests pass buffers. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  signal?: AbortSignal;
}

export type CommandRunner = (argv: string[], io: CliIO) => Promise<number>;
