import type { Check } from '../../model/check';
import { tcpConnect } from './tcp-connect';
import { httpProxyEnv } from './http-proxy-env';
import { editorProxy } from './editor-proxy';

/** The connection layer's checks, in id order. */
export const connectionChecks: Check[] = [tcpConnect, httpProxyEnv, editorProxy];
