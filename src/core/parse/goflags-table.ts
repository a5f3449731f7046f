/**
 * The flags each go release defines, per command, for judging GOFLAGS with the rules of the
 * go that will run. One generated table per release we run against (scripts/goflags-table.mjs
 * probes the real binary); test/go/accept-diff.test.ts re-checks each against its go.
 */
import { parseGoVersion, versionAtLeast } from '../env/go-version';
import { GOFLAGS_GO119 } from './goflags-go119';
import { GOFLAGS_GO126 } from './goflags-go126';
import { GOFLAGS_GO127 } from './goflags-go127';

export interface GoflagsTable {
  /** The release the table was taken from, as `go env GOVERSION` prints it. */
  go: string;
  /** Every flag name some command defines: anything else is "unknown flag" (InitGOFLAGS). */
  known: readonly string[];
  /** Per command (`mod download`, `get`, ...): the flags it applies from GOFLAGS. */
  commands: Record<string, Record<string, 'bool' | 'value'>>;
  /** `command:flag` → go's reason for a bad boolean when it is not "parse error" ({value} = the value). */
  boolErrors: Record<string, string>;
}

export { GOFLAGS_GO119, GOFLAGS_GO126, GOFLAGS_GO127 };

/** Newest first: a go is judged by the newest table not newer than it. */
const TABLES: Array<[number, GoflagsTable]> = [[27, GOFLAGS_GO127], [26, GOFLAGS_GO126], [19, GOFLAGS_GO119]];

/**
 * The table for a go version ("go1.26.8", "go version go1.19.8 linux/amd64"); the newest
 * when the version is unknown. Releases between two tables (go1.20-go1.25) get the older one,
 * and releases older than go1.19 the go1.19 one: neither is checked against a real go here.
 */
export function goflagsTableFor(version: string | null | undefined): GoflagsTable {
  const v = parseGoVersion(version ?? null);
  if (!v) return TABLES[0][1];
  for (const [minor, t] of TABLES) if (versionAtLeast(v, 1, minor)) return t;
  return GOFLAGS_GO119;
}
