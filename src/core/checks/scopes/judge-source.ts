import type { GoOS } from '../../model/environment';
import type { Judgement } from '../environment/judgement';
import { judgeValue } from '../environment/judge-value';

/** The 1xx value rules (the same function the environment checks use), for one written value. */
export function judgeValueAt(variable: string, value: string, env: Record<string, string>, platform: GoOS): Judgement[] {
  return judgeValue(variable, value, env, platform);
}
