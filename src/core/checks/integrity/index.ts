import type { Check } from '../../model/check';

/** The integrity layer's checks, in id order. */
export const integrityChecks: Check[] = [];
