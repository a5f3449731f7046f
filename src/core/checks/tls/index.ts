import type { Check } from '../../model/check';

/** The tls layer's checks, in id order. */
export const tlsChecks: Check[] = [];
