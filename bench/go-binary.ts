/**
 * The go the benchmark measures against: the machine's own go (go1.26.8, first on PATH),
 * resolved as the differential suites resolve it; go1.19.8 beside it where a scenario
 * keeps the older anchor.
 */
import { DEFAULT_GO, goRelease } from '../test/go/go-versions';

export const GO = DEFAULT_GO.bin;
export const GO_1_19 = goRelease('go1.19.8').bin;
