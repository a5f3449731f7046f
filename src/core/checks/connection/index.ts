import type { Check } from '../../model/check';

/** The connection layer's checks, in id order. */
export const connectionChecks: Check[] = [];
