import type { Check } from '../../model/check';

/** The cache layer's checks, in id order. */
export const cacheChecks: Check[] = [];
