import { parseGoVersion } from '../env/go-version';

/**
 * The go releases the doctor's rules were checked against (test/go/go-versions.ts runs every
 * differential case on each). A rule that changed between releases follows the go in use;
 * an unknown go gets the newest rules, because that is the go a new installation brings.
 */
export const OLDEST_CHECKED_GO = 'go1.19.8';
export const NEWEST_CHECKED_GO = 'go1.27.3';

/** Whose rules the checks applied: the report's `go.rules`. */
export interface RulesApplied {
  /** The release whose behaviour the checks reproduced, e.g. "go1.26.8". */
  version: string;
  /** 'go': the go that will run said which release it is; 'newest': unknown or newer than any checked release. */
  basis: 'go' | 'newest';
  /** Why other rules than the go's own were applied, or a caveat about them. */
  reason?: string;
}

function minorOf(raw: string): number {
  return parseGoVersion(raw)!.minor;
}

export function rulesApplied(go: { version: string | null; error?: string }): RulesApplied {
  const v = parseGoVersion(go.version);
  if (!v) {
    // go.error, when present, says why; it is printed next to this.
    const why = go.error ? '' : ' (go did not say which release it is)';
    return { version: NEWEST_CHECKED_GO, basis: 'newest', reason: `the go version is unknown${why}: the rules of the newest release the doctor was checked against apply, as a new installation of go brings the newest release` };
  }
  if (v.major > 1 || v.minor > minorOf(NEWEST_CHECKED_GO)) {
    return { version: NEWEST_CHECKED_GO, basis: 'newest', reason: `${v.raw} is newer than ${NEWEST_CHECKED_GO}, the newest release the doctor was checked against: its rules were applied` };
  }
  if (v.minor < minorOf(OLDEST_CHECKED_GO)) {
    return { version: v.raw, basis: 'go', reason: `${v.raw} is older than ${OLDEST_CHECKED_GO}, the oldest release the doctor was checked against: where older releases differ, the verdicts may not match` };
  }
  return { version: v.raw, basis: 'go' };
}

/** The toolchain go commands in the diagnosed folder switch to (Go 1.21+): the report's `go.switchesTo`. */
export interface ToolchainSwitch {
  /** e.g. "go1.99.0". */
  toolchain: string;
  /** What made go pick it: 'GOTOOLCHAIN', 'go line' or 'toolchain line'. */
  cause: string;
  /** go's reasoning in words, e.g. "go.mod says `go 1.99.0`, newer than the rest: go switches to go1.99.0." */
  reason: string;
}

/** "rules of go1.26.8", or "rules of go1.27.3 (the go version is unknown …)". */
export function describeRules(r: RulesApplied): string {
  return `rules of ${r.version}${r.reason ? ` (${r.reason})` : ''}`;
}

/** What the text report adds to its `go:` line: how the binary was chosen and whose rules applied. */
export function goLineSuffix(go: { chosenBy?: string; rules?: RulesApplied; switchesTo?: ToolchainSwitch }): string {
  const by = go.chosenBy && go.chosenBy !== 'PATH' ? `; chosen by ${go.chosenBy}` : '';
  const sw = go.switchesTo ? `; go commands here switch to ${go.switchesTo.toolchain} (${go.switchesTo.cause})` : '';
  return `${by}${go.rules ? `; ${describeRules(go.rules)}` : ''}${sw}`;
}
