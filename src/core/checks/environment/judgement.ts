import type { Fix, Severity } from '../../model/result';

/**
 * One problem with one variable's value, as the 1xx rules judge it. The environment checks
 * turn these into findings about the effective environment; the scope checks into findings
 * at each place the value is written. `span` is the part of the value at fault (UTF-16
 * offsets into the value, end exclusive), when the problem is one entry of a list.
 */
export interface Judgement {
  id: string;
  severity: Severity;
  message: string;
  evidence: string[];
  fixes: Fix[];
  span?: { start: number; end: number };
}

/** A preferred fix that gives `variable` the corrected `value`. */
export function setFix(variable: string, value: string, title: string, preferred = true, weakening = false): Fix {
  return { title, preferred: preferred && !weakening, kind: 'set-variable', variable, value, ...(weakening ? { weakening: true } : {}) };
}

/** JSON-style quoting for values inside messages (shows spaces and empty strings). */
export function q(v: string): string {
  return JSON.stringify(v);
}

/** `go: <module>@<version>: <error>`, the shape go prints download failures in. */
export function goFails(error: string): string {
  return `go: <module>@<version>: ${error}`;
}
