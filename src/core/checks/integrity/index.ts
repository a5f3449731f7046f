import type { Check } from '../../model/check';
import { mirrorStale } from './mirror-stale';
import { mirrorDivergence } from './mirror-divergence';
import { sumdbRoute } from './sumdb-route';
import { sumdbVerify } from './sumdb-verify';
import { sumdbPrivate410 } from './sumdb-private-410';

/** The integrity layer's checks, in id order. */
export const integrityChecks: Check[] = [
  mirrorStale,
  mirrorDivergence,
  sumdbRoute,
  sumdbVerify,
  sumdbPrivate410,
];
