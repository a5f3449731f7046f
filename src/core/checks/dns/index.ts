import type { Check } from '../../model/check';

/** The dns layer's checks, in id order. */
export const dnsChecks: Check[] = [];
