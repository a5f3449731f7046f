import type { Check } from '../../model/check';
import { proxyProtocol } from './proxy-protocol';
import { chainWalkCheck } from './chain-walk';
import { proxyGatekeeper } from './proxy-gatekeeper';
import { zipRedirect } from './zip-redirect';
import { proxySlow } from './proxy-slow';
import { directVcs } from './direct-vcs';

/** The protocol layer's checks, in id order. */
export const protocolChecks: Check[] = [proxyProtocol, chainWalkCheck, proxyGatekeeper, zipRedirect, proxySlow, directVcs];
