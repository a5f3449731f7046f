import type { Check } from '../../model/check';
import { goproxySyntax } from './goproxy-syntax';
import { goproxyDeadEntries } from './goproxy-dead-entries';
import { goproxyOff } from './goproxy-off';
import { goproxyFallback } from './goproxy-fallback';
import { goproxyIsHttpProxy } from './goproxy-is-http-proxy';
import { goproxyPlainHttp } from './goproxy-plain-http';
import { goproxyDefaultUnreachableRegion } from './goproxy-default-unreachable-region';
import { goauth } from './goauth';
import { gosumdbSyntax } from './gosumdb-syntax';
import { gosumdbOff } from './gosumdb-off';
import { patternSyntax } from './pattern-syntax';
import { privateModuleUncovered } from './private-module-uncovered';
import { patternOverbroad } from './pattern-overbroad';
import { goinsecureMisuse } from './goinsecure-misuse';
import { go111module } from './go111module';
import { goflags } from './goflags';
import { gotoolchain } from './gotoolchain';
import { unknownVariable } from './unknown-variable';
import { envShadowed } from './env-shadowed';
import { goEnvUnavailable } from './go-env-unavailable';
import { toolchainLanguageVersion } from './toolchain-language-version';
import { toolchainLocalTooOld } from './toolchain-local-too-old';
import { toolchainDownloadBlocked } from './toolchain-download-blocked';
import { toolchainChecksumDb } from './toolchain-checksum-db';

/** The environment layer's checks, in id order. */
export const environmentChecks: Check[] = [
  goproxySyntax,
  goproxyDeadEntries,
  goproxyOff,
  goproxyFallback,
  goproxyIsHttpProxy,
  goproxyPlainHttp,
  goproxyDefaultUnreachableRegion,
  goauth,
  gosumdbSyntax,
  gosumdbOff,
  patternSyntax,
  privateModuleUncovered,
  patternOverbroad,
  goinsecureMisuse,
  go111module,
  goflags,
  gotoolchain,
  unknownVariable,
  envShadowed,
  goEnvUnavailable,
  toolchainLanguageVersion,
  toolchainLocalTooOld,
  toolchainDownloadBlocked,
  toolchainChecksumDb,
];
