import type { Check } from '../../model/check';
import { modcacheLocation } from './modcache-location';
import { modcacheLeftovers } from './modcache-leftovers';
import { modcacheCorrupt } from './modcache-corrupt';
import { gosumMismatch } from './gosum-mismatch';

/** The cache layer's checks, in id order. */
export const cacheChecks: Check[] = [
  modcacheLocation,
  modcacheLeftovers,
  modcacheCorrupt,
  gosumMismatch,
];
