import type { Check } from '../../model/check';

/** The environment layer's checks, in id order. */
export const environmentChecks: Check[] = [];
