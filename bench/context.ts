/** What every scenario gets from the runner, and what it gives back. */
export interface BenchContext {
  quick: boolean;
  /** Repetitions of each measured command (≥5 in full mode). */
  runs: number;
  /** node binary and the snapshot of the CLI bundle. */
  node: string;
  cli: string;
  /** Folder of the snapshot of dist/ (bundle sizes). */
  dist: string;
  /** Scratch folder of this scenario (removed by the runner). */
  tmp: string;
  log(line: string): void;
}

/** A scenario's figures: the fixed names of issue 7 plus anything that explains them. */
export type ScenarioResult = Record<string, unknown>;

export interface Scenario {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** The command line of the doctor's CLI. */
export function cliArgs(ctx: BenchContext, args: string[]): { cmd: string; args: string[] } {
  return { cmd: ctx.node, args: [ctx.cli, ...args] };
}
