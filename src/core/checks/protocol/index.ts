import type { Check } from '../../model/check';

/** The protocol layer's checks, in id order. */
export const protocolChecks: Check[] = [];
