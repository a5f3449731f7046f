/**
 * How go words a checksum-database failure for one module version, decided by what go.sum
 * already holds for it. `go mod download` (and builds) check the go.mod file first: with no
 * `M V/go.mod` line in go.sum the lookup is for the go.mod and go prints
 * `M@V: verifying go.mod: M@V/go.mod: <cause>`; with that line but no `M V h1:` line it is the
 * zip's turn: `M@V: verifying module: M@V: <cause>` (go@1.19.8 and go@1.26.8
 * src/cmd/go/internal/modfetch/fetch.go checkGoMod → checkModSum → checkSumDB, whose noun is
 * "go.mod" for a version ending in /go.mod; the sumdb client repeats the path it looked up).
 * The same on go1.19.8, go1.26.8 and go1.27.3 (test/go/sumdb-wording.test.ts).
 * `go get` of a module new to go.sum words it `verifying module:` in all three.
 */
export interface GoSumHas {
  /** go.sum has the `M V/go.mod h1:` line. */
  mod: boolean;
  /** go.sum has the `M V h1:` line (the zip). */
  zip: boolean;
}

export type VerifyingNoun = 'go.mod' | 'module';

/** Which file go verifies first against the database; null when go.sum has both lines (no lookup). */
export function verifyingNoun(has: GoSumHas): VerifyingNoun | null {
  if (!has.mod) return 'go.mod';
  if (!has.zip) return 'module';
  return null;
}

/**
 * go's whole error for `spec` (`M@V`) when the database lookup fails with `cause`; when go.sum
 * already has both lines, the text a checkout without them would get.
 */
export function sumdbFailureText(spec: string, cause: string, has: GoSumHas): string {
  const noun = verifyingNoun(has) ?? 'go.mod';
  return noun === 'go.mod' ? `${spec}: verifying go.mod: ${spec}/go.mod: ${cause}` : `${spec}: verifying module: ${spec}: ${cause}`;
}
