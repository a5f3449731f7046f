import type { Check } from '../../model/check';
import { tlsUnknownAuthority } from './tls-unknown-authority';
import { tlsNameMismatch } from './tls-name-mismatch';
import { tlsValidity } from './tls-validity';
import { tlsIncompleteChain } from './tls-incomplete-chain';
import { tlsCaBundle } from './tls-ca-bundle';
import { http2 } from './http2';
import { godebugTls } from './godebug-tls';

/** The tls layer's checks, in id order. */
export const tlsChecks: Check[] = [tlsUnknownAuthority, tlsNameMismatch, tlsValidity, tlsIncompleteChain, tlsCaBundle, http2, godebugTls];
