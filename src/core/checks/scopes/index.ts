import type { Check } from '../../model/check';

/** The scopes layer's checks, in id order. */
export const scopesChecks: Check[] = [];
