import type { CheckResult } from '../model/result';
import type { Report } from '../report/report';
import { explainLog, type ErrorFacts } from './parse-error-text';

export interface WhyFailure {
  kind: string;
  title: string;
  proxyProblem: boolean;
  explanation: string;
  source: string | null;
  facts: ErrorFacts;
  /** Checks that explain this failure, in the order they matter. */
  checks: string[];
}

export interface WhyPlan {
  failures: WhyFailure[];
  /** Union of the checks to run, in first-mention order. */
  checks: string[];
  /** module@version pairs worth walking. */
  modules: string[];
}

const VERSION = /^v\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

/** Reads every go failure in `text` and plans the checks that explain them. */
export function planWhy(text: string): WhyPlan {
  const failures: WhyFailure[] = explainLog(text).map(({ facts, entry }) => ({
    kind: facts.kind,
    title: entry?.title ?? 'go failed with an error the doctor does not recognise',
    proxyProblem: entry?.proxyProblem ?? true,
    explanation: entry?.explanation ?? 'The text is a go failure, but not one of the known proxy, network, checksum or cache failures. The full diagnosis below checks every layer.',
    source: entry?.source ?? null,
    facts,
    checks: entry ? entry.checks : [],
  }));
  const checks: string[] = [];
  for (const f of failures) for (const c of f.checks) if (!checks.includes(c)) checks.push(c);
  const modules: string[] = [];
  for (const f of failures) {
    if (f.proxyProblem && f.facts.module && f.facts.version && VERSION.test(f.facts.version)) {
      const mv = `${f.facts.module}@${f.facts.version}`;
      if (!modules.includes(mv)) modules.push(mv);
    }
  }
  return { failures, checks, modules };
}

/** The results that bear on one failure, in the failure's check order. */
export function resultsFor(failure: WhyFailure, report: Report | null): CheckResult[] {
  if (!report) return [];
  return failure.checks.map((id) => report.results.find((r) => r.id === id)).filter((r): r is CheckResult => Boolean(r));
}
