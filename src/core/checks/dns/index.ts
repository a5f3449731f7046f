import type { Check } from '../../model/check';
import { dnsFailure } from './dns-failure';
import { dnsDisagree } from './dns-disagree';
import { dnsBogus } from './dns-bogus';
import { dnsSlow } from './dns-slow';

/** The dns layer's checks, in id order. */
export const dnsChecks: Check[] = [dnsFailure, dnsDisagree, dnsBogus, dnsSlow];
