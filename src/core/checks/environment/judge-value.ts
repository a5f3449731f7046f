/**
 * Every 1xx value rule for one variable, as a pure function: the environment checks apply
 * it to the effective environment, the scope checks to each place a value is written, so
 * both say the same thing. `env` holds the other variables of the same scope (GOPRIVATE for
 * GOPROXY's implicit "noproxy", HTTPS_PROXY for GPD105, ...).
 */
import type { GoOS } from '../../model/environment';
import type { Fix, Severity } from '../../model/result';
import type { JudgeFacts, Judgement } from './judgement';
import { judgeGoproxy } from './judge-goproxy';
import { judgeGosumdb } from './judge-gosumdb';
import { judgeGoinsecure, judgePatternCoverage, judgePatternSyntax, PATTERN_VARIABLES } from './judge-patterns';
import { judgeGo111module, judgeGoflags, judgeGotoolchain } from './judge-settings';
import { lookAlikeOf } from './look-alike';
import { q, setFix } from './judgement';

export type { JudgeFacts, Judgement };

/** The variables judgeValue has rules for (besides look-alike names). */
export const JUDGED_VARIABLES = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GO111MODULE', 'GOFLAGS', 'GOTOOLCHAIN'];

export function judgeValue(variable: string, value: string, env: Record<string, string>, platform: GoOS, facts: JudgeFacts = {}): Array<{ id: string; severity: Severity; message: string; evidence: string[]; fixes: Fix[]; span?: { start: number; end: number } }> {
  try {
    return judge(variable, value, env, platform, facts);
  } catch (e) {
    // A rule must never take the caller down; say what happened instead.
    return [{ id: 'GPD101', severity: 'info', message: `internal error while checking ${variable}: ${e instanceof Error ? e.message : String(e)}`, evidence: [], fixes: [] }];
  }
}

function judge(variable: string, value: string, env: Record<string, string>, platform: GoOS, facts: JudgeFacts): Judgement[] {
  switch (variable) {
    case 'GOPROXY':
      return judgeGoproxy(value, env, platform, facts.goVersion);
    case 'GOSUMDB':
      return judgeGosumdb(value, facts.goVersion);
    case 'GO111MODULE':
      return judgeGo111module(value, facts);
    case 'GOFLAGS':
      return judgeGoflags(value, platform, facts.goVersion);
    case 'GOTOOLCHAIN':
      return judgeGotoolchain(value, env, platform, facts.goVersion);
  }
  if ((PATTERN_VARIABLES as readonly string[]).includes(variable)) {
    const out = [...judgePatternSyntax(variable, value, facts.requiredModules), ...judgePatternCoverage(variable, value, env, facts.goVersion)];
    if (variable === 'GOINSECURE') out.push(...judgeGoinsecure(value, env, platform, facts.goVersion));
    return out;
  }
  const meant = lookAlikeOf(variable, platform);
  if (meant) {
    const already = env[meant];
    return [{
      id: 'GPD134', severity: 'warning',
      message: `go never reads ${variable}${platform === 'windows' ? '' : ' (variable names are case-sensitive)'}: it was probably meant as ${meant}${already !== undefined && already !== '' ? `, which is set to ${q(already)} here` : ', which is not set here, so go uses its default'}.`,
      evidence: [`${variable}=${q(value)}`],
      fixes: already === undefined || already === '' ? [setFix(meant, value, `Set ${meant}=${value} instead`)] : [],
    }];
  }
  return [];
}
